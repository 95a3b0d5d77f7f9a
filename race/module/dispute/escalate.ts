import type { ItemDecision, ReverifyVotes, WeightedParty } from './types.js';

/**
 * Re-verification: every validator with weight in force is asked to re-run the disputed items (the claimant too:
 * majority verification counts all the weight). An item is decided only by a side holding more than half of the
 * *whole* weight in force, not of those who answered: whoever does not vote (offline, or a minority abstaining on
 * purpose) cannot swing it, and two opposing minorities leave it undecided.
 */
export function decideItem(item: string, votes: ReverifyVotes, validators: readonly WeightedParty[]): ItemDecision {
  let total = 0n;
  let pass = 0n;
  let fail = 0n;
  for (const v of validators) {
    if (v.weight <= 0n) continue;
    total += v.weight;
    const vote = votes.get(v.address)?.get(item);
    if (vote === 'pass') pass += v.weight;
    else if (vote === 'fail') fail += v.weight;
  }
  if (2n * pass > total) return 'valid';
  if (2n * fail > total) return 'invalid';
  return 'undecided';
}

/** Who is asked to vote: all weighted validators (work = disputed items × their number; docs/race-security.md §work). */
export function reverifiers(validators: readonly WeightedParty[]): string[] {
  return validators.filter((v) => v.weight > 0n).map((v) => v.address);
}
