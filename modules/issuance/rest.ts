import { protoJson, type RestRoute } from '../../chain/app/rest-route.js';
import * as q from '../../proto/gen/race/issuance/v1/query.js';
import { ISSUANCE_QUERY_PREFIX } from './query-server.js';

/** The module's parameterless queries: ABCI method, REST path under /race/issuance/v1/, CLI name, codecs. */
export const ISSUANCE_QUERIES = [
  {
    method: 'Phase',
    path: 'phase',
    req: q.QueryPhaseRequest,
    res: q.QueryPhaseResponse,
    about: 'the current subsidy phase, minted in it, its share and the next edge',
  },
  {
    method: 'Minimum',
    path: 'minimum',
    req: q.QueryMinimumRequest,
    res: q.QueryMinimumResponse,
    about: "this year's minimum issuance and what today minted toward it",
  },
  {
    method: 'Allocations',
    path: 'allocations',
    req: q.QueryAllocationsRequest,
    res: q.QueryAllocationsResponse,
    about: 'the four allocations of the fixed supply and how much of each exists',
  },
  {
    method: 'TrainingFund',
    path: 'training_fund',
    req: q.QueryTrainingFundRequest,
    res: q.QueryTrainingFundResponse,
    about: "the training fund's account, balance and share",
  },
  {
    method: 'Pot',
    path: 'pot',
    req: q.QueryPotRequest,
    res: q.QueryPotResponse,
    about: "the epoch's reward pot and whom it holds coins for",
  },
  {
    method: 'Pool',
    path: 'pool',
    req: q.QueryPoolRequest,
    res: q.QueryPoolResponse,
    about: 'the liquidity pool: sold, reserves, bought back, the latest price and the open tranche',
  },
  {
    method: 'Params',
    path: 'params',
    req: q.QueryParamsRequest,
    res: q.QueryParamsResponse,
    about: 'issuance parameters',
  },
] as const;

/** REST under /race/issuance/v1/ (the paths of query.proto's google.api.http options). */
export function issuanceRestRoutes(): RestRoute[] {
  return ISSUANCE_QUERIES.map((d) => ({
    method: 'GET',
    path: `/race/issuance/v1/${d.path}`,
    abciPath: `${ISSUANCE_QUERY_PREFIX}/${d.method}`,
    toRequest: () => d.req.encode({}).finish(),
    toJson: (b: Uint8Array) => protoJson(d.res as never, b),
  }));
}
