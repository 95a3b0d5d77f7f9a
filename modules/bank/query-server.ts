import {
  QueryAllBalancesRequest,
  QueryAllBalancesResponse,
  QueryBalanceRequest,
  QueryBalanceResponse,
  QueryDenomMetadataRequest,
  QueryDenomMetadataResponse,
  QueryDenomsMetadataRequest,
  QueryDenomsMetadataResponse,
  QueryParamsResponse,
  QuerySpendableBalanceByDenomRequest,
  QuerySpendableBalanceByDenomResponse,
  QuerySpendableBalancesRequest,
  QuerySpendableBalancesResponse,
  QuerySupplyOfRequest,
  QuerySupplyOfResponse,
  QueryTotalSupplyRequest,
  QueryTotalSupplyResponse,
} from 'cosmjs-types/cosmos/bank/v1beta1/query';
import { paginate } from '../../chain/app/pagination.js';
import { invalidArgument, notFound, type QueryRouter } from '../../chain/app/router.js';
import { isValidAddress } from '../../chain/crypto/address.js';
import { utf8 } from '../../chain/store/kv.js';
import { coinToProto, type Coin } from '../../chain/types/coins.js';
import type { BankKeeper } from './keeper.js';

function address(a: string): string {
  if (!a) throw invalidArgument('empty address string is not allowed');
  if (!isValidAddress(a)) throw invalidArgument(`invalid address ${a}`);
  return a;
}

const byDenom = (c: Coin) => utf8(c.denom);

export function registerBankQueries(q: QueryRouter, keeper: BankKeeper): void {
  q.service('/cosmos.bank.v1beta1.Query', {
    Balance: (ctx, raw) => {
      const req = QueryBalanceRequest.decode(raw);
      if (!req.denom) throw invalidArgument('invalid denom');
      return QueryBalanceResponse.encode({
        balance: coinToProto(keeper.getBalance(ctx, address(req.address), req.denom, false)),
      }).finish();
    },
    AllBalances: (ctx, raw) => {
      const req = QueryAllBalancesRequest.decode(raw);
      const { page, pagination } = paginate(keeper.getAllBalances(ctx, address(req.address)), byDenom, req.pagination);
      return QueryAllBalancesResponse.encode({ balances: page.map(coinToProto), pagination }).finish();
    },
    SpendableBalances: (ctx, raw) => {
      const req = QuerySpendableBalancesRequest.decode(raw);
      const { page, pagination } = paginate(keeper.spendableCoins(ctx, address(req.address)), byDenom, req.pagination);
      return QuerySpendableBalancesResponse.encode({ balances: page.map(coinToProto), pagination }).finish();
    },
    SpendableBalanceByDenom: (ctx, raw) => {
      const req = QuerySpendableBalanceByDenomRequest.decode(raw);
      if (!req.denom) throw invalidArgument('invalid denom');
      return QuerySpendableBalanceByDenomResponse.encode({
        balance: coinToProto(keeper.getBalance(ctx, address(req.address), req.denom, false)),
      }).finish();
    },
    TotalSupply: (ctx, raw) => {
      const req = QueryTotalSupplyRequest.decode(raw);
      const { page, pagination } = paginate(keeper.totalSupply(ctx), byDenom, req.pagination);
      return QueryTotalSupplyResponse.encode({ supply: page.map(coinToProto), pagination }).finish();
    },
    SupplyOf: (ctx, raw) => {
      const req = QuerySupplyOfRequest.decode(raw);
      if (!req.denom) throw invalidArgument('invalid denom');
      return QuerySupplyOfResponse.encode({ amount: coinToProto(keeper.getSupply(ctx, req.denom)) }).finish();
    },
    DenomMetadata: (ctx, raw) => {
      const req = QueryDenomMetadataRequest.decode(raw);
      if (!req.denom) throw invalidArgument('invalid denom');
      const md = keeper.getDenomMetadata(ctx, req.denom);
      if (!md) throw notFound(`client metadata for denom ${req.denom}`);
      return QueryDenomMetadataResponse.encode({ metadata: md }).finish();
    },
    DenomsMetadata: (ctx, raw) => {
      const req = QueryDenomsMetadataRequest.decode(raw);
      const { page, pagination } = paginate(keeper.allDenomMetadata(ctx), (m) => utf8(m.base), req.pagination);
      return QueryDenomsMetadataResponse.encode({ metadatas: page, pagination }).finish();
    },
    Params: (ctx) => {
      const p = keeper.getParams(ctx);
      return QueryParamsResponse.encode({
        params: { sendEnabled: [], defaultSendEnabled: p.defaultSendEnabled },
      }).finish();
    },
  });
}
