import type { Context } from '../../chain/app/context.js';
import { BASE_DENOM } from '../bank/denoms.js';
import type { InferenceKeeper } from './keeper.js';
import { ESCROW_ACCOUNT, PENDING_REWARDS_ACCOUNT } from './keys.js';

const coins = (n: bigint) => [{ denom: BASE_DENOM, amount: n }];

export function escrowFrom(ctx: Context, keeper: InferenceKeeper, requester: string, amount: bigint): void {
  if (amount > 0n) keeper.deps.bank.sendCoinsFromAccountToModule(ctx, requester, ESCROW_ACCOUNT, coins(amount));
}

export function refundTo(ctx: Context, keeper: InferenceKeeper, requester: string, amount: bigint): void {
  if (amount > 0n) keeper.deps.bank.sendCoinsFromModuleToAccount(ctx, ESCROW_ACCOUNT, requester, coins(amount));
}

/** Moves pay out of escrow into the pending-rewards account, recorded per (current epoch, address); nothing is paid out. */
export function holdReward(ctx: Context, keeper: InferenceKeeper, address: string, amount: bigint): void {
  if (amount <= 0n) return;
  const pending = keeper.deps.accounts.getOrCreateModuleAccount(ctx, PENDING_REWARDS_ACCOUNT);
  keeper.deps.bank.sendCoinsFromModuleToAccount(ctx, ESCROW_ACCOUNT, pending.address, coins(amount));
  const epoch = keeper.deps.weights.currentEpoch(ctx);
  const old = keeper.getPending(ctx, epoch, address);
  keeper.setPending(ctx, { epoch, address, amount: (BigInt(old?.amount ?? '0') + amount).toString() });
}
