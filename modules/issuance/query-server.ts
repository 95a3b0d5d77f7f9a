import type { Context } from '../../chain/app/context.js';
import type { QueryRouter } from '../../chain/app/router.js';
import {
  QueryAllocationsResponse,
  QueryMinimumResponse,
  QueryParamsResponse,
  QueryPhaseResponse,
  QueryPoolResponse,
  QueryPotResponse,
  QueryTrainingFundResponse,
} from '../../proto/gen/race/issuance/v1/query.js';
import { moduleAddress } from '../auth/types.js';
import { BASE_DENOM } from '../bank/denoms.js';
import { dayOfHeight, yearOfDay } from './calendar.js';
import type { IssuanceKeeper } from './keeper.js';
import { LIQUIDITY_POOL_ACCOUNT, REWARD_POT_ACCOUNT, TRAINING_FUND_ACCOUNT } from './keys.js';
import { latestPrice } from './liquidity-pool.js';
import { poolOf } from './money-flow.js';
import { dailyMinimum, yearlyMinimum } from './minimum-issuance.js';
import { issuanceParamsToProto } from './params.js';
import { subsidyMode } from './subsidy-mode.js';
import { currentPhase, subsidyShare } from './subsidy-share.js';
import { ADDITIONAL_REWARD, CORE_INCENTIVE, FOUNDERS, LIQUIDITY_POOL, PHASE_SIZE, TOTAL_SUPPLY } from './supply.js';

export const ISSUANCE_QUERY_PREFIX = '/race.issuance.v1.Query';

export function phaseView(ctx: Context, k: IssuanceKeeper): QueryPhaseResponse {
  const t = k.getTotals(ctx);
  const phase = currentPhase(t.coreMinted);
  const share = phase === undefined ? undefined : subsidyShare(phase);
  return {
    phase: phase ?? 0,
    coreMinted: t.coreMinted.toString(),
    mintedInPhase: (phase === undefined ? 0n : t.coreMinted - BigInt(phase - 1) * PHASE_SIZE).toString(),
    nextEdge: (phase === undefined ? CORE_INCENTIVE : BigInt(phase) * PHASE_SIZE).toString(),
    subsidyShareNum: (share?.num ?? 0n).toString(),
    subsidyShareDen: (share?.den ?? 1n).toString(),
    mode:
      phase === undefined ? '' : subsidyMode(phase, k.getParams(ctx).trainingShareBps, k.getParams(ctx).guardWeight),
    feesPaid: t.feesPaid.toString(),
    dayDemandMinted: t.dayDemandMinted.toString(),
  };
}

export function minimumView(ctx: Context, k: IssuanceKeeper): QueryMinimumResponse {
  const cal = k.getCalendar(ctx);
  const t = k.getTotals(ctx);
  const day = dayOfHeight(cal, BigInt(Math.max(ctx.block.height, 1)));
  const { year } = yearOfDay(cal, day);
  return {
    day,
    year,
    yearlyMinimum: yearlyMinimum(year).toString(),
    dailyMinimum: dailyMinimum(cal, day).toString(),
    dayDemandMinted: t.dayDemandMinted.toString(),
    topUpMinted: t.topUpMinted.toString(),
    calendar: { blocksPerDay: cal.blocksPerDay, daysPerYear: cal.daysPerYear },
  };
}

/** The four allocations of appendix E and how much of each exists. */
export function allocationsView(ctx: Context, k: IssuanceKeeper): QueryAllocationsResponse {
  const t = k.getTotals(ctx);
  const rows: Array<[string, bigint, bigint]> = [
    ['core_incentive', CORE_INCENTIVE, t.coreMinted],
    ['additional_reward', ADDITIONAL_REWARD, t.additionalIssued],
    ['liquidity_pool', LIQUIDITY_POOL, t.poolSold],
    ['founders', FOUNDERS, t.foundersIssued],
  ];
  return {
    allocations: rows.map(([name, size, issued]) => ({ name, size: size.toString(), issued: issued.toString() })),
    totalIssued: rows.reduce((s, r) => s + r[2], 0n).toString(),
    cap: TOTAL_SUPPLY.toString(),
  };
}

const balanceOf = (ctx: Context, k: IssuanceKeeper, module: string) =>
  k.deps.bank.getBalance(ctx, moduleAddress(module), BASE_DENOM, false).amount.toString();

export function poolView(ctx: Context, k: IssuanceKeeper): QueryPoolResponse {
  const p = k.getParams(ctx);
  const t = k.getTotals(ctx);
  let end = 0n;
  let open = { tranche: 0, price: 0n, left: 0n };
  for (const [i, tr] of p.poolSchedule.entries()) {
    end += tr.size;
    if (t.poolSold < end) {
      open = { tranche: i + 1, price: tr.price, left: end - t.poolSold };
      break;
    }
  }
  return {
    address: moduleAddress(LIQUIDITY_POOL_ACCOUNT),
    quoteDenom: p.quoteDenom,
    sold: t.poolSold.toString(),
    reserves: t.poolReserves.toString(),
    boughtBack: t.poolBoughtBack.toString(),
    latestPrice: latestPrice(p.poolSchedule, poolOf(t))?.toString() ?? '',
    tranche: open.tranche,
    tranchePrice: open.price.toString(),
    trancheLeft: open.left.toString(),
    bridge: p.bridge,
  };
}

export function registerIssuanceQueries(q: QueryRouter, k: IssuanceKeeper): void {
  q.service(ISSUANCE_QUERY_PREFIX, {
    Phase: (ctx) => QueryPhaseResponse.encode(phaseView(ctx, k)).finish(),
    Minimum: (ctx) => QueryMinimumResponse.encode(minimumView(ctx, k)).finish(),
    Allocations: (ctx) => QueryAllocationsResponse.encode(allocationsView(ctx, k)).finish(),
    TrainingFund: (ctx) =>
      QueryTrainingFundResponse.encode({
        address: moduleAddress(TRAINING_FUND_ACCOUNT),
        balance: balanceOf(ctx, k, TRAINING_FUND_ACCOUNT),
        received: k.getTotals(ctx).trainingFundReceived.toString(),
        trainingShareBps: Number(k.getParams(ctx).trainingShareBps),
      }).finish(),
    Pot: (ctx) =>
      QueryPotResponse.encode({
        address: moduleAddress(REWARD_POT_ACCOUNT),
        balance: balanceOf(ctx, k, REWARD_POT_ACCOUNT),
        entries: k.potEntries(ctx).map((e) => ({ address: e.address, amount: e.amount.toString() })),
      }).finish(),
    Pool: (ctx) => QueryPoolResponse.encode(poolView(ctx, k)).finish(),
    Params: (ctx) => QueryParamsResponse.encode({ params: issuanceParamsToProto(k.getParams(ctx)) }).finish(),
  });
}
