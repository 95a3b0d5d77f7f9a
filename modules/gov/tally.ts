import { VoteOption } from 'cosmjs-types/cosmos/gov/v1/gov';
import { ONE_DEC } from './params.js';

/** One counted vote: the voter's Race weight split over options whose weights (× 10^18) sum to 10^18. */
export interface TallyVote {
  weight: bigint;
  options: Array<{ option: VoteOption; weight: bigint }>;
}

export interface TallyParams {
  quorum: bigint;
  threshold: bigint;
  vetoThreshold: bigint;
  burnVoteQuorum: boolean;
  burnVoteVeto: boolean;
}

export interface TallyCounts {
  yes: bigint;
  abstain: bigint;
  no: bigint;
  noWithVeto: bigint;
}

export type TallyOutcome = 'passed' | 'no_weight' | 'quorum_not_reached' | 'all_abstain' | 'vetoed' | 'rejected';

export interface TallyResult {
  passes: boolean;
  burnDeposits: boolean;
  outcome: TallyOutcome;
  /** Weight per option, truncated to integers as the SDK reports it. */
  counts: TallyCounts;
}

/**
 * The SDK's x/gov tally with Race weight as voting power, in exact rational arithmetic (no rounding in the
 * comparisons): no total weight → fail; turnout below quorum → fail (burn if burn_vote_quorum); everyone abstains →
 * fail; NoWithVeto above the veto threshold of the turnout → fail (burn if burn_vote_veto); Yes above the threshold
 * of the non-abstaining turnout → pass; else reject.
 */
export function tally(votes: readonly TallyVote[], totalWeight: bigint, params: TallyParams): TallyResult {
  // Option sums are scaled by 10^18 (weight × option weight).
  const sums = new Map<VoteOption, bigint>();
  let turnout = 0n;
  for (const v of votes) {
    if (v.weight <= 0n) continue;
    turnout += v.weight;
    for (const o of v.options) sums.set(o.option, (sums.get(o.option) ?? 0n) + v.weight * o.weight);
  }
  const scaled = (o: VoteOption) => sums.get(o) ?? 0n;
  const yes = scaled(VoteOption.VOTE_OPTION_YES);
  const abstain = scaled(VoteOption.VOTE_OPTION_ABSTAIN);
  const veto = scaled(VoteOption.VOTE_OPTION_NO_WITH_VETO);
  const counts: TallyCounts = {
    yes: yes / ONE_DEC,
    abstain: abstain / ONE_DEC,
    no: scaled(VoteOption.VOTE_OPTION_NO) / ONE_DEC,
    noWithVeto: veto / ONE_DEC,
  };
  const result = (passes: boolean, burnDeposits: boolean, outcome: TallyOutcome): TallyResult => ({
    passes,
    burnDeposits,
    outcome,
    counts,
  });

  if (totalWeight <= 0n) return result(false, false, 'no_weight');
  // turnout / total < quorum
  if (turnout * ONE_DEC < params.quorum * totalWeight)
    return result(false, params.burnVoteQuorum, 'quorum_not_reached');
  const turnoutScaled = turnout * ONE_DEC;
  if (turnoutScaled - abstain === 0n) return result(false, false, 'all_abstain');
  // veto / turnout > veto threshold
  if (veto * ONE_DEC > params.vetoThreshold * turnoutScaled) return result(false, params.burnVoteVeto, 'vetoed');
  // yes / (turnout - abstain) > threshold
  if (yes * ONE_DEC > params.threshold * (turnoutScaled - abstain)) return result(true, false, 'passed');
  return result(false, false, 'rejected');
}
