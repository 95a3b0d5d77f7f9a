import { toHexLower } from '../../chain/types/bytes.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { Context } from '../../chain/app/context.js';
import { addressBytesFromSecp256k1, toBech32 } from '../../chain/crypto/address.js';
import { u64Key } from '../../chain/store/kv.js';
import { event } from '../../chain/types/events.js';
import { InferenceStatus, type Inference } from '../../proto/gen/race/inference/v1/types.js';
import { randomnessId } from '../../race/module/randomness/chain-randomness.js';
import { RANDOMNESS_DOMAINS } from '../../race/module/randomness/domains.js';
import type { StartRequest } from '../../proto/gen/race/inference/v1/tx.js';
import { maxCost } from './cost.js';
import { InferenceErrors } from './errors.js';
import { drawExecutor } from './executor-draw.js';
import { eligibleExecutors } from './executors.js';
import type { InferenceKeeper } from './keeper.js';
import { escrowFrom } from './money.js';
import { requestSignBytes, verifyCharged } from './sign-bytes.js';

const SECOND = 1_000_000_000n;

/** Stateless checks of one request (validateBasic). */
export function checkStartRequest(r: StartRequest): void {
  const bad = (m: string) => InferenceErrors.InvalidRequest.wrap(m);
  if (r.requesterPubKey.length !== 33) throw bad('requester_pub_key must be a 33-byte compressed secp256k1 key');
  if (r.requestHash.length !== 32) throw bad('request_hash must be 32 bytes (sha256 of the body)');
  if (r.signature.length !== 64) throw bad('signature must be 64 bytes');
  if (r.modelId === '') throw bad('model_id is required');
  if (r.requestTimeNs === 0n) throw bad('request_time_ns is required');
}

/** The id of a request: sha256 of the developer's signature, so a replayed signature is a duplicate. */
export const inferenceId = (signature: Uint8Array): Uint8Array => sha256(signature);

/**
 * Starts one request: the developer's signature over (chain, relay, body hash, time) verified, the time within the
 * replay window, the maximum cost at this height's prices escrowed from the requester, the executor drawn. The draw
 * takes chain randomness for the request's sequence number, which the chain assigns at inclusion: neither the
 * developer nor the relay chooses it, so re-signing changes nothing (docs/inference.md, "Executor draw").
 */
export function startInference(ctx: Context, keeper: InferenceKeeper, relay: string, r: StartRequest): Inference {
  checkStartRequest(r);
  const params = keeper.getParams(ctx);
  const window = params.replayWindowSeconds * SECOND;
  const now = ctx.block.timeNs;
  if (r.requestTimeNs + window < now || r.requestTimeNs > now + window) {
    throw InferenceErrors.Stale.wrap(
      `request time ${r.requestTimeNs} is more than ${params.replayWindowSeconds}s from block time ${now}`,
    );
  }
  if (
    !verifyCharged(
      ctx,
      r.signature,
      requestSignBytes(ctx.block.chainId, relay, r.requestHash, r.requestTimeNs),
      r.requesterPubKey,
      'request',
    )
  ) {
    throw InferenceErrors.BadSignature.wrap('the requester did not sign this request for this relay');
  }
  const requester = toBech32(addressBytesFromSecp256k1(r.requesterPubKey));
  const id = inferenceId(r.signature);
  if (keeper.hasInference(ctx, id)) throw InferenceErrors.Duplicate.wrap(toHexLower(id));
  if (!keeper.deps.models.getModel(ctx, r.modelId)?.model) throw InferenceErrors.ModelNotFound.wrap(r.modelId);
  if (r.promptTokens > params.maxPromptTokens)
    throw InferenceErrors.InvalidRequest.wrap(
      `prompt_tokens ${r.promptTokens} exceed max_prompt_tokens ${params.maxPromptTokens}`,
    );
  const maxOut = r.maxOutputTokens === 0n ? params.defaultMaxOutputTokens : r.maxOutputTokens;
  if (maxOut > params.maxOutputTokens)
    throw InferenceErrors.InvalidRequest.wrap(`max_output_tokens ${maxOut} exceed ${params.maxOutputTokens}`);
  return openRequest(
    ctx,
    keeper,
    {
      id,
      requester,
      relay,
      modelId: r.modelId,
      requestHash: Uint8Array.from(r.requestHash),
      requestTimeNs: r.requestTimeNs,
      promptTokens: r.promptTokens,
      maxOutputTokens: maxOut,
      attempts: 1n,
    },
    [],
  );
}

/** What a request is before the chain prices it and draws its executor. */
type RequestTerms = Pick<
  Inference,
  | 'id'
  | 'requester'
  | 'relay'
  | 'modelId'
  | 'requestHash'
  | 'requestTimeNs'
  | 'promptTokens'
  | 'maxOutputTokens'
  | 'attempts'
>;

/**
 * Locks this height's prices, draws the executor (skipping `skip` unless nobody else is eligible), escrows the maximum
 * cost from the requester and records the request as open until its expiry height.
 */
export function openRequest(
  ctx: Context,
  keeper: InferenceKeeper,
  t: RequestTerms,
  skip: readonly string[],
): Inference {
  const params = keeper.getParams(ctx);
  const price = keeper.deps.prices.getModelPrice(ctx, t.modelId);
  const locked = {
    pricePerInputToken: BigInt(price.pricePerInputToken),
    pricePerOutputToken: BigInt(price.pricePerOutputToken),
    requestFee: params.requestFee,
  };
  const sequence = keeper.nextSequence(ctx);
  const seed = keeper.deps.randomness.randomness(
    ctx,
    RANDOMNESS_DOMAINS.inferenceExecutor,
    randomnessId(u64Key(sequence)),
  );
  const eligible = eligibleExecutors(ctx, keeper, t.modelId);
  const fresh = eligible.filter((e) => !skip.includes(e.address));
  const executor = drawExecutor(fresh.length > 0 ? fresh : eligible, t.relay, seed);
  if (!executor) throw InferenceErrors.NoExecutor.wrap(`nobody eligible serves ${t.modelId}`);
  const escrow = maxCost(t.promptTokens, t.maxOutputTokens, locked);
  escrowFrom(ctx, keeper, t.requester, escrow);
  const height = BigInt(ctx.block.height);
  const record: Inference = {
    ...t,
    executor,
    completionTokens: 0n,
    deliveredTokens: 0n,
    pricePerInputToken: locked.pricePerInputToken.toString(),
    pricePerOutputToken: locked.pricePerOutputToken.toString(),
    requestFee: locked.requestFee.toString(),
    escrow: escrow.toString(),
    cost: '0',
    status: InferenceStatus.INFERENCE_STATUS_STARTED,
    startHeight: height,
    settleHeight: 0n,
    startEpoch: keeper.deps.weights.currentEpoch(ctx),
    settleEpoch: 0n,
    sequence,
    responseHash: new Uint8Array(0),
    expiryHeight: height + params.expiryBlocks,
  };
  keeper.setNextSequence(ctx, sequence + 1n);
  keeper.setInference(ctx, record);
  keeper.markOpen(ctx, record.expiryHeight, t.id, true);
  ctx.events.emit(
    event('inference_started', [
      ['id', toHexLower(t.id)],
      ['requester', t.requester],
      ['relay', t.relay],
      ['executor', executor],
      ['model_id', t.modelId],
      ['escrow', `${escrow}nicoin`],
      ['attempt', t.attempts.toString()],
    ]),
  );
  return record;
}
