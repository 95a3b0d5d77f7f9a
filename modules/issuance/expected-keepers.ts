import type { Context } from '../../chain/app/context.js';
import type { Coin } from '../../chain/types/coins.js';

/** The bank calls the module moves money with (modules/bank/keeper.ts). */
export interface IssuanceBank {
  getBalance(ctx: Context, address: string, denom: string, metered?: boolean): Coin;
  getSupply(ctx: Context, denom: string): Coin;
  mintCoins(ctx: Context, module: string, coins: readonly Coin[]): void;
  sendCoins(ctx: Context, from: string, to: string, coins: readonly Coin[]): void;
  /** Every balance, for the balance-sum check (O(accounts): devnets and tests only). */
  allAccountBalances(ctx: Context): Array<{ address: string; coins: Coin[] }>;
}

export interface IssuanceAccounts {
  getOrCreateModuleAccount(ctx: Context, name: string, permissions?: string[]): { address: string };
}

/** Race weights and epochs of the current epoch (race/module/weights.ts), as pricing reads them. */
export interface IssuanceWeights {
  /** Accounts with positive weight, ordered by address bytes. */
  participants(ctx: Context): Array<{ address: string; weight: bigint }>;
  isEpochEnd(ctx: Context): boolean;
  /** Positive for hardware providers (Race participants): only they may sell coins back to the pool. */
  weightOf(ctx: Context, address: string): bigint;
}
