import type { Context } from '../../chain/app/context.js';
import type { RegistryKeeper } from './keeper.js';
import {
  DEFAULT_REGISTRY_PARAMS,
  modelFromJson,
  modelToJson,
  validateModel,
  validateRegistryParams,
  type ModelJson,
} from './model.js';

/** The registry's genesis JSON (snake_case, as genesis.json). */
export interface RegistryGenesis {
  params: { max_models: string };
  models: Array<{ model: ModelJson; registered_height: string }>;
}

export function defaultRegistryGenesis(): RegistryGenesis {
  return { params: { max_models: DEFAULT_REGISTRY_PARAMS.maxModels.toString() }, models: [] };
}

export function initRegistryGenesis(ctx: Context, keeper: RegistryKeeper, raw: unknown): void {
  const g = raw as RegistryGenesis;
  if (!g || typeof g !== 'object') throw new Error('registry genesis must be an object');
  const maxText = g.params?.max_models;
  if (typeof maxText !== 'string' || !/^[0-9]{1,20}$/.test(maxText))
    throw new Error('params.max_models must be an unsigned integer string');
  const params = validateRegistryParams({ maxModels: BigInt(maxText) });
  keeper.setParams(ctx, params);
  const models = g.models ?? [];
  if (BigInt(models.length) > params.maxModels)
    throw new Error(`${models.length} models exceed max_models ${params.maxModels}`);
  const seen = new Set<string>();
  for (const entry of models) {
    const model = validateModel(modelFromJson(entry.model));
    if (seen.has(model.id)) throw new Error(`duplicate model ${model.id}`);
    seen.add(model.id);
    const h = entry.registered_height ?? '0';
    if (!/^[0-9]{1,19}$/.test(h)) throw new Error(`registered_height of ${model.id} must be an integer string`);
    keeper.importModel(ctx, { model, registeredHeight: BigInt(h) });
  }
}

export function exportRegistryGenesis(ctx: Context, keeper: RegistryKeeper): RegistryGenesis {
  return {
    params: { max_models: keeper.getParams(ctx).maxModels.toString() },
    models: keeper
      .models(ctx)
      .map((m) => ({ model: modelToJson(m.model!), registered_height: m.registeredHeight.toString() })),
  };
}
