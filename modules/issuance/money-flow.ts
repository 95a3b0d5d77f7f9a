/**
 * THE money flow of issuance (docs/issuance.md, "Money flow"): every coin this module mints or moves goes through
 * one of these functions, in this one file. Where coins go:
 *
 *   paid inference fee F ─► training fund floor(F·t)                (out of the inference escrow)
 *                       └─► subsidy S minted into the reward pot ─► training fund, rest earmarked for the executor
 *   a day's top-up       ─► minted into the reward pot ─► training fund, rest earmarked by the day's work
 *   fee_collector (gas)  ─► reward pot at the epoch's end ─► training fund, rest earmarked by Race weight
 *   reward pot           ─► released to the earmarked addresses at the epoch's end (releaseEpochRewardPot)
 *   bridge deposit       ─► quote denom minted to the depositor (bridgeDeposit, the appointed bridge only)
 *   pool purchase        ─► quote into the liquidity pool account, icon minted from the pool's 120 M to the buyer
 *   pool sell-back       ─► icon into the pool account (held), quote out of its reserves to the provider
 *
 * The arithmetic is the pure functions beside this file; here it becomes bank calls and state.
 */
import type { Context } from '../../chain/app/context.js';
import { event } from '../../chain/types/events.js';
import { moduleAddress, FEE_COLLECTOR } from '../auth/types.js';
import { BASE_DENOM } from '../bank/denoms.js';
import { dayOfHeight, isLastBlockOfDay } from './calendar.js';
import { additionalRewardSchedule, completedDays, releasedAfter } from './release-schedule.js';
import { payInference } from './inference-payout.js';
import type { IssuanceKeeper, IssuanceTotals } from './keeper.js';
import { IssuanceErrors } from './errors.js';
import { buyFromPool, sellToPool, type PoolState } from './liquidity-pool.js';
import { LIQUIDITY_POOL_ACCOUNT, REWARD_POT_ACCOUNT, TRAINING_FUND_ACCOUNT } from './keys.js';
import { settleDay } from './minimum-issuance.js';
import { splitTrainingFund } from './training-fund.js';
import { splitByWork, type WorkShare } from './work-split.js';

const coins = (n: bigint) => [{ denom: BASE_DENOM, amount: n }];

function move(ctx: Context, k: IssuanceKeeper, fromModule: string, toModule: string, amount: bigint): void {
  if (amount <= 0n) return;
  const to = k.deps.accounts.getOrCreateModuleAccount(ctx, toModule).address;
  k.deps.bank.sendCoins(ctx, moduleAddress(fromModule), to, coins(amount));
}

function mintIntoPot(ctx: Context, k: IssuanceKeeper, amount: bigint): void {
  if (amount > 0n) k.deps.bank.mintCoins(ctx, REWARD_POT_ACCOUNT, coins(amount));
}

/** Earmarks pot coins for addresses (the pot's balance must already hold them). */
function earmark(ctx: Context, k: IssuanceKeeper, payouts: ReadonlyArray<{ address: string; amount: bigint }>): void {
  for (const p of payouts) if (p.amount > 0n) k.setPotEntry(ctx, p.address, k.potEntry(ctx, p.address) + p.amount);
}

/**
 * Moves `gross` nicoin already in the pot: the training share to the fund, the rest earmarked by `shares` (work or
 * weight); `shares` must not be empty when gross > 0.
 */
function shareFromPot(ctx: Context, k: IssuanceKeeper, gross: bigint, shares: readonly WorkShare[]): void {
  const { trainingFund, providers } = splitTrainingFund(gross, k.getParams(ctx).trainingShareBps);
  move(ctx, k, REWARD_POT_ACCOUNT, TRAINING_FUND_ACCOUNT, trainingFund);
  earmark(ctx, k, splitByWork(providers, shares));
  k.updateTotals(ctx, (t) => ({ ...t, trainingFundReceived: t.trainingFundReceived + trainingFund }));
}

