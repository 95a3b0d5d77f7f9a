import type { Context } from '../../chain/app/context.js';
import type { Invariant } from '../../chain/app/module.js';
import { event } from '../../chain/types/events.js';
import { moduleAddress } from '../auth/types.js';
import { BASE_DENOM } from '../bank/denoms.js';
import { issuedTotal, type IssuanceKeeper } from './keeper.js';
import { LIQUIDITY_POOL_ACCOUNT, REWARD_POT_ACCOUNT } from './keys.js';
import { ADDITIONAL_REWARD, CORE_INCENTIVE, FOUNDERS, LIQUIDITY_POOL, TOTAL_SUPPLY } from './supply.js';

/**
 * The cap (issue item 1): every nicoin in the bank's supply was issued from an allocation, no allocation passed its
 * size, and so the supply never exceeds 10^18. Supply may be below what was issued: gov burns deposits. The bank's
 * own invariant checks that the sum of all balances (accounts, module accounts, escrow, vesting) equals the supply.
 */
/** The bank's supply of nicoin equals the sum of every balance (the issue asks it of every block on devnets). */
export function balanceSumInvariant(k: IssuanceKeeper): Invariant {
  return {
    name: 'balance-sum',
    check: (ctx) => {
      let sum = 0n;
      for (const b of k.deps.bank.allAccountBalances(ctx))
        for (const c of b.coins) if (c.denom === BASE_DENOM) sum += c.amount;
      const supply = k.deps.bank.getSupply(ctx, BASE_DENOM).amount;
      return sum === supply ? undefined : `sum of balances ${sum} != supply ${supply}`;
    },
  };
}

/**
 * EndBlock's check on devnets (genesis `invariant_check_blocks`): a broken invariant is logged and reported by an
 * `invariant_broken` event, never thrown (block hooks do not throw).
 */
export function checkInvariantsInBlock(ctx: Context, k: IssuanceKeeper): void {
  const every = k.getInvariantCheckBlocks(ctx);
  if (every === 0n || BigInt(ctx.block.height) % every !== 0n) return;
  for (const inv of [...issuanceInvariants(k), balanceSumInvariant(k)]) {
    const broken = inv.check(ctx);
    if (broken === undefined) continue;
    ctx.log.error({ invariant: inv.name, height: ctx.block.height }, broken);
    ctx.events.emit(
      event('invariant_broken', [
        ['module', 'issuance'],
        ['invariant', inv.name],
        ['message', broken],
      ]),
    );
  }
}

export function issuanceInvariants(k: IssuanceKeeper): Invariant[] {
  return [
    {
      name: 'supply-cap',
      check: (ctx) => {
        const t = k.getTotals(ctx);
        const supply = k.deps.bank.getSupply(ctx, BASE_DENOM).amount;
        if (t.coreMinted > CORE_INCENTIVE) return `core incentive minted ${t.coreMinted} > ${CORE_INCENTIVE}`;
        if (t.foundersIssued > FOUNDERS) return `founders issued ${t.foundersIssued} > ${FOUNDERS}`;
        if (t.poolSold > LIQUIDITY_POOL) return `pool sold ${t.poolSold} > ${LIQUIDITY_POOL}`;
        if (t.additionalIssued > ADDITIONAL_REWARD)
          return `additional reward issued ${t.additionalIssued} > ${ADDITIONAL_REWARD}`;
        const issued = issuedTotal(t);
        if (supply > issued) return `supply ${supply}${BASE_DENOM} > issued by the allocations ${issued}`;
        if (supply > TOTAL_SUPPLY) return `supply ${supply}${BASE_DENOM} > cap ${TOTAL_SUPPLY}`;
        return undefined;
      },
    },
    {
      name: 'reward-pot-backed',
      check: (ctx) => {
        const held = k.potEntries(ctx).reduce((s, e) => s + e.amount, 0n);
        const balance = k.deps.bank.getBalance(ctx, moduleAddress(REWARD_POT_ACCOUNT), BASE_DENOM, false).amount;
        return held === balance ? undefined : `pot entries ${held} != pot balance ${balance}`;
      },
    },
    {
      name: 'liquidity-pool-backed',
      check: (ctx) => {
        const t = k.getTotals(ctx);
        const pool = moduleAddress(LIQUIDITY_POOL_ACCOUNT);
        const quote = k.deps.bank.getBalance(ctx, pool, k.getParams(ctx).quoteDenom, false).amount;
        const icon = k.deps.bank.getBalance(ctx, pool, BASE_DENOM, false).amount;
        if (quote !== t.poolReserves) return `pool reserves ${t.poolReserves} != its quote balance ${quote}`;
        if (icon !== t.poolBoughtBack)
          return `pool bought back ${t.poolBoughtBack} != its ${BASE_DENOM} balance ${icon}`;
        return undefined;
      },
    },
  ];
}
