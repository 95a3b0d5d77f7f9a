import { utf8 } from '../../../chain/store/kv.js';
import { drawWeighted, sampleNonces } from '../draw.js';
import type { RandomnessDomain } from '../randomness/domains.js';
import { randomnessId, type EpochRandomness } from '../randomness/chain-randomness.js';
import type { DisputeParams } from './params.js';
import type { Claim, ClaimPlan, WeightedParty } from './types.js';

/** The two randomness domains a kind of claim draws from (Race, inference and training each have their own). */
export interface DisputeDomains {
  sample: RandomnessDomain;
  checkers: RandomnessDomain;
}

export function checkClaim(claim: Claim): void {
  if (!(claim.id instanceof Uint8Array) || claim.id.length === 0) throw new Error('claim id must be non-empty bytes');
  if (typeof claim.claimant !== 'string' || claim.claimant.length === 0) throw new Error('claim needs a claimant');
  if (claim.value < 0n) throw new Error(`claim value ${claim.value} is negative`);
  if (new Set(claim.items).size !== claim.items.length) throw new Error(`claim of ${claim.claimant} repeats an item`);
}

/**
 * The committee of one claim. The sample is `sampleSize` items drawn uniformly (all when fewer); each sampled item
 * gets `checkersPerItem` distinct checkers drawn by weight in force, each item from its own randomness, so the
 * chance that every checker of an item belongs to a coalition of weight share c is at most c^r, independently per
 * item. The claimant never checks itself unless nobody else has weight (a one-node network). Everything comes from
 * chain randomness drawn after the claims closed: no party can pick its sample or its checkers.
 */
export function planClaim(
  claim: Claim,
  validators: readonly WeightedParty[],
  rnd: EpochRandomness,
  domains: DisputeDomains,
  p: DisputeParams,
): ClaimPlan {
  checkClaim(claim);
  const weighted = validators.filter((v) => v.weight > 0n);
  const others = weighted.filter((v) => v.address !== claim.claimant);
  const pool = others.length > 0 ? others : weighted;
  const index = claim.items.map((_, i) => BigInt(i));
  const picked = sampleNonces(index, p.sampleSize, rnd.draw(domains.sample, claim.id));
  const items = picked.map((i) => claim.items[Number(i)]!);
  const checkers = items.map((item) =>
    drawWeighted(pool, p.checkersPerItem, rnd.draw(domains.checkers, randomnessId(claim.id, utf8(item)))).map(
      (c) => c.address,
    ),
  );
  return { claim, items, checkers };
}

/** A checker's duty across plans: the items it must re-run, per claimant (what a Duties query would list). */
export function dutiesOf(checker: string, plans: readonly ClaimPlan[]): Array<{ claimant: string; items: string[] }> {
  const out: Array<{ claimant: string; items: string[] }> = [];
  for (const plan of plans) {
    const items = plan.items.filter((_, i) => plan.checkers[i]!.includes(checker));
    if (items.length > 0) out.push({ claimant: plan.claim.claimant, items });
  }
  return out;
}
