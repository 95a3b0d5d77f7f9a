import type { Context } from '../../chain/app/context.js';
import type { ConvictionRecord } from '../../proto/gen/race/race/v1/query.js';
import type { RaceKeeper } from './keeper.js';

/**
 * Query/Convictions: every conviction as stored (one per participant, epoch and kind), or one participant's, with
 * the last epoch it keeps the participant out of. What the rewards issue reads to forfeit an epoch's rewards.
 */
export function convictionRecords(ctx: Context, keeper: RaceKeeper, participant?: string): ConvictionRecord[] {
  return keeper.convictions(ctx, participant).map((c) => ({
    participant: c.participant,
    epoch: c.epoch,
    kind: c.kind,
    wrong: c.wrong,
    of: c.of,
    exclusionEpochs: c.exclusionEpochs,
    excludedThrough: c.epoch + c.exclusionEpochs,
  }));
}
