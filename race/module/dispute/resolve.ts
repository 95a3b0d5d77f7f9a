import { decideItem } from './escalate.js';
import { itemStatuses } from './detect.js';
import { noiseBudget, type DisputeParams } from './params.js';
import type { CheckReports, ClaimPlan, ItemDecision, ReverifyVotes, WeightedParty } from './types.js';

/** Results a party gave on decided items, and how many of them the majority contradicted. */
export interface SideTally {
  results: number;
  wrong: number;
}

export interface ClaimResolution {
  claimant: string;
  value: bigint;
  sampled: number;
  /** Items every checker passed. */
  agreed: number;
  disputed: number;
  invalid: number;
  undecided: number;
  /**
   * accepted: every disputed item was decided and the invalid ones are within the noise budget;
   * forgery: more invalid items than the budget; unresolved: some disputed item found no majority.
   */
  status: 'accepted' | 'forgery' | 'unresolved';
  /** The claim's weight before any conviction of the claimant as a checker (settleEpoch applies those). */
  weight: bigint;
  /** Per checker and per re-verifier, on decided items only; empty when unresolved (no conviction without a majority). */
  checks: Map<string, SideTally>;
  votes: Map<string, SideTally>;
  /** Assigned checks and asked-for votes that never came (duties missed; not a conviction). */
  missed: Map<string, number>;
}

function bump(m: Map<string, SideTally>, who: string, wrong: boolean): void {
  const t = m.get(who) ?? { results: 0, wrong: 0 };
  t.results++;
  if (wrong) t.wrong++;
  m.set(who, t);
}

/** value · max(0, n − penalty·invalid) / n, in integers. */
export function acceptedValue(value: bigint, sampled: number, invalid: number, penalty: bigint): bigint {
  if (sampled === 0) return value;
  const n = BigInt(sampled);
  const kept = n - penalty * BigInt(invalid);
  return kept <= 0n ? 0n : (value * kept) / n;
}

/**
 * The binding outcome of one claim, given the committee's reports and the re-verification votes on its disputed
 * items (votes on other items are ignored). `validators` are the weights in force; the claimant's own weight in
 * force is what an unresolved claim falls back to.
 *
 * - Resolved, invalid ≤ budget: weight = value · (n − penalty·invalid) / n; the honest noise that reaches a majority
 *   costs penalty/n per item, forging one item costs more than it brings (docs/race-security.md §gain).
 * - Resolved, invalid > budget: forgery, weight 0 (the conviction itself is settleEpoch's).
 * - Unresolved: nobody is convicted on this claim's evidence, and the claim can gain nothing: weight = min(weight in
 *   force, value · agreed / n) — the previous weight capped by the part no checker disputed.
 */
export function resolveClaim(
  plan: ClaimPlan,
  reports: CheckReports,
  votes: ReverifyVotes,
  validators: readonly WeightedParty[],
  p: DisputeParams,
): ClaimResolution {
  const { claim } = plan;
  const statuses = itemStatuses(plan, reports);
  const decisions = new Map<string, ItemDecision>();
  for (const s of statuses) if (s.disputed) decisions.set(s.item, decideItem(s.item, votes, validators));
  const count = (d: ItemDecision) => [...decisions.values()].filter((x) => x === d).length;
  const sampled = plan.items.length;
  const agreed = statuses.filter((s) => !s.disputed).length;
  const invalid = count('invalid');
  const undecided = count('undecided');
  const missed = new Map<string, number>();
  const miss = (who: string) => missed.set(who, (missed.get(who) ?? 0) + 1);
  for (const s of statuses) for (const c of s.checkers) if (reports.get(c)?.get(s.item) === undefined) miss(c);
  for (const item of decisions.keys())
    for (const v of validators) if (v.weight > 0n && votes.get(v.address)?.get(item) === undefined) miss(v.address);
  const base = {
    claimant: claim.claimant,
    value: claim.value,
    sampled,
    agreed,
    disputed: decisions.size,
    invalid,
    undecided,
    missed,
  };

  if (undecided > 0) {
    const inForce = validators.find((v) => v.address === claim.claimant)?.weight ?? 0n;
    const undisputed = sampled === 0 ? claim.value : (claim.value * BigInt(agreed)) / BigInt(sampled);
    const weight = inForce < undisputed ? inForce : undisputed;
    return { ...base, status: 'unresolved', weight, checks: new Map(), votes: new Map() };
  }
  const checks = new Map<string, SideTally>();
  const voteTally = new Map<string, SideTally>();
  for (const s of statuses) {
    const truth = s.disputed ? decisions.get(s.item)! : 'valid';
    for (const c of s.checkers) {
      const v = reports.get(c)?.get(s.item);
      if (v !== undefined) bump(checks, c, (v === 'pass') !== (truth === 'valid'));
    }
  }
  for (const [item, truth] of decisions) {
    for (const v of validators) {
      const vote = votes.get(v.address)?.get(item);
      if (v.weight > 0n && vote !== undefined) bump(voteTally, v.address, (vote === 'pass') !== (truth === 'valid'));
    }
  }
  const forgery = invalid > noiseBudget(sampled, p);
  const weight = forgery ? 0n : acceptedValue(claim.value, sampled, invalid, p.invalidPenalty);
  return { ...base, status: forgery ? 'forgery' : 'accepted', weight, checks, votes: voteTally };
}
