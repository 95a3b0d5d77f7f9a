import type { Context } from '../../chain/app/context.js';
import type { Coin } from '../../chain/types/coins.js';
import type { RandomnessDomain } from '../../race/module/randomness/domains.js';

/** The chain randomness primitive for the current epoch: 32 bytes for (beacon output, epoch, domain, id), never a block hash. */
export interface RandomnessSource {
  randomness(ctx: Context, domain: RandomnessDomain, id: Uint8Array): Uint8Array;
}

/** Race weights and epochs (race/module/weights.ts). */
export interface WeightSource {
  /** The Race weight of the participant whose (hot) key is `address`: the key that executes, not its operator's vote. */
  participantWeight(ctx: Context, address: string): bigint;
  currentEpoch(ctx: Context): bigint;
}

/** A registered model's price per token at this height (modules/pricing). */
export interface PriceSource {
  getModelPrice(ctx: Context, id: string): { pricePerInputToken: string; pricePerOutputToken: string };
}

export interface ModelSource {
  getModel(ctx: Context, id: string): { model?: { id: string } } | undefined;
}

export interface BankSource {
  getBalance(ctx: Context, address: string, denom: string, metered?: boolean): Coin;
  sendCoinsFromAccountToModule(ctx: Context, from: string, module: string, coins: readonly Coin[]): void;
  sendCoinsFromModuleToAccount(ctx: Context, module: string, to: string, coins: readonly Coin[]): void;
}

export interface AccountSource {
  getAccount(ctx: Context, address: string, metered?: boolean): { pubKey?: Uint8Array } | undefined;
  getOrCreateModuleAccount(ctx: Context, name: string, permissions?: string[]): { address: string };
}

/**
 * The issuance module's settlement hook (modules/issuance/money-flow.ts settleInferenceFee): mints the phase's subsidy
 * for a paid request and moves the training fund's share of the fee out of `feeModule`; returns that share.
 */
export interface SettlementHook {
  inferencePaid(ctx: Context, p: { executor: string; fee: bigint; feeModule: string }): bigint;
}
