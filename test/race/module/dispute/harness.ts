/**
 * An adversarial many-epoch simulation over the real dispute machine (race/module/dispute) and the real chain
 * randomness: parties with roles claim items (real ones they computed, forged ones they did not), the machine plans
 * the committees, the parties report and vote as their role dictates, and resolveClaim/settleEpoch decide. Weights
 * earned in epoch e are the weights in force in e+1, as in race/module.
 *
 * Roles: honest (computes everything, checks truthfully), forger (a lone participant that forges a fraction of its
 * claim, checks truthfully), coalition (computes its own claim, but as checker and voter lies for the coalition),
 * sybil (a coalition identity that forges, and lies like the coalition).
 *
 * Honest float noise: an honest committee check of a real item fails with probability `noisePpm` (deterministic
 * from the seed). Re-verification votes are exact: a re-verifier votes fail only when the distance exceeds the
 * threshold by more than the float-noise margin miners keep under it (docs/race-security.md §noise), so honest
 * votes on real items pass.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { disputedItems, itemStatuses } from '../../../../race/module/dispute/detect.js';
import type { DisputeParams } from '../../../../race/module/dispute/params.js';
import { planClaim, type DisputeDomains } from '../../../../race/module/dispute/plan.js';
import { resolveClaim, type ClaimResolution } from '../../../../race/module/dispute/resolve.js';
import {
  isExcluded,
  settleEpoch,
  unresolvedWithoutRandomness,
  type EpochVerdict,
} from '../../../../race/module/dispute/verdict.js';
import type { Claim, ClaimPlan, Conviction, Verdict, WeightedParty } from '../../../../race/module/dispute/types.js';
import { EpochRandomness } from '../../../../race/module/randomness/chain-randomness.js';
import { RANDOMNESS_DOMAINS } from '../../../../race/module/randomness/domains.js';

export type Role = 'honest' | 'forger' | 'coalition' | 'sybil';

export interface SimParty {
  address: string;
  role: Role;
  /** Items it really computes each epoch. */
  real: number;
  /** Items it adds without computing them. */
  forged: number;
}

export interface SimOptions {
  seed: string;
  epochs: number;
  params: DisputeParams;
  /** What the coalition lies about: passing its own members' items, failing everyone else's, or both. */
  lie: {
    acceptOwn: boolean;
    rejectOthers: boolean;
    /**
     * A quiet coalition: at most this many false fails per liar per epoch as checker (within its noise budget), and
     * true votes on others' items (a voter sees only the few disputed items, so its budget is tiny).
     */
    maxRejectsPerEpoch?: number;
  };
  noisePpm: number;
  /** Epochs whose beacon fell back (no usable randomness). */
  fallbackEpochs?: ReadonlySet<number>;
}

export interface EpochLog {
  epoch: number;
  inForce: WeightedParty[];
  plans: ClaimPlan[];
  resolutions: ClaimResolution[];
  verdict: EpochVerdict;
}

export const RACE_DOMAINS: DisputeDomains = {
  sample: RANDOMNESS_DOMAINS.raceDisputeSample,
  checkers: RANDOMNESS_DOMAINS.raceDisputeCheckers,
};
const enc = new TextEncoder();

function noise(seed: string, ...parts: string[]): number {
  const h = sha256(enc.encode([seed, ...parts].join('/')));
  return new DataView(h.buffer, h.byteOffset, 4).getUint32(0) / 2 ** 32;
}

export function itemsOf(p: SimParty): string[] {
  return [...Array.from({ length: p.real }, (_, i) => `r${i}`), ...Array.from({ length: p.forged }, (_, i) => `f${i}`)];
}

const liesFor = (r: Role) => r === 'coalition' || r === 'sybil';

/** What `who` reports on `item` of `claimant`'s claim as committee checker. */
function check(
  o: SimOptions,
  e: number,
  who: SimParty,
  claimant: SimParty,
  item: string,
  rejects: Map<string, number>,
): Verdict {
  if (liesFor(who.role)) {
    if (liesFor(claimant.role) && o.lie.acceptOwn) return 'pass';
    const used = rejects.get(who.address) ?? 0;
    if (!liesFor(claimant.role) && o.lie.rejectOthers && used < (o.lie.maxRejectsPerEpoch ?? Infinity)) {
      rejects.set(who.address, used + 1);
      return 'fail';
    }
  }
  if (item.startsWith('f')) return 'fail';
  return noise(o.seed, 'check', String(e), who.address, claimant.address, item) * 1e6 < o.noisePpm ? 'fail' : 'pass';
}

