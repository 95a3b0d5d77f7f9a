/** x/bank REST (SDK 0.50 paths), answered through the app's ABCI queries. */
import {
  QueryAllBalancesRequest,
  QueryAllBalancesResponse,
  QueryBalanceRequest,
  QueryBalanceResponse,
  QueryDenomMetadataRequest,
  QueryDenomMetadataResponse,
  QueryDenomsMetadataRequest,
  QueryDenomsMetadataResponse,
  QueryParamsRequest as BankParamsRequest,
  QueryParamsResponse as BankParamsResponse,
  QuerySpendableBalanceByDenomRequest,
  QuerySpendableBalanceByDenomResponse,
  QuerySpendableBalancesRequest,
  QuerySpendableBalancesResponse,
  QuerySupplyOfRequest,
  QuerySupplyOfResponse,
  QueryTotalSupplyRequest,
  QueryTotalSupplyResponse,
} from 'cosmjs-types/cosmos/bank/v1beta1/query';
import { pageRequestFromQuery, type RestRoute } from '../../chain/app/rest-route.js';
import { boolQuery, queryRoute, requiredQuery } from '../../chain/app/query-route.js';

const BANK = '/cosmos.bank.v1beta1.Query';

export function bankRestRoutes(): RestRoute[] {
  return [
    queryRoute(
      '/cosmos/bank/v1beta1/balances/:address',
      `${BANK}/AllBalances`,
      QueryAllBalancesRequest,
      QueryAllBalancesResponse,
      (p, q) => ({
        address: p.address!,
        pagination: pageRequestFromQuery(q),
        resolveDenom: boolQuery(q, 'resolve_denom'),
      }),
    ),
    queryRoute(
      '/cosmos/bank/v1beta1/balances/:address/by_denom',
      `${BANK}/Balance`,
      QueryBalanceRequest,
      QueryBalanceResponse,
      (p, q) => ({
        address: p.address!,
        denom: requiredQuery(q, 'denom'),
      }),
    ),
    queryRoute(
      '/cosmos/bank/v1beta1/spendable_balances/:address',
      `${BANK}/SpendableBalances`,
      QuerySpendableBalancesRequest,
      QuerySpendableBalancesResponse,
      (p, q) => ({
        address: p.address!,
        pagination: pageRequestFromQuery(q),
      }),
    ),
    queryRoute(
      '/cosmos/bank/v1beta1/spendable_balances/:address/by_denom',
      `${BANK}/SpendableBalanceByDenom`,
      QuerySpendableBalanceByDenomRequest,
      QuerySpendableBalanceByDenomResponse,
      (p, q) => ({
        address: p.address!,
        denom: requiredQuery(q, 'denom'),
      }),
    ),
    queryRoute(
      '/cosmos/bank/v1beta1/supply',
      `${BANK}/TotalSupply`,
      QueryTotalSupplyRequest,
      QueryTotalSupplyResponse,
      (_p, q) => ({ pagination: pageRequestFromQuery(q) }),
    ),
    queryRoute(
      '/cosmos/bank/v1beta1/supply/by_denom',
      `${BANK}/SupplyOf`,
      QuerySupplyOfRequest,
      QuerySupplyOfResponse,
      (_p, q) => ({ denom: requiredQuery(q, 'denom') }),
    ),
    queryRoute(
      '/cosmos/bank/v1beta1/denoms_metadata',
      `${BANK}/DenomsMetadata`,
      QueryDenomsMetadataRequest,
      QueryDenomsMetadataResponse,
      (_p, q) => ({ pagination: pageRequestFromQuery(q) }),
    ),
    queryRoute(
      '/cosmos/bank/v1beta1/denoms_metadata/:denom',
      `${BANK}/DenomMetadata`,
      QueryDenomMetadataRequest,
      QueryDenomMetadataResponse,
      (p) => ({ denom: p.denom! }),
    ),
    queryRoute(
      '/cosmos/bank/v1beta1/denoms_metadata_by_query_string',
      `${BANK}/DenomMetadata`,
      QueryDenomMetadataRequest,
      QueryDenomMetadataResponse,
      (_p, q) => ({
        denom: requiredQuery(q, 'denom'),
      }),
    ),
    queryRoute('/cosmos/bank/v1beta1/params', `${BANK}/Params`, BankParamsRequest, BankParamsResponse, () => ({})),
  ];
}
