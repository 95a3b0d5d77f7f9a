/** x/auth REST (SDK 0.50 paths), answered through the app's ABCI queries. */
import {
  Bech32PrefixRequest,
  Bech32PrefixResponse,
  QueryAccountRequest,
  QueryAccountResponse,
  QueryAccountsRequest,
  QueryAccountsResponse,
  QueryModuleAccountByNameRequest,
  QueryModuleAccountByNameResponse,
  QueryModuleAccountsRequest,
  QueryModuleAccountsResponse,
  QueryParamsRequest as AuthParamsRequest,
  QueryParamsResponse as AuthParamsResponse,
} from 'cosmjs-types/cosmos/auth/v1beta1/query';
import { pageRequestFromQuery, type RestRoute } from '../../chain/app/rest-route.js';
import { queryRoute } from '../../chain/app/query-route.js';

const AUTH = '/cosmos.auth.v1beta1.Query';

export function authRestRoutes(): RestRoute[] {
  return [
    queryRoute(
      '/cosmos/auth/v1beta1/accounts/:address',
      `${AUTH}/Account`,
      QueryAccountRequest,
      QueryAccountResponse,
      (p) => ({ address: p.address! }),
    ),
    queryRoute(
      '/cosmos/auth/v1beta1/accounts',
      `${AUTH}/Accounts`,
      QueryAccountsRequest,
      QueryAccountsResponse,
      (_p, q) => ({ pagination: pageRequestFromQuery(q) }),
    ),
    queryRoute('/cosmos/auth/v1beta1/params', `${AUTH}/Params`, AuthParamsRequest, AuthParamsResponse, () => ({})),
    queryRoute(
      '/cosmos/auth/v1beta1/module_accounts',
      `${AUTH}/ModuleAccounts`,
      QueryModuleAccountsRequest,
      QueryModuleAccountsResponse,
      () => ({}),
    ),
    queryRoute(
      '/cosmos/auth/v1beta1/module_accounts/:name',
      `${AUTH}/ModuleAccountByName`,
      QueryModuleAccountByNameRequest,
      QueryModuleAccountByNameResponse,
      (p) => ({ name: p.name! }),
    ),
    queryRoute(
      '/cosmos/auth/v1beta1/bech32',
      `${AUTH}/Bech32Prefix`,
      Bech32PrefixRequest,
      Bech32PrefixResponse,
      () => ({}),
    ),
  ];
}
