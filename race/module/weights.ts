import type { Context } from '../../chain/app/context.js';
import type { EpochSource, VotingWeightSource } from '../../modules/gov/expected-keepers.js';
import type { ProviderWeightSource } from '../../modules/pricing/expected-keepers.js';
import type { RaceKeeper } from './keeper.js';
import { epochEndsNow } from './epoch-end.js';
import { votingWeightOf, votingWeights } from './operator.js';

/**
 * The Race weights in force as gov's tally weights, pricing's provider weights and both modules' epochs. The race
 * module runs its EndBlock after theirs, so in an epoch's last block they still see epoch e and its weights.
 * Votes count by operator address (race/module/operator.ts): a participant's weight belongs to its operator, and a
 * hot key's own votes count 0. The total is all weight in force, so weight without an operator abstains.
 */
export class RaceWeights implements VotingWeightSource, ProviderWeightSource, EpochSource {
  constructor(private readonly keeper: RaceKeeper) {}

  weightOf(ctx: Context, address: string): bigint {
    return votingWeightOf(ctx, this.keeper, address);
  }

  /** The weight a participant's own key carries for its work (executing inference), whoever votes it. */
  participantWeight(ctx: Context, address: string): bigint {
    return this.keeper.getParticipant(ctx, address)?.weight ?? 0n;
  }

  participants(ctx: Context): Array<{ address: string; weight: bigint }> {
    return votingWeights(ctx, this.keeper);
  }

  totalWeight(ctx: Context): bigint {
    return this.keeper.participants(ctx).reduce((s, p) => s + p.weight, 0n);
  }

  currentEpoch(ctx: Context): bigint {
    return this.keeper.getEpoch(ctx)?.epoch ?? 0n;
  }

  isEpochEnd(ctx: Context): boolean {
    const rec = this.keeper.getEpoch(ctx);
    if (!rec) return false;
    return epochEndsNow(ctx, this.keeper, rec, this.keeper.getParams(ctx));
  }
}
