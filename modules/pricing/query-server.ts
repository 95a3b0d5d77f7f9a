import { paginate } from '../../chain/app/pagination.js';
import { invalidArgument, notFound, type QueryRouter } from '../../chain/app/router.js';
import { fromBech32Checked, isValidAddress } from '../../chain/crypto/address.js';
import { utf8 } from '../../chain/store/kv.js';
import {
  QueryModelPriceRequest,
  QueryModelPriceResponse,
  QueryModelPricesRequest,
  QueryModelPricesResponse,
  QueryParamsResponse,
  QueryPriceVoteRequest,
  QueryPriceVoteResponse,
  QueryPriceVotesRequest,
  QueryPriceVotesResponse,
  QueryUnitPriceResponse,
} from '../../proto/gen/race/pricing/v1/query.js';
import type { PricingKeeper } from './keeper.js';
import { pricingParamsToProto } from './params.js';

export const PRICING_QUERY_PREFIX = '/race.pricing.v1.Query';

export function registerPricingQueries(q: QueryRouter, keeper: PricingKeeper): void {
  q.service(PRICING_QUERY_PREFIX, {
    UnitPrice: (ctx) => QueryUnitPriceResponse.encode({ unitPrice: keeper.getUnitPrice(ctx) }).finish(),
    PriceVote: (ctx, raw) => {
      const { provider } = QueryPriceVoteRequest.decode(raw);
      if (!isValidAddress(provider)) throw invalidArgument(`invalid provider address ${JSON.stringify(provider)}`);
      const vote = keeper.getVote(ctx, provider);
      return QueryPriceVoteResponse.encode({
        vote: vote ?? { provider, price: '', height: 0n },
        effectivePrice: keeper.effectiveVote(ctx, provider).toString(),
        hasVote: vote !== undefined,
      }).finish();
    },
    PriceVotes: (ctx, raw) => {
      const req = QueryPriceVotesRequest.decode(raw);
      const { page, pagination } = paginate(keeper.votes(ctx), (v) => fromBech32Checked(v.provider), req.pagination);
      return QueryPriceVotesResponse.encode({ votes: page, pagination }).finish();
    },
    ModelPrices: (ctx, raw) => {
      const req = QueryModelPricesRequest.decode(raw);
      const { page, pagination } = paginate(keeper.modelPrices(ctx), (m) => utf8(m.modelId), req.pagination);
      return QueryModelPricesResponse.encode({
        models: page,
        unitPrice: keeper.getUnitPrice(ctx),
        pagination,
      }).finish();
    },
    ModelPrice: (ctx, raw) => {
      const { modelId } = QueryModelPriceRequest.decode(raw);
      if (modelId === '') throw invalidArgument('model id is required');
      let model;
      try {
        model = keeper.getModelPrice(ctx, modelId);
      } catch {
        throw notFound(`model ${modelId} is not registered`);
      }
      return QueryModelPriceResponse.encode({ model, unitPrice: keeper.getUnitPrice(ctx) }).finish();
    },
    Params: (ctx) => QueryParamsResponse.encode({ params: pricingParamsToProto(keeper.getParams(ctx)) }).finish(),
  });
}