function vote(o: SimOptions, who: SimParty, claimant: SimParty, item: string): Verdict {
  if (liesFor(who.role)) {
    if (liesFor(claimant.role) && o.lie.acceptOwn) return 'pass';
    if (!liesFor(claimant.role) && o.lie.rejectOthers && o.lie.maxRejectsPerEpoch === undefined) return 'fail';
  }
  return item.startsWith('f') ? 'fail' : 'pass';
}

/** Runs the epochs; the weights in force of epoch 0 are every party's real work. */
export function simulate(parties: readonly SimParty[], o: SimOptions): EpochLog[] {
  const byAddress = new Map(parties.map((p) => [p.address, p]));
  let weights = new Map(parties.map((p) => [p.address, BigInt(p.real)]));
  const convictions: Conviction[] = [];
  const logs: EpochLog[] = [];
  for (let e = 0; e < o.epochs; e++) {
    const epoch = BigInt(e);
    const inForce = parties
      .map((p) => ({ address: p.address, weight: weights.get(p.address) ?? 0n }))
      .filter((v) => v.weight > 0n);
    const claims: Claim[] = parties
      .filter((p) => !convictions.some((c) => c.participant === p.address && isExcluded(c, epoch)))
      .map((p) => ({
        id: enc.encode(p.address),
        claimant: p.address,
        items: itemsOf(p),
        value: BigInt(p.real + p.forged),
      }));
    const rnd = o.fallbackEpochs?.has(e)
      ? undefined
      : EpochRandomness.of({ output: sha256(enc.encode(`${o.seed}/beacon/${e}`)), fallback: false }, epoch);
    let plans: ClaimPlan[] = [];
    let resolutions: ClaimResolution[] = [];
    let verdict: EpochVerdict;
    if (!rnd) {
      verdict = unresolvedWithoutRandomness(epoch, claims, inForce);
    } else {
      plans = claims.map((c) => planClaim(c, inForce, rnd, RACE_DOMAINS, o.params));
      const rejects = new Map<string, number>();
      resolutions = plans.map((plan) => {
        const claimant = byAddress.get(plan.claim.claimant)!;
        const reports = new Map<string, Map<string, Verdict>>();
        plan.items.forEach((item, i) => {
          for (const c of plan.checkers[i]!) {
            const m = reports.get(c) ?? new Map<string, Verdict>();
            m.set(item, check(o, e, byAddress.get(c)!, claimant, item, rejects));
            reports.set(c, m);
          }
        });
        const disputed = disputedItems(itemStatuses(plan, reports));
        const votes = new Map<string, Map<string, Verdict>>();
        for (const v of inForce)
          votes.set(
            v.address,
            new Map(disputed.map((item) => [item, vote(o, byAddress.get(v.address)!, claimant, item)])),
          );
        return resolveClaim(plan, reports, votes, inForce, o.params);
      });
      verdict = settleEpoch(epoch, resolutions, o.params);
    }
    convictions.push(...verdict.convictions);
    weights = new Map(verdict.weights);
    logs.push({ epoch: e, inForce, plans, resolutions, verdict });
  }
  return logs;
}

/** P[Bin(n, q) > k], summed in log space (a bound computation for the tests' failure rates, not chain logic). */
export function binomialUpperTail(n: number, q: number, k: number): number {
  if (k >= n) return 0;
  if (q <= 0) return 0;
  let logC = 0;
  for (let i = 1; i <= k + 1; i++) logC += Math.log(n - i + 1) - Math.log(i);
  let sum = 0;
  for (let i = k + 1; i <= n; i++) {
    if (i > k + 1) logC += Math.log(n - i + 1) - Math.log(i);
    const term = Math.exp(logC + i * Math.log(q) + (n - i) * Math.log1p(-q));
    sum += term;
    if (term < sum * 1e-18 && i > n * q) break;
  }
  return sum;
}

/** P[Bin(n, q) < k]. */
export function binomialLowerTail(n: number, q: number, k: number): number {
  let sum = 0;
  let logC = 0;
  for (let i = 0; i < k && i <= n; i++) {
    if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
    sum += Math.exp(logC + (q > 0 ? i * Math.log(q) : i === 0 ? 0 : -Infinity) + (n - i) * Math.log1p(-q));
  }
  return sum;
}
