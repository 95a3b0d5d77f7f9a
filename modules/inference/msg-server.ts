import { declaredCodec } from '../../chain/app/declared-route.js';
import type { MsgServiceRouter } from '../../chain/app/router.js';
import {
  MsgFinishInferences,
  MsgFinishInferencesResponse,
  MsgRegisterExecutor,
  MsgRegisterExecutorResponse,
  MsgRetryInferences,
  MsgRetryInferencesResponse,
  MsgStartInferences,
  MsgStartInferencesResponse,
  MsgUpdateParams,
  MsgUpdateParamsResponse,
} from '../../proto/gen/race/inference/v1/tx.js';
import { assertGovAuthority } from '../gov/authority.js';
import { checkAddress } from '../gov/msg-server.js';
import { INFERENCE_MSGS, INFERENCE_URLS } from './client/msgs.js';
import { InferenceErrors } from './errors.js';
import { registerExecutor } from './executors.js';
import { checkFinishReport, finishInference } from './finish.js';
import type { InferenceKeeper } from './keeper.js';
import { inferenceParamsFromProto } from './params.js';
import { retryInference } from './retry.js';
import { checkStartRequest, startInference } from './start.js';

/** A batch must be non-empty and at most max_batch_size: the message's cost stays bounded per request. */
function checkBatch(n: number, max: bigint): void {
  if (n === 0) throw InferenceErrors.InvalidRequest.wrap('the batch is empty');
  if (BigInt(n) > max) throw InferenceErrors.BatchTooLarge.wrap(`${n} items exceed max_batch_size ${max}`);
}

export function registerInferenceMsgs(router: MsgServiceRouter, keeper: InferenceKeeper): void {
  router.register<MsgRegisterExecutor>({
    ...declaredCodec(INFERENCE_MSGS.registerExecutor),
    module: 'inference',
    getSigners: (m) => [m.executor],
    validateBasic: (m) => checkAddress(m.executor, 'executor'),
    handler: (ctx, m) => {
      registerExecutor(ctx, keeper, m.executor, m.models, m.hardware);
      return {
        typeUrl: `${INFERENCE_URLS.registerExecutor}Response`,
        value: MsgRegisterExecutorResponse.encode({}).finish(),
      };
    },
  });

  router.register<MsgStartInferences>({
    ...declaredCodec(INFERENCE_MSGS.startInferences),
    module: 'inference',
    getSigners: (m) => [m.relay],
    validateBasic: (m) => {
      checkAddress(m.relay, 'relay');
      if (m.requests.length === 0) throw InferenceErrors.InvalidRequest.wrap('the batch is empty');
      m.requests.forEach(checkStartRequest);
    },
    handler: (ctx, m) => {
      checkBatch(m.requests.length, keeper.getParams(ctx).maxBatchSize);
      const started = m.requests
        .map((r) => startInference(ctx, keeper, m.relay, r))
        .map((r) => ({ id: r.id, executor: r.executor, escrow: r.escrow }));
      return {
        typeUrl: `${INFERENCE_URLS.startInferences}Response`,
        value: MsgStartInferencesResponse.encode({ started }).finish(),
      };
    },
  });

  router.register<MsgFinishInferences>({
    ...declaredCodec(INFERENCE_MSGS.finishInferences),
    module: 'inference',
    getSigners: (m) => [m.relay],
    validateBasic: (m) => {
      checkAddress(m.relay, 'relay');
      if (m.reports.length === 0) throw InferenceErrors.InvalidRequest.wrap('the batch is empty');
      m.reports.forEach(checkFinishReport);
    },
    handler: (ctx, m) => {
      checkBatch(m.reports.length, keeper.getParams(ctx).maxBatchSize);
      const settled = m.reports.map((f) => {
        const { record, settlement } = finishInference(ctx, keeper, m.relay, f);
        return {
          id: record.id,
          status: record.status,
          cost: settlement.cost.toString(),
          refund: settlement.refund.toString(),
        };
      });
      return {
        typeUrl: `${INFERENCE_URLS.finishInferences}Response`,
        value: MsgFinishInferencesResponse.encode({ settled }).finish(),
      };
    },
  });

  router.register<MsgRetryInferences>({
    ...declaredCodec(INFERENCE_MSGS.retryInferences),
    module: 'inference',
    getSigners: (m) => [m.relay],
    validateBasic: (m) => {
      checkAddress(m.relay, 'relay');
      if (m.ids.length === 0) throw InferenceErrors.InvalidRequest.wrap('the batch is empty');
      if (m.ids.some((id) => id.length !== 32)) throw InferenceErrors.InvalidRequest.wrap('each id is 32 bytes');
    },
    handler: (ctx, m) => {
      checkBatch(m.ids.length, keeper.getParams(ctx).maxBatchSize);
      const started = m.ids
        .map((id) => retryInference(ctx, keeper, m.relay, id))
        .map((r) => ({ id: r.id, executor: r.executor, escrow: r.escrow }));
      return {
        typeUrl: `${INFERENCE_URLS.retryInferences}Response`,
        value: MsgRetryInferencesResponse.encode({ started }).finish(),
      };
    },
  });

  router.register<MsgUpdateParams>({
    ...declaredCodec(INFERENCE_MSGS.updateParams),
    module: 'inference',
    getSigners: (m) => [m.authority],
    validateBasic: (m) => {
      checkAddress(m.authority, 'authority');
      inferenceParamsFromProto(m.params);
    },
    handler: (ctx, m) => {
      assertGovAuthority(m.authority);
      keeper.setParams(ctx, inferenceParamsFromProto(m.params));
      return { typeUrl: `${INFERENCE_URLS.updateParams}Response`, value: MsgUpdateParamsResponse.encode({}).finish() };
    },
  });
}
