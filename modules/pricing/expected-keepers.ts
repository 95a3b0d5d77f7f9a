import type { Context } from '../../chain/app/context.js';

/** Race weights of the current epoch (race/module/weights.ts). */
export interface ProviderWeightSource {
  weightOf(ctx: Context, address: string): bigint;
  /** Accounts with positive weight, ordered by address bytes. */
  participants(ctx: Context): Array<{ address: string; weight: bigint }>;
}

export interface EpochSource {
  currentEpoch(ctx: Context): bigint;
  isEpochEnd(ctx: Context): boolean;
}

/** The registered models' compute cost per token (the registry module). */
export interface ModelCostSource {
  models(ctx: Context): Array<{ model?: { id: string; unitsPerInputToken: bigint; unitsPerOutputToken: bigint } }>;
  getModel(
    ctx: Context,
    id: string,
  ): { model?: { id: string; unitsPerInputToken: bigint; unitsPerOutputToken: bigint } } | undefined;
}
