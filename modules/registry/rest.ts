import {
  QueryModelRequest,
  QueryModelResponse,
  QueryModelsRequest,
  QueryModelsResponse,
  QueryParamsRequest,
  QueryParamsResponse,
} from '../../proto/gen/race/registry/v1/query.js';
import { pageRequestFromQuery, protoJson, type RestRoute } from '../../chain/app/rest-route.js';
import { REGISTRY_QUERY_PREFIX } from './query-server.js';

/** REST under /race/registry/v1/ (the paths of query.proto's google.api.http options). */
export function registryRestRoutes(): RestRoute[] {
  const abci = (m: string) => `${REGISTRY_QUERY_PREFIX}/${m}`;
  return [
    {
      method: 'GET',
      path: '/race/registry/v1/models',
      abciPath: abci('Models'),
      toRequest: (_p, q) => QueryModelsRequest.encode({ pagination: pageRequestFromQuery(q) }).finish(),
      toJson: (b) => protoJson(QueryModelsResponse, b),
    },
    {
      method: 'GET',
      path: '/race/registry/v1/models/:model_id',
      abciPath: abci('Model'),
      toRequest: (p) => QueryModelRequest.encode({ modelId: p.model_id ?? '' }).finish(),
      toJson: (b) => protoJson(QueryModelResponse, b),
    },
    {
      method: 'GET',
      path: '/race/registry/v1/params',
      abciPath: abci('Params'),
      toRequest: () => QueryParamsRequest.encode({}).finish(),
      toJson: (b) => protoJson(QueryParamsResponse, b),
    },
  ];
}
