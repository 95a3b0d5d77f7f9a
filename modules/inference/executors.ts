import type { Context } from '../../chain/app/context.js';
import { event } from '../../chain/types/events.js';
import type { Executor, Hardware } from '../../proto/gen/race/inference/v1/types.js';
import type { Weighted } from '../../race/module/draw.js';
import { InferenceErrors } from './errors.js';
import { hardwareIneligibility } from './hardware.js';
import type { InferenceKeeper } from './keeper.js';

const MAX_MODELS = 64;

/**
 * A Race participant declares the models it serves and its hardware. Each model must be in the registry, the
 * hardware eligible under the params in force, and the account's public key known (it signed this tx), because the
 * chain checks the executor's signature on every finish with it. No models = withdraws from serving.
 */
export function registerExecutor(
  ctx: Context,
  keeper: InferenceKeeper,
  address: string,
  models: readonly string[],
  hardware: Hardware | undefined,
): void {
  const old = keeper.getExecutor(ctx, address);
  if (models.length === 0) {
    // Withdrawing needs no weight or eligible hardware: the record (and its key, for pending finishes) stays, serving nothing.
    if (!old) throw InferenceErrors.InvalidRequest.wrap(`${address} serves nothing to withdraw from`);
    keeper.setExecutor(ctx, { ...old, models: [] });
    ctx.events.emit(
      event('inference_executor', [
        ['executor', address],
        ['models', ''],
        ['device_kind', old.hardware?.deviceKind ?? ''],
      ]),
    );
    return;
  }
  if (keeper.deps.weights.participantWeight(ctx, address) <= 0n)
    throw InferenceErrors.NotAProvider.wrap(
      `${address} has no Race weight this epoch; only hardware providers execute`,
    );
  if (models.length > MAX_MODELS) throw InferenceErrors.InvalidRequest.wrap(`at most ${MAX_MODELS} models`);
  if (new Set(models).size !== models.length) throw InferenceErrors.InvalidRequest.wrap('models are listed twice');
  for (const m of models)
    if (!keeper.deps.models.getModel(ctx, m)?.model)
      throw InferenceErrors.ModelNotFound.wrap(`${JSON.stringify(m)} is not in the registry`);
  const why = hardwareIneligibility(hardware, keeper.getParams(ctx));
  if (why) throw InferenceErrors.InvalidHardware.wrap(why);
  const pubKey = keeper.deps.accounts.getAccount(ctx, address)?.pubKey;
  if (!pubKey || pubKey.length !== 33)
    throw InferenceErrors.InvalidRequest.wrap(`${address} has no secp256k1 public key on chain`);
  keeper.setExecutor(ctx, {
    address,
    pubKey: Uint8Array.from(pubKey),
    models: [...models].sort(),
    hardware,
    registeredHeight: BigInt(ctx.block.height),
    missed: old?.missed ?? 0n,
  });
  ctx.events.emit(
    event('inference_executor', [
      ['executor', address],
      ['models', [...models].sort().join(',')],
      ['device_kind', hardware!.deviceKind],
    ]),
  );
}

/** An executor's draw weight now: its Race weight if its hardware is eligible under today's params, else 0. */
export function drawWeight(
  ctx: Context,
  keeper: InferenceKeeper,
  e: Executor | undefined,
  params = keeper.getParams(ctx),
): bigint {
  if (!e || e.models.length === 0 || hardwareIneligibility(e.hardware, params)) return 0n;
  return keeper.deps.weights.participantWeight(ctx, e.address);
}

/** Executors that may be drawn for `modelId` now: serving it with a positive draw weight, ordered by address bytes. */
export function eligibleExecutors(ctx: Context, keeper: InferenceKeeper, modelId: string): Weighted[] {
  const params = keeper.getParams(ctx);
  const out: Weighted[] = [];
  for (const address of keeper.executorsOf(ctx, modelId)) {
    const weight = drawWeight(ctx, keeper, keeper.getExecutor(ctx, address), params);
    if (weight > 0n) out.push({ address, weight });
  }
  return out;
}