/**
 * One settled inference request whose developer paid `fee` (held in the module account `feeModule`). Takes the
 * training share of the fee from there, mints the phase's subsidy into the pot (none in a daily-budget phase), sends
 * the subsidy's part of the training share to the fund and earmarks the rest for the executor. Returns the fee's
 * training share, which the caller no longer holds. Dummy tasks must not call this: they pay no fee and mint nothing.
 */
export function settleInferenceFee(
  ctx: Context,
  k: IssuanceKeeper,
  p: { executor: string; fee: bigint; feeModule: string },
): bigint {
  if (p.fee <= 0n) return 0n;
  const params = k.getParams(ctx);
  const totals = k.getTotals(ctx);
  const payout = payInference(totals.coreMinted, p.fee, params);
  const fromFee = splitTrainingFund(p.fee, params.trainingShareBps).trainingFund;
  // floor(a+b) − floor(a) ≤ ceil(b) ≤ subsidy, so the subsidy's part never exceeds the subsidy.
  const fromSubsidy = payout.trainingFund - fromFee;
  move(ctx, k, p.feeModule, TRAINING_FUND_ACCOUNT, fromFee);
  mintIntoPot(ctx, k, payout.subsidy);
  move(ctx, k, REWARD_POT_ACCOUNT, TRAINING_FUND_ACCOUNT, fromSubsidy);
  earmark(ctx, k, [{ address: p.executor, amount: payout.subsidy - fromSubsidy }]);
  k.setTotals(ctx, {
    ...totals,
    coreMinted: payout.coreMinted,
    dayDemandMinted: totals.dayDemandMinted + payout.subsidy,
    feesPaid: totals.feesPaid + p.fee,
    trainingFundReceived: totals.trainingFundReceived + payout.trainingFund,
  });
  if (payout.subsidy > 0n || fromFee > 0n)
    ctx.events.emit(
      event('issuance_subsidy', [
        ['executor', p.executor],
        ['fee', `${p.fee}${BASE_DENOM}`],
        ['subsidy', `${payout.subsidy}${BASE_DENOM}`],
        ['training_fund', `${payout.trainingFund}${BASE_DENOM}`],
      ]),
    );
  return fromFee;
}

/**
 * At a day's last block: the minimum-issuance top-up (settleDay), minted into the pot and earmarked by the day's
 * work. Work on a day is the Race weight in force: accepted Race work is what participants do on a day without
 * traffic, and with traffic executors are drawn by that same weight, so paying oneself buys no larger share.
 */
export function settleDayEnd(ctx: Context, k: IssuanceKeeper): void {
  const cal = k.getCalendar(ctx);
  const height = BigInt(ctx.block.height);
  if (!isLastBlockOfDay(cal, height)) return;
  const totals = k.getTotals(ctx);
  const workers = k.deps.weights.participants(ctx).map((p) => ({ address: p.address, work: p.weight }));
  const work = workers.reduce((s, w) => s + w.work, 0n);
  const day = dayOfHeight(cal, height);
  const { coreMinted, topUp } = settleDay(cal, totals.coreMinted, day, totals.dayDemandMinted, work);
  k.setTotals(ctx, { ...totals, coreMinted, dayDemandMinted: 0n, topUpMinted: totals.topUpMinted + topUp });
  if (topUp === 0n) return;
  mintIntoPot(ctx, k, topUp);
  shareFromPot(ctx, k, topUp, workers);
  ctx.events.emit(
    event('issuance_top_up', [
      ['day', day.toString()],
      ['amount', `${topUp}${BASE_DENOM}`],
      ['workers', String(workers.length)],
    ]),
  );
}

/** At an epoch's end: the gas fees in fee_collector go into the pot, earmarked by Race weight after the training share. */
export function collectEpochFees(ctx: Context, k: IssuanceKeeper): void {
  const fees = k.deps.bank.getBalance(ctx, moduleAddress(FEE_COLLECTOR), BASE_DENOM, false).amount;
  const participants = k.deps.weights.participants(ctx);
  if (fees === 0n || participants.length === 0) return;
  move(ctx, k, FEE_COLLECTOR, REWARD_POT_ACCOUNT, fees);
  shareFromPot(
    ctx,
    k,
    fees,
    participants.map((p) => ({ address: p.address, work: p.weight })),
  );
}

