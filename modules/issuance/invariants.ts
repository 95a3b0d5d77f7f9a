import type { Invariant } from '../../chain/app/module.js';
import { moduleAddress } from '../auth/types.js';
import { BASE_DENOM } from '../bank/denoms.js';
import type { IssuanceKeeper } from './keeper.js';
import { REWARD_POT_ACCOUNT } from './keys.js';
import { CORE_INCENTIVE, FOUNDERS, TOTAL_SUPPLY } from './supply.js';

/**
 * The cap (issue item 1): every nicoin in the bank's supply was issued from an allocation, no allocation passed its
 * size, and so the supply never exceeds 10^18. Supply may be below what was issued: gov burns deposits. The bank's
 * own invariant checks that the sum of all balances (accounts, module accounts, escrow, vesting) equals the supply.
 */
export function issuanceInvariants(k: IssuanceKeeper): Invariant[] {
  return [
    {
      name: 'supply-cap',
      check: (ctx) => {
        const t = k.getTotals(ctx);
        const supply = k.deps.bank.getSupply(ctx, BASE_DENOM).amount;
        if (t.coreMinted > CORE_INCENTIVE) return `core incentive minted ${t.coreMinted} > ${CORE_INCENTIVE}`;
        if (t.foundersIssued > FOUNDERS) return `founders issued ${t.foundersIssued} > ${FOUNDERS}`;
        const issued = t.coreMinted + t.foundersIssued;
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
  ];
}
