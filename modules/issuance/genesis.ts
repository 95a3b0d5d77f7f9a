import type { Context } from '../../chain/app/context.js';
import { isValidAddress } from '../../chain/crypto/address.js';
import { moduleAddress } from '../auth/types.js';
import { BASE_DENOM } from '../bank/denoms.js';
import { PAPER_CALENDAR, validateCalendar } from './calendar.js';
import { IssuanceErrors } from './errors.js';
import { issuedTotal, ZERO_TOTALS, type IssuanceKeeper, type IssuanceTotals } from './keeper.js';
import { REWARD_POT_ACCOUNT } from './keys.js';
import { DEFAULT_ISSUANCE_PARAMS, issuanceParamsFromProto, issuanceParamsToProto } from './params.js';
import { requireCoreMinted } from './subsidy-share.js';
import { ADDITIONAL_REWARD, FOUNDERS, LIQUIDITY_POOL } from './supply.js';

/** The issuance genesis JSON (snake_case; amounts are integer nicoin strings). */
export interface IssuanceGenesis {
  params: {
    training_share_bps: number;
    guard_weight_num: string;
    guard_weight_den: string;
    bridge: string;
    quote_denom: string;
    pool_schedule: Array<{ size: string; price: string }>;
    hardware_reward_min_weight: string;
    hardware_reward_slots: number;
  };
  /** Fixed at genesis; no message changes it (so no proposal can move the year-5 lock). */
  calendar: { blocks_per_day: string; days_per_year: string };
  /**
   * null at a chain's start: every nicoin in the bank's genesis balances (the devnet's `dev` account, testnet
   * validators, founders' vesting accounts) is drawn from the founders' 160 M, and nothing else is issued yet.
   */
  state: Record<keyof typeof STATE_JSON, string> | null;
  pot: Array<{ address: string; amount: string }>;
  /** EndBlock checks the invariants every this many blocks ("0" = never: a full balance scan is O(accounts)). */
  invariant_check_blocks: string;
}

const STATE_JSON = {
  core_minted: 'coreMinted',
  founders_issued: 'foundersIssued',
  day_demand_minted: 'dayDemandMinted',
  fees_paid: 'feesPaid',
  top_up_minted: 'topUpMinted',
  training_fund_received: 'trainingFundReceived',
  pool_sold: 'poolSold',
  pool_reserves: 'poolReserves',
  pool_bought_back: 'poolBoughtBack',
  additional_issued: 'additionalIssued',
} as const;

const uintRe = /^(0|[1-9][0-9]{0,76})$/;

function uint(v: unknown, what: string): bigint {
  if (typeof v !== 'string' || !uintRe.test(v))
    throw IssuanceErrors.InvalidState.wrap(`${what} must be an unsigned integer string, got ${JSON.stringify(v)}`);
  return BigInt(v);
}

function paramsJson(p = DEFAULT_ISSUANCE_PARAMS): IssuanceGenesis['params'] {
  const j = issuanceParamsToProto(p);
  return {
    training_share_bps: j.trainingShareBps,
    guard_weight_num: j.guardWeightNum.toString(),
    guard_weight_den: j.guardWeightDen.toString(),
    bridge: j.bridge,
    quote_denom: j.quoteDenom,
    pool_schedule: j.poolSchedule.map((t) => ({ size: t.size, price: t.price })),
    hardware_reward_min_weight: j.hardwareRewardMinWeight,
    hardware_reward_slots: j.hardwareRewardSlots,
  };
}

export function defaultIssuanceGenesis(): IssuanceGenesis {
  return {
    params: paramsJson(),
    calendar: {
      blocks_per_day: PAPER_CALENDAR.blocksPerDay.toString(),
      days_per_year: PAPER_CALENDAR.daysPerYear.toString(),
    },
    state: null,
    pot: [],
    invariant_check_blocks: '0',
  };
}