/**
 * THE distribution hook: at an epoch's end the reward pot pays every earmarked address. The verification issue
 * (issue 14) extends exactly this function: an address whose work failed verification forfeits its entry; forfeited
 * subsidy is burned and returned to the unminted pool (core_minted goes down by it), which keeps the cap invariant.
 */
export function releaseEpochRewardPot(ctx: Context, k: IssuanceKeeper): void {
  const pot = moduleAddress(REWARD_POT_ACCOUNT);
  let released = 0n;
  const entries = k.potEntries(ctx);
  for (const e of entries) {
    k.deps.bank.sendCoins(ctx, pot, e.address, coins(e.amount));
    k.setPotEntry(ctx, e.address, 0n);
    released += e.amount;
  }
  if (released > 0n)
    ctx.events.emit(
      event('reward_pot_released', [
        ['amount', `${released}${BASE_DENOM}`],
        ['recipients', String(entries.length)],
      ]),
    );
}

/**
 * At a day's last block: the additional hardware reward (appendix E, 120 M over four years). What the schedule has
 * released by now and not yet paid is split into `slots` equal shares, one for each of the top miners: participants
 * whose Race weight is at least the "1,000 A100 GPUs" threshold, heaviest first. A miner that leaves drops out of the
 * top list and the next eligible takes its slot from the next day on ("the next eligible miner inherits the
 * remaining rewards"). The shares of empty slots stay unpaid and roll into later days. Paid into the pot, released
 * at the epoch's end; not inference revenue, so no training share.
 */
export function payHardwareReward(ctx: Context, k: IssuanceKeeper): void {
  const cal = k.getCalendar(ctx);
  const height = BigInt(ctx.block.height);
  if (!isLastBlockOfDay(cal, height)) return;
  const p = k.getParams(ctx);
  if (p.hardwareRewardMinWeight === 0n) return;
  const t = k.getTotals(ctx);
  const due = releasedAfter(additionalRewardSchedule(cal), completedDays(cal, height)) - t.additionalIssued;
  const top = k.deps.weights
    .participants(ctx)
    .filter((x) => x.weight >= p.hardwareRewardMinWeight)
    .sort((a, b) => (a.weight !== b.weight ? (a.weight > b.weight ? -1 : 1) : a.address < b.address ? -1 : 1))
    .slice(0, Number(p.hardwareRewardSlots));
  const share = due / p.hardwareRewardSlots;
  const paid = share * BigInt(top.length);
  if (paid <= 0n) return;
  mintIntoPot(ctx, k, paid);
  earmark(
    ctx,
    k,
    top.map((x) => ({ address: x.address, amount: share })),
  );
  k.setTotals(ctx, { ...t, additionalIssued: t.additionalIssued + paid });
  ctx.events.emit(
    event('hardware_reward', [
      ['amount', `${paid}${BASE_DENOM}`],
      ['miners', String(top.length)],
    ]),
  );
}

/** The module's EndBlock: the day's top-up first, so a day ending with the epoch is released with it. */
export function issuanceEndBlock(ctx: Context, k: IssuanceKeeper): void {
  settleDayEnd(ctx, k);
  payHardwareReward(ctx, k);
  if (!k.deps.weights.isEpochEnd(ctx)) return;
  collectEpochFees(ctx, k);
  releaseEpochRewardPot(ctx, k);
}

// The liquidity pool (appendix E): bridged quote in, icon out; sell-backs at the latest achieved price.

