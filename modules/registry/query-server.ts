import { paginate } from '../../chain/app/pagination.js';
import { invalidArgument, notFound, type QueryRouter } from '../../chain/app/router.js';
import { utf8 } from '../../chain/store/kv.js';
import {
  QueryModelRequest,
  QueryModelResponse,
  QueryModelsRequest,
  QueryModelsResponse,
  QueryParamsResponse,
} from '../../proto/gen/race/registry/v1/query.js';
import type { RegistryKeeper } from './keeper.js';

export const REGISTRY_QUERY_PREFIX = '/race.registry.v1.Query';

export function registerRegistryQueries(q: QueryRouter, keeper: RegistryKeeper): void {
  q.service(REGISTRY_QUERY_PREFIX, {
    Models: (ctx, raw) => {
      const req = QueryModelsRequest.decode(raw);
      const { page, pagination } = paginate(keeper.models(ctx), (m) => utf8(m.model!.id), req.pagination);
      return QueryModelsResponse.encode({ models: page, pagination }).finish();
    },
    Model: (ctx, raw) => {
      const { modelId } = QueryModelRequest.decode(raw);
      if (modelId === '') throw invalidArgument('model id is required');
      const model = keeper.getModel(ctx, modelId);
      if (!model) throw notFound(`model ${modelId} is not registered`);
      return QueryModelResponse.encode({ model }).finish();
    },
    Params: (ctx) => QueryParamsResponse.encode({ params: keeper.getParams(ctx) }).finish(),
  });
}
