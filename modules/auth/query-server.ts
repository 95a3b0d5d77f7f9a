import {
  Bech32PrefixResponse,
  QueryAccountRequest,
  QueryAccountResponse,
  QueryAccountsRequest,
  QueryAccountsResponse,
  QueryModuleAccountByNameRequest,
  QueryModuleAccountByNameResponse,
  QueryModuleAccountsResponse,
  QueryParamsResponse,
} from 'cosmjs-types/cosmos/auth/v1beta1/query';
import { Any } from 'cosmjs-types/google/protobuf/any';
import { paginate } from '../../chain/app/pagination.js';
import { invalidArgument, notFound, type QueryRouter } from '../../chain/app/router.js';
import { ACCOUNT_PREFIX, fromBech32Checked, isValidAddress } from '../../chain/crypto/address.js';
import type { AuthKeeper } from './keeper.js';
import { accountToAny, moduleAddress, paramsToProto } from './types.js';

export function registerAuthQueries(q: QueryRouter, keeper: AuthKeeper): void {
  q.service('/cosmos.auth.v1beta1.Query', {
    Account: (ctx, raw) => {
      const { address } = QueryAccountRequest.decode(raw);
      if (!address) throw invalidArgument('Address cannot be empty');
      if (!isValidAddress(address)) throw invalidArgument(`invalid address ${address}`);
      const bytes = keeper.accountAnyBytes(ctx, address);
      // CosmJS matches this exact text to return null for a missing account.
      if (!bytes) throw notFound(`account ${address} not found`);
      return QueryAccountResponse.encode({ account: Any.decode(bytes) }).finish();
    },
    Accounts: (ctx, raw) => {
      const req = QueryAccountsRequest.decode(raw);
      const all = [...keeper.accounts(ctx)];
      const { page, pagination } = paginate(all, (a) => fromBech32Checked(a.address), req.pagination);
      return QueryAccountsResponse.encode({ accounts: page.map(accountToAny), pagination }).finish();
    },
    Params: (ctx) => QueryParamsResponse.encode({ params: paramsToProto(keeper.getParams(ctx)) }).finish(),
    ModuleAccounts: (ctx) => {
      const accounts = [...keeper.accounts(ctx)]
        .filter((a) => a.module)
        .sort((a, b) => (a.module!.name < b.module!.name ? -1 : 1));
      return QueryModuleAccountsResponse.encode({ accounts: accounts.map(accountToAny) }).finish();
    },
    ModuleAccountByName: (ctx, raw) => {
      const { name } = QueryModuleAccountByNameRequest.decode(raw);
      if (!name) throw invalidArgument('module name is empty');
      const account = keeper.getAccount(ctx, moduleAddress(name), false);
      if (!account?.module) throw notFound(`account ${name} not found`);
      return QueryModuleAccountByNameResponse.encode({ account: accountToAny(account) }).finish();
    },
    Bech32Prefix: () => Bech32PrefixResponse.encode({ bech32Prefix: ACCOUNT_PREFIX }).finish(),
  });
}
