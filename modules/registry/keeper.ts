import type { Context } from '../../chain/app/context.js';
import { utf8, type KVStore } from '../../chain/store/kv.js';
import { concatBytes } from '../../chain/types/bytes.js';
import { Params, RegisteredModel, type Model } from '../../proto/gen/race/registry/v1/registry.js';
import { RegistryErrors } from './errors.js';
import { REGISTRY_STORE_KEY, RegistryPrefix } from './keys.js';
import { DEFAULT_REGISTRY_PARAMS } from './model.js';

const modelKey = (id: string) => concatBytes(Uint8Array.of(RegistryPrefix.Model), utf8(id));

/** The governance-curated list of models the network serves. */
export class RegistryKeeper {
  private kv(ctx: Context): KVStore {
    return ctx.kv(REGISTRY_STORE_KEY);
  }

  getParams(ctx: Context): Params {
    const raw = this.kv(ctx).get(Uint8Array.of(RegistryPrefix.Params));
    return raw ? Params.decode(raw) : DEFAULT_REGISTRY_PARAMS;
  }

  setParams(ctx: Context, p: Params): void {
    this.kv(ctx).set(Uint8Array.of(RegistryPrefix.Params), Params.encode(p).finish());
  }

  getModel(ctx: Context, id: string): RegisteredModel | undefined {
    const raw = this.kv(ctx).get(modelKey(id));
    return raw ? RegisteredModel.decode(raw) : undefined;
  }

  /** Every registered model, ordered by id. */
  models(ctx: Context): RegisteredModel[] {
    const out: RegisteredModel[] = [];
    for (const [, v] of this.kv(ctx).iterate(
      Uint8Array.of(RegistryPrefix.Model),
      Uint8Array.of(RegistryPrefix.Model + 1),
    ))
      out.push(RegisteredModel.decode(v));
    return out;
  }

  count(ctx: Context): bigint {
    return BigInt(this.models(ctx).length);
  }

  register(ctx: Context, model: Model, height: bigint): void {
    if (this.kv(ctx).has(modelKey(model.id))) throw RegistryErrors.ModelExists.wrap(model.id);
    const max = this.getParams(ctx).maxModels;
    if (this.count(ctx) >= max) throw RegistryErrors.TooManyModels.wrap(`max_models is ${max}`);
    this.kv(ctx).set(modelKey(model.id), RegisteredModel.encode({ model, registeredHeight: height }).finish());
  }

  deregister(ctx: Context, id: string): void {
    if (!this.kv(ctx).has(modelKey(id))) throw RegistryErrors.ModelNotFound.wrap(id);
    this.kv(ctx).delete(modelKey(id));
  }

  /** Genesis import: no capacity check against params written later in the same import. */
  importModel(ctx: Context, m: RegisteredModel): void {
    this.kv(ctx).set(modelKey(m.model!.id), RegisteredModel.encode(m).finish());
  }
}
