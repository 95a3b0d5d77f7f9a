import { noiseBudget, type DisputeParams } from './params.js';
import type { ClaimResolution, SideTally } from './resolve.js';
import type { Claim, Conviction, ConvictionKind, WeightedParty } from './types.js';

export interface EpochVerdict {
  epoch: bigint;
  convictions: Conviction[];
  /** Weight earned by each claimant from this epoch's claims (0 for anyone convicted). */
  weights: Map<string, bigint>;
  standing: Map<string, 'accepted' | 'convicted' | 'unresolved'>;
  missed: Map<string, number>;
}

function merge(into: Map<string, SideTally>, from: ReadonlyMap<string, SideTally>): void {
  for (const [who, t] of from) {
    const cur = into.get(who) ?? { results: 0, wrong: 0 };
    into.set(who, { results: cur.results + t.results, wrong: cur.wrong + t.wrong });
  }
}

/**
 * Settles an epoch's claims: the claimants whose invalid items exceed the noise budget, and the checkers and
 * re-verifiers whose results the majority contradicted more often than the noise budget allows over all their results
 * of the epoch (so an honest party is convicted with probability ≤ tolerance, and a liar can lie at most `budget`
 * times per epoch without conviction, which changes no outcome since the majority decides every disputed item).
 * Anyone convicted gets weight 0 for this epoch and `exclusionEpochs` of exclusion.
 */
export function settleEpoch(epoch: bigint, resolutions: readonly ClaimResolution[], p: DisputeParams): EpochVerdict {
  const checks = new Map<string, SideTally>();
  const votes = new Map<string, SideTally>();
  const missed = new Map<string, number>();
  const convictions: Conviction[] = [];
  const convict = (participant: string, kind: ConvictionKind, wrong: number, of: number) =>
    convictions.push({ participant, epoch, kind, wrong, of, exclusionEpochs: p.exclusionEpochs });
  for (const r of resolutions) {
    merge(checks, r.checks);
    merge(votes, r.votes);
    for (const [who, n] of r.missed) missed.set(who, (missed.get(who) ?? 0) + n);
    if (r.status === 'forgery') convict(r.claimant, 'forgery', r.invalid, r.sampled);
  }
  for (const [who, t] of [...checks].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (t.wrong > noiseBudget(t.results, p)) convict(who, 'false-validation', t.wrong, t.results);
  }
  for (const [who, t] of [...votes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (t.wrong > noiseBudget(t.results, p)) convict(who, 'false-reverification', t.wrong, t.results);
  }
  const convicted = new Set(convictions.map((c) => c.participant));
  const weights = new Map<string, bigint>();
  const standing = new Map<string, 'accepted' | 'convicted' | 'unresolved'>();
  for (const r of resolutions) {
    weights.set(r.claimant, convicted.has(r.claimant) ? 0n : r.weight);
    standing.set(
      r.claimant,
      convicted.has(r.claimant) ? 'convicted' : r.status === 'unresolved' ? 'unresolved' : 'accepted',
    );
  }
  for (const who of convicted) {
    weights.set(who, 0n);
    standing.set(who, 'convicted');
  }
  return { epoch, convictions, weights, standing, missed };
}

/** Whether a conviction keeps its participant out of epoch `epoch` (its claims are not planned, it earns nothing). */
export function isExcluded(c: Conviction, epoch: bigint): boolean {
  return epoch > c.epoch && epoch <= c.epoch + c.exclusionEpochs;
}

/**
 * The fallback when the epoch has no usable randomness (the beacon fell back to its grindable rule): no sample, no
 * committee, no conviction; each claimant keeps at most the weight it already had (min(weight in force, value)), so
 * neither the party that made the beacon fail nor anyone else gains or punishes through it.
 */
export function unresolvedWithoutRandomness(
  epoch: bigint,
  claims: readonly Claim[],
  validators: readonly WeightedParty[],
): EpochVerdict {
  const inForce = new Map(validators.map((v) => [v.address, v.weight]));
  const weights = new Map<string, bigint>();
  const standing = new Map<string, 'accepted' | 'convicted' | 'unresolved'>();
  for (const c of claims) {
    const prev = inForce.get(c.claimant) ?? 0n;
    weights.set(c.claimant, prev < c.value ? prev : c.value);
    standing.set(c.claimant, 'unresolved');
  }
  return { epoch, convictions: [], weights, standing, missed: new Map() };
}
