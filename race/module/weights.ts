import type { Context } from '../../chain/app/context.js';
import type { EpochSource, VotingWeightSource } from '../../modules/gov/expected-keepers.js';
import type { ProviderWeightSource } from '../../modules/pricing/expected-keepers.js';
import type { RaceKeeper } from './keeper.js';
import { epochEndsNow } from './epoch-end.js';

/**
 * The Race weights in force as gov's tally weights, pricing's provider weights and both modules' epochs. The race
 * module runs its EndBlock after theirs, so in an epoch's last block they still see epoch e and its weights.
 */
export class RaceWeights implements VotingWeightSource, ProviderWeightSource, EpochSource {
  constructor(private readonly keeper: RaceKeeper) {}

  weightOf(ctx: Context, address: string): bigint {
    return this.keeper.getParticipant(ctx, address)?.weight ?? 0n;
  }

  participants(ctx: Context): Array<{ address: string; weight: bigint }> {
    return this.keeper
      .participants(ctx)
      .filter((p) => p.weight > 0n)
      .map((p) => ({ address: p.address, weight: p.weight }));
  }

  totalWeight(ctx: Context): bigint {
    return this.participants(ctx).reduce((s, p) => s + p.weight, 0n);
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
