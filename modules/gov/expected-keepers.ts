import type { Context } from '../../chain/app/context.js';
import type { Coin } from '../../chain/types/coins.js';

/**
 * Race voting weight as gov tallies it (race/module/weights.ts provides it). Weights are those in force for the
 * current epoch.
 */
export interface VotingWeightSource {
  weightOf(ctx: Context, address: string): bigint;
  totalWeight(ctx: Context): bigint;
  /** Accounts with positive weight, ordered by address bytes. */
  participants(ctx: Context): Array<{ address: string; weight: bigint }>;
}

/** Epoch boundaries (the Race module's). */
export interface EpochSource {
  currentEpoch(ctx: Context): bigint;
  /** True in the last block of an epoch: its EndBlock sets what holds in the next one. */
  isEpochEnd(ctx: Context): boolean;
}

/** What gov needs from bank: deposits are escrowed in the gov module account, then refunded or burned. */
export interface GovBankKeeper {
  sendCoinsFromAccountToModule(ctx: Context, from: string, module: string, coins: readonly Coin[]): void;
  sendCoinsFromModuleToAccount(ctx: Context, module: string, to: string, coins: readonly Coin[]): void;
  burnCoins(ctx: Context, module: string, coins: readonly Coin[]): void;
  /** For the invariant that the gov account holds exactly the open deposits. */
  getAllBalances(ctx: Context, address: string): Coin[];
}

export interface GovAccountKeeper {
  getOrCreateModuleAccount(ctx: Context, name: string, permissions?: string[]): { address: string };
}
