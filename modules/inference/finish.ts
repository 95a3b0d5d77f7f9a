import { toHexLower } from '../../chain/types/bytes.js';
import type { Context } from '../../chain/app/context.js';
import { event } from '../../chain/types/events.js';
import { InferenceStatus, type Inference } from '../../proto/gen/race/inference/v1/types.js';
import type { FinishReport } from '../../proto/gen/race/inference/v1/tx.js';
import { settle, type Settlement } from './cost.js';
import { InferenceErrors } from './errors.js';
import { ESCROW_ACCOUNT } from './keys.js';
import type { InferenceKeeper } from './keeper.js';
import { holdReward, refundTo } from './money.js';
import { finishSignBytes, verifyCharged } from './sign-bytes.js';

const STATUS = {
  finished: InferenceStatus.INFERENCE_STATUS_FINISHED,
  exhausted: InferenceStatus.INFERENCE_STATUS_EXHAUSTED,
  disputed: InferenceStatus.INFERENCE_STATUS_DISPUTED,
};

export function checkFinishReport(f: FinishReport): void {
  const bad = (m: string) => InferenceErrors.InvalidRequest.wrap(m);
  if (f.id.length !== 32) throw bad('id must be 32 bytes');
  if (f.responseHash.length !== 32) throw bad('response_hash must be 32 bytes');
  if (f.executorSignature.length !== 64) throw bad('executor_signature must be 64 bytes');
}

/** Moves a settled record out of the open index into the pruning queue of the current epoch. */
export function closeRecord(ctx: Context, keeper: InferenceKeeper, r: Inference): Inference {
  const epoch = keeper.deps.weights.currentEpoch(ctx);
  const closed = { ...r, settleHeight: BigInt(ctx.block.height), settleEpoch: epoch };
  keeper.markOpen(ctx, r.expiryHeight, r.id, false);
  keeper.markSettled(ctx, epoch, r.id, true);
  keeper.setInference(ctx, closed);
  return closed;
}

/**
 * The issuance hook mints the request's subsidy and takes the training fund's share of the cost out of escrow; that
 * share comes off the executor's pay first, then the relay's fee.
 */
function afterTrainingShare(
  ctx: Context,
  keeper: InferenceKeeper,
  executor: string,
  s: Settlement,
): { executor: bigint; relay: bigint } {
  const taken = keeper.deps.issuance?.inferencePaid(ctx, { executor, fee: s.cost, feeModule: ESCROW_ACCOUNT }) ?? 0n;
  const fromExecutor = taken < s.executorPay ? taken : s.executorPay;
  return { executor: s.executorPay - fromExecutor, relay: s.relayFee - (taken - fromExecutor) };
}

/**
 * Settles one open request from the relay that started it, with the executor's signed usage: the actual cost is
 * charged and the rest refunded; the executor's pay and the relay's fee go to pending rewards (nothing is paid out).
 */
export function finishInference(
  ctx: Context,
  keeper: InferenceKeeper,
  relay: string,
  f: FinishReport,
): { record: Inference; settlement: Settlement } {
  checkFinishReport(f);
  const r = keeper.getInference(ctx, f.id);
  if (!r) throw InferenceErrors.NotFound.wrap(toHexLower(f.id));
  if (r.status !== InferenceStatus.INFERENCE_STATUS_STARTED)
    throw InferenceErrors.NotOpen.wrap(`${toHexLower(f.id)} is already settled`);
  if (r.relay !== relay) throw InferenceErrors.WrongRelay.wrap(`${toHexLower(f.id)} was started by ${r.relay}`);
  const executor = keeper.getExecutor(ctx, r.executor);
  if (
    !executor ||
    !verifyCharged(
      ctx,
      f.executorSignature,
      finishSignBytes(f.id, f.promptTokens, f.completionTokens, f.responseHash),
      executor.pubKey,
      'finish',
    )
  ) {
    throw InferenceErrors.BadSignature.wrap(`the usage is not signed by the executor ${r.executor}`);
  }
  const locked = {
    pricePerInputToken: BigInt(r.pricePerInputToken),
    pricePerOutputToken: BigInt(r.pricePerOutputToken),
    requestFee: BigInt(r.requestFee),
  };
  const s = settle(
    BigInt(r.escrow),
    r.maxOutputTokens,
    { promptTokens: f.promptTokens, completionTokens: f.completionTokens, deliveredTokens: f.deliveredTokens },
    locked,
  );
  refundTo(ctx, keeper, r.requester, s.refund);
  const pay = afterTrainingShare(ctx, keeper, r.executor, s);
  holdReward(ctx, keeper, r.executor, pay.executor);
  holdReward(ctx, keeper, r.relay, pay.relay);
  const record = closeRecord(ctx, keeper, {
    ...r,
    status: STATUS[s.outcome],
    promptTokens: f.promptTokens,
    completionTokens: f.completionTokens,
    deliveredTokens: f.deliveredTokens,
    responseHash: Uint8Array.from(f.responseHash),
    cost: s.cost.toString(),
  });
  if (s.outcome === 'disputed') {
    keeper.updateStats(ctx, r.executor, (st) => ({ ...st, disputed: st.disputed + 1n }));
  } else {
    keeper.updateStats(ctx, r.executor, (st) => ({
      ...st,
      served: st.served + 1n,
      promptTokens: st.promptTokens + f.promptTokens,
      completionTokens: st.completionTokens + f.completionTokens,
      earned: (BigInt(st.earned) + pay.executor).toString(),
    }));
    keeper.updateStats(ctx, r.relay, (st) => ({
      ...st,
      relayed: st.relayed + 1n,
      relayFees: (BigInt(st.relayFees) + s.relayFee).toString(),
    }));
  }
  ctx.events.emit(
    event('inference_settled', [
      ['id', toHexLower(f.id)],
      ['status', s.outcome],
      ['cost', `${s.cost}nicoin`],
      ['refund', `${s.refund}nicoin`],
      ['prompt_tokens', f.promptTokens.toString()],
      ['completion_tokens', f.completionTokens.toString()],
    ]),
  );
  return { record, settlement: s };
}
