import { toHexLower } from '../../chain/types/bytes.js';
import type { Context } from '../../chain/app/context.js';
import { InferenceStatus, type Inference } from '../../proto/gen/race/inference/v1/types.js';
import { InferenceErrors } from './errors.js';
import type { InferenceKeeper } from './keeper.js';
import { openRequest } from './start.js';

/** Attempts per request at most: the first start and two retries. */
export const MAX_ATTEMPTS = 3n;

/**
 * Re-opens an expired request of this relay with another executor. No new developer signature is needed: the expiry
 * refunded the whole escrow, so a request is still charged at most once. A retry must come within expiry_blocks of
 * the expiry, which keeps it close to when the developer is waiting for the answer.
 */
export function retryInference(ctx: Context, keeper: InferenceKeeper, relay: string, id: Uint8Array): Inference {
  const hex = toHexLower(id);
  const r = keeper.getInference(ctx, id);
  if (!r) throw InferenceErrors.NotFound.wrap(hex);
  if (r.relay !== relay) throw InferenceErrors.WrongRelay.wrap(`${hex} was started by ${r.relay}`);
  if (r.status !== InferenceStatus.INFERENCE_STATUS_EXPIRED)
    throw InferenceErrors.NotOpen.wrap(`${hex} has not expired; only expired requests are retried`);
  if (r.attempts >= MAX_ATTEMPTS)
    throw InferenceErrors.InvalidRequest.wrap(`${hex} was already tried ${r.attempts} times`);
  if (BigInt(ctx.block.height) > r.settleHeight + keeper.getParams(ctx).expiryBlocks)
    throw InferenceErrors.Stale.wrap(`${hex} expired at height ${r.settleHeight}, too long ago to retry`);
  keeper.markSettled(ctx, r.settleEpoch, id, false);
  keeper.deleteInference(ctx, r);
  return openRequest(ctx, keeper, { ...r, attempts: r.attempts + 1n }, [r.executor]);
}
