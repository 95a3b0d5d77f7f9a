import { paginate } from '../../chain/app/pagination.js';
import { invalidArgument, notFound, type QueryRouter } from '../../chain/app/router.js';
import { isValidAddress } from '../../chain/crypto/address.js';
import { u64Key } from '../../chain/store/kv.js';
import {
  QueryInferenceRequest,
  QueryInferenceResponse,
  QueryInferencesRequest,
  QueryInferencesResponse,
  QueryParamsResponse,
  QueryParticipantRequest,
  QueryParticipantResponse,
} from '../../proto/gen/race/inference/v1/query.js';
import { drawWeight } from './executors.js';
import type { InferenceKeeper } from './keeper.js';
import { inferenceParamsToProto } from './params.js';

export const INFERENCE_QUERY_PREFIX = '/race.inference.v1.Query';

export function registerInferenceQueries(q: QueryRouter, keeper: InferenceKeeper): void {
  q.service(INFERENCE_QUERY_PREFIX, {
    Params: (ctx) => QueryParamsResponse.encode({ params: inferenceParamsToProto(keeper.getParams(ctx)) }).finish(),
    Inference: (ctx, raw) => {
      const { id } = QueryInferenceRequest.decode(raw);
      if (!/^[0-9a-f]{64}$/i.test(id)) throw invalidArgument(`id must be 64 hex characters, got ${JSON.stringify(id)}`);
      const r = keeper.getInference(ctx, Uint8Array.from(Buffer.from(id, 'hex')));
      if (!r) throw notFound(`inference ${id.toLowerCase()} is not recorded (never started, or pruned)`);
      return QueryInferenceResponse.encode({ inference: r }).finish();
    },
    Inferences: (ctx, raw) => {
      const req = QueryInferencesRequest.decode(raw);
      if (!isValidAddress(req.requester))
        throw invalidArgument(`requester must be an address, got ${JSON.stringify(req.requester)}`);
      const { page, pagination } = paginate(
        keeper.inferencesOf(ctx, req.requester),
        (r) => u64Key(r.sequence),
        req.pagination,
      );
      return QueryInferencesResponse.encode({ inferences: page, pagination }).finish();
    },
    Participant: (ctx, raw) => {
      const { address } = QueryParticipantRequest.decode(raw);
      if (!isValidAddress(address)) throw invalidArgument(`invalid address ${JSON.stringify(address)}`);
      const executor = keeper.getExecutor(ctx, address);
      const eligible = drawWeight(ctx, keeper, executor) > 0n;
      return QueryParticipantResponse.encode({
        executor,
        eligible,
        epochs: keeper.statsOf(ctx, address),
        pendingRewards: keeper.pendingRewards(ctx).filter((p) => p.address === address),
      }).finish();
    },
  });
}