function requireBridge(ctx: Context, k: IssuanceKeeper, bridge: string): string {
  const p = k.getParams(ctx);
  if (p.bridge === '' || bridge !== p.bridge)
    throw IssuanceErrors.Unauthorized.wrap(
      p.bridge === '' ? 'no bridge account is appointed' : `${bridge} is not the bridge account ${p.bridge}`,
    );
  return p.quoteDenom;
}

/** The governance-appointed bridge mints the quote denom for a deposit made on the other chain. */
export function bridgeDeposit(
  ctx: Context,
  k: IssuanceKeeper,
  bridge: string,
  recipient: string,
  amount: bigint,
): void {
  const denom = requireBridge(ctx, k, bridge);
  if (amount <= 0n) throw IssuanceErrors.InvalidAmount.wrap(`deposit must be positive, got ${amount}`);
  k.deps.bank.mintCoins(ctx, LIQUIDITY_POOL_ACCOUNT, [{ denom, amount }]);
  k.deps.bank.sendCoins(ctx, moduleAddress(LIQUIDITY_POOL_ACCOUNT), recipient, [{ denom, amount }]);
}

/** A buyer pays up to `quoteIn`; the pool mints the icon it sells (its allocation) and keeps what was paid. */
export function buyFromLiquidityPool(
  ctx: Context,
  k: IssuanceKeeper,
  buyer: string,
  quoteIn: bigint,
): { coins: bigint; paid: bigint } {
  if (quoteIn <= 0n) throw IssuanceErrors.InvalidAmount.wrap(`quote amount must be positive, got ${quoteIn}`);
  const p = k.getParams(ctx);
  const t = k.getTotals(ctx);
  const r = buyFromPool(p.poolSchedule, poolOf(t), quoteIn);
  if (r.coins === 0n)
    throw IssuanceErrors.InsufficientReserves.wrap('the pool is sold out, or the amount buys less than one nicoin');
  const paid = quoteIn - r.refund;
  const pool = k.deps.accounts.getOrCreateModuleAccount(ctx, LIQUIDITY_POOL_ACCOUNT).address;
  k.deps.bank.sendCoins(ctx, buyer, pool, [{ denom: p.quoteDenom, amount: paid }]);
  k.deps.bank.mintCoins(ctx, LIQUIDITY_POOL_ACCOUNT, coins(r.coins));
  k.deps.bank.sendCoins(ctx, pool, buyer, coins(r.coins));
  k.setTotals(ctx, { ...t, poolSold: r.state.sold, poolReserves: r.state.reserves });
  return { coins: r.coins, paid };
}

/** A hardware provider sells icon back at the latest achieved price; the pool holds them (never minted again). */
export function sellToLiquidityPool(
  ctx: Context,
  k: IssuanceKeeper,
  seller: string,
  amount: bigint,
): { coinsTaken: bigint; quoteOut: bigint } {
  if (k.deps.weights.weightOf(ctx, seller) <= 0n)
    throw IssuanceErrors.Unauthorized.wrap(
      `${seller} has no Race weight; only hardware providers sell back to the pool`,
    );
  if (amount <= 0n) throw IssuanceErrors.InvalidAmount.wrap(`amount must be positive, got ${amount}`);
  const p = k.getParams(ctx);
  const t = k.getTotals(ctx);
  const r = sellToPool(p.poolSchedule, poolOf(t), amount);
  const pool = k.deps.accounts.getOrCreateModuleAccount(ctx, LIQUIDITY_POOL_ACCOUNT).address;
  k.deps.bank.sendCoins(ctx, seller, pool, coins(r.coinsTaken));
  k.deps.bank.sendCoins(ctx, pool, seller, [{ denom: p.quoteDenom, amount: r.quoteOut }]);
  k.setTotals(ctx, { ...t, poolReserves: r.state.reserves, poolBoughtBack: r.state.boughtBack });
  return { coinsTaken: r.coinsTaken, quoteOut: r.quoteOut };
}

export const poolOf = (t: IssuanceTotals): PoolState => ({
  sold: t.poolSold,
  reserves: t.poolReserves,
  boughtBack: t.poolBoughtBack,
});
