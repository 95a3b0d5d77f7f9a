import { isValidAddress } from '../../chain/crypto/address.js';
import {
  QueryModelPriceRequest,
  QueryModelPriceResponse,
  QueryModelPricesRequest,
  QueryModelPricesResponse,
  QueryParamsRequest,
  QueryParamsResponse,
  QueryPriceVoteRequest,
  QueryPriceVoteResponse,
  QueryPriceVotesRequest,
  QueryPriceVotesResponse,
  QueryUnitPriceRequest,
  QueryUnitPriceResponse,
} from '../../proto/gen/race/pricing/v1/query.js';
import { PRICING_QUERY_PREFIX } from './query-server.js';
import { pageRequestFromQuery, protoJson, type RestRoute } from '../../chain/app/rest-route.js';

/** REST under /race/pricing/v1/ (the paths of query.proto's google.api.http options). */
export function pricingRestRoutes(): RestRoute[] {
  const abci = (m: string) => `${PRICING_QUERY_PREFIX}/${m}`;
  return [
    {
      method: 'GET',
      path: '/race/pricing/v1/price',
      abciPath: abci('UnitPrice'),
      toRequest: () => QueryUnitPriceRequest.encode({}).finish(),
      toJson: (b) => protoJson(QueryUnitPriceResponse, b),
    },
    {
      method: 'GET',
      path: '/race/pricing/v1/votes/:provider',
      abciPath: abci('PriceVote'),
      toRequest: (p) => {
        if (!isValidAddress(p.provider ?? ''))
          throw new Error(`invalid provider address ${JSON.stringify(p.provider)}`);
        return QueryPriceVoteRequest.encode({ provider: p.provider! }).finish();
      },
      toJson: (b) => protoJson(QueryPriceVoteResponse, b),
    },
    {
      method: 'GET',
      path: '/race/pricing/v1/votes',
      abciPath: abci('PriceVotes'),
      toRequest: (_p, q) => QueryPriceVotesRequest.encode({ pagination: pageRequestFromQuery(q) }).finish(),
      toJson: (b) => protoJson(QueryPriceVotesResponse, b),
    },
    {
      method: 'GET',
      path: '/race/pricing/v1/models',
      abciPath: abci('ModelPrices'),
      toRequest: (_p, q) => QueryModelPricesRequest.encode({ pagination: pageRequestFromQuery(q) }).finish(),
      toJson: (b) => protoJson(QueryModelPricesResponse, b),
    },
    {
      method: 'GET',
      path: '/race/pricing/v1/models/:model_id',
      abciPath: abci('ModelPrice'),
      toRequest: (p) => QueryModelPriceRequest.encode({ modelId: p.model_id ?? '' }).finish(),
      toJson: (b) => protoJson(QueryModelPriceResponse, b),
    },
    {
      method: 'GET',
      path: '/race/pricing/v1/params',
      abciPath: abci('Params'),
      toRequest: () => QueryParamsRequest.encode({}).finish(),
      toJson: (b) => protoJson(QueryParamsResponse, b),
    },
  ];
}