function totalsFromJson(ctx: Context, k: IssuanceKeeper, state: IssuanceGenesis['state']): IssuanceTotals {
  const supply = k.deps.bank.getSupply(ctx, BASE_DENOM).amount;
  if (state === null) {
    if (supply > FOUNDERS)
      throw IssuanceErrors.InvalidState.wrap(
        `genesis balances hold ${supply}${BASE_DENOM}, more than the founders' allocation ${FOUNDERS}${BASE_DENOM} they are drawn from`,
      );
    return { ...ZERO_TOTALS, foundersIssued: supply };
  }
  const t = { ...ZERO_TOTALS };
  for (const [json, key] of Object.entries(STATE_JSON)) t[key] = uint(state[json as keyof typeof STATE_JSON], json);
  requireCoreMinted(t.coreMinted);
  if (t.foundersIssued > FOUNDERS) throw IssuanceErrors.InvalidState.wrap('founders_issued exceeds 160 M');
  if (t.poolSold > LIQUIDITY_POOL) throw IssuanceErrors.InvalidState.wrap('pool_sold exceeds 120 M');
  if (t.additionalIssued > ADDITIONAL_REWARD) throw IssuanceErrors.InvalidState.wrap('additional_issued exceeds 120 M');
  if (supply > issuedTotal(t))
    throw IssuanceErrors.InvalidState.wrap(
      `the bank's supply ${supply}${BASE_DENOM} exceeds what the allocations issued (${issuedTotal(t)})`,
    );
  return t;
}

export function initIssuanceGenesis(ctx: Context, k: IssuanceKeeper, raw: unknown): void {
  const g = raw as IssuanceGenesis;
  if (!g || typeof g !== 'object' || !g.params || !g.calendar)
    throw IssuanceErrors.InvalidState.wrap('issuance genesis must be an object with params and calendar');
  k.setParams(
    ctx,
    issuanceParamsFromProto({
      trainingShareBps: Number(g.params.training_share_bps),
      guardWeightNum: uint(g.params.guard_weight_num, 'guard_weight_num'),
      guardWeightDen: uint(g.params.guard_weight_den, 'guard_weight_den'),
      bridge: String(g.params.bridge ?? ''),
      quoteDenom: String(g.params.quote_denom ?? ''),
      poolSchedule: (g.params.pool_schedule ?? []).map((t) => ({ size: String(t.size), price: String(t.price) })),
      hardwareRewardMinWeight: String(g.params.hardware_reward_min_weight ?? '0'),
      hardwareRewardSlots: Number(g.params.hardware_reward_slots ?? 10),
    }),
  );
  k.setCalendar(
    ctx,
    validateCalendar({
      blocksPerDay: uint(g.calendar.blocks_per_day, 'blocks_per_day'),
      daysPerYear: uint(g.calendar.days_per_year, 'days_per_year'),
    }),
  );
  k.setTotals(ctx, totalsFromJson(ctx, k, g.state ?? null));
  k.setInvariantCheckBlocks(ctx, uint(g.invariant_check_blocks ?? '0', 'invariant_check_blocks'));
  let held = 0n;
  for (const e of g.pot ?? []) {
    if (!isValidAddress(e.address)) throw IssuanceErrors.InvalidState.wrap(`invalid pot address ${e.address}`);
    if (k.potEntry(ctx, e.address) !== 0n) throw IssuanceErrors.InvalidState.wrap(`duplicate pot entry ${e.address}`);
    const amount = uint(e.amount, `pot amount of ${e.address}`);
    if (amount === 0n) throw IssuanceErrors.InvalidState.wrap(`pot amount of ${e.address} must be positive`);
    k.setPotEntry(ctx, e.address, amount);
    held += amount;
  }
  const potBalance = k.deps.bank.getBalance(ctx, moduleAddress(REWARD_POT_ACCOUNT), BASE_DENOM, false).amount;
  if (held !== potBalance)
    throw IssuanceErrors.InvalidState.wrap(`pot entries add up to ${held}, the pot account holds ${potBalance}`);
}

export function exportIssuanceGenesis(ctx: Context, k: IssuanceKeeper): IssuanceGenesis {
  const c = k.getCalendar(ctx);
  const t = k.getTotals(ctx);
  const state = Object.fromEntries(
    Object.entries(STATE_JSON).map(([json, key]) => [json, t[key].toString()]),
  ) as Record<keyof typeof STATE_JSON, string>;
  return {
    params: paramsJson(k.getParams(ctx)),
    calendar: { blocks_per_day: c.blocksPerDay.toString(), days_per_year: c.daysPerYear.toString() },
    state,
    pot: k.potEntries(ctx).map((e) => ({ address: e.address, amount: e.amount.toString() })),
    invariant_check_blocks: k.getInvariantCheckBlocks(ctx).toString(),
  };
}
