import type { Context } from '../../chain/app/context.js';
import { event } from '../../chain/types/events.js';
import { InferenceStatus } from '../../proto/gen/race/inference/v1/types.js';
import { closeRecord } from './finish.js';
import type { InferenceKeeper } from './keeper.js';
import { refundTo } from './money.js';

const SECOND = 1_000_000_000n;

/**
 * Expires open requests whose expiry height has come (full refund, the executor's missed count grows), then prunes
 * records settled more than record_retention_epochs ago. Both are bounded by max_end_block_work per block: a backlog
 * waits for the next block instead of making one block slow.
 */
export function inferenceEndBlock(ctx: Context, keeper: InferenceKeeper): void {
  const params = keeper.getParams(ctx);
  let budget = Number(params.maxEndBlockWork);
  for (const id of keeper.openIds(ctx, BigInt(ctx.block.height), budget)) {
    budget--;
    const r = keeper.getInference(ctx, id);
    if (!r) continue;
    refundTo(ctx, keeper, r.requester, BigInt(r.escrow));
    closeRecord(ctx, keeper, { ...r, status: InferenceStatus.INFERENCE_STATUS_EXPIRED, cost: '0' });
    const ex = keeper.getExecutor(ctx, r.executor);
    if (ex) keeper.setExecutor(ctx, { ...ex, missed: ex.missed + 1n });
    keeper.updateStats(ctx, r.executor, (s) => ({ ...s, missed: s.missed + 1n }));
    ctx.events.emit(
      event('inference_expired', [
        ['id', Buffer.from(id).toString('hex')],
        ['executor', r.executor],
        ['refund', `${r.escrow}nicoin`],
      ]),
    );
  }
  const epoch = keeper.deps.weights.currentEpoch(ctx);
  if (budget <= 0 || epoch <= params.recordRetentionEpochs) return;
  // A record is the replay guard of its signature: it goes only once its request time has left the replay window.
  const replayHorizon = ctx.block.timeNs - params.replayWindowSeconds * SECOND;
  for (const { epoch: settled, id } of keeper.settledUpTo(ctx, epoch - params.recordRetentionEpochs - 1n, budget)) {
    const r = keeper.getInference(ctx, id);
    if (r && r.requestTimeNs >= replayHorizon) break;
    keeper.markSettled(ctx, settled, id, false);
    if (r) keeper.deleteInference(ctx, r);
  }
}
