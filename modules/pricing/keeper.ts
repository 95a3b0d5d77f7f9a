import type { Context } from '../../chain/app/context.js';
import { fromBech32Checked } from '../../chain/crypto/address.js';
import { lengthPrefixed, type KVStore } from '../../chain/store/kv.js';
import { concatBytes } from '../../chain/types/bytes.js';
import { event } from '../../chain/types/events.js';
import { Params, PriceVote, UnitPrice, type ModelPrice } from '../../proto/gen/race/pricing/v1/pricing.js';
import { PricingErrors } from './errors.js';
import type { EpochSource, ModelCostSource, ProviderWeightSource } from './expected-keepers.js';
import { PRICING_STORE_KEY, PricingPrefix } from './keys.js';
import { DEFAULT_PRICING_PARAMS, pricingParamsFromProto, pricingParamsToProto, type PricingParams } from './params.js';
import { weightedMedian } from './weighted-median.js';

export interface PricingKeeperDeps {
  weights: ProviderWeightSource;
  epochs: EpochSource;
  models: ModelCostSource;
}

const voteKey = (addr: string) =>
  concatBytes(Uint8Array.of(PricingPrefix.Vote), lengthPrefixed(fromBech32Checked(addr)));

/**
 * Unit-of-compute pricing (paper, appendix J): providers' standing votes; at each epoch's last block the weighted
 * median of every participant's vote (the price in force for those who never voted) becomes the next epoch's price.
 */
export class PricingKeeper {
  constructor(private readonly deps: PricingKeeperDeps) {}

  private kv(ctx: Context): KVStore {
    return ctx.kv(PRICING_STORE_KEY);
  }

  getParams(ctx: Context): PricingParams {
    const raw = this.kv(ctx).get(Uint8Array.of(PricingPrefix.Params));
    return raw ? pricingParamsFromProto(Params.decode(raw)) : DEFAULT_PRICING_PARAMS;
  }

  setParams(ctx: Context, p: PricingParams): void {
    this.kv(ctx).set(Uint8Array.of(PricingPrefix.Params), Params.encode(pricingParamsToProto(p)).finish());
  }

  /** The price in force; before the first epoch end, the genesis price for epoch 0. */
  getUnitPrice(ctx: Context): UnitPrice {
    const raw = this.kv(ctx).get(Uint8Array.of(PricingPrefix.UnitPrice));
    return raw
      ? UnitPrice.decode(raw)
      : { price: this.getParams(ctx).genesisUnitPrice.toString(), epoch: 0n, setHeight: 0n };
  }

  /** False until the first epoch end (or a genesis that carries a price). */
  hasStoredUnitPrice(ctx: Context): boolean {
    return this.kv(ctx).has(Uint8Array.of(PricingPrefix.UnitPrice));
  }

  setUnitPrice(ctx: Context, p: UnitPrice): void {
    this.kv(ctx).set(Uint8Array.of(PricingPrefix.UnitPrice), UnitPrice.encode(p).finish());
  }

  getVote(ctx: Context, provider: string): PriceVote | undefined {
    const raw = this.kv(ctx).get(voteKey(provider));
    return raw ? PriceVote.decode(raw) : undefined;
  }

  /** Every standing vote, ordered by provider address bytes. */
  votes(ctx: Context): PriceVote[] {
    return [...this.kv(ctx).iterate(Uint8Array.of(PricingPrefix.Vote), Uint8Array.of(PricingPrefix.Vote + 1))].map(
      ([, v]) => PriceVote.decode(v),
    );
  }

  setVote(ctx: Context, v: PriceVote): void {
    this.kv(ctx).set(voteKey(v.provider), PriceVote.encode(v).finish());
  }

  /** A provider's vote; only Race participants (positive weight this epoch) may vote, within the params' bounds. */
  submitVote(ctx: Context, provider: string, priceNicoin: bigint): void {
    if (this.deps.weights.weightOf(ctx, provider) <= 0n) {
      throw PricingErrors.NotAProvider.wrap(
        `${provider} has no Race weight this epoch; only hardware providers vote on the price`,
      );
    }
    const { minUnitPrice, maxUnitPrice } = this.getParams(ctx);
    if (priceNicoin < minUnitPrice)
      throw PricingErrors.InvalidPrice.wrap(`${priceNicoin}nicoin is below min_unit_price ${minUnitPrice}nicoin`);
    if (maxUnitPrice !== 0n && priceNicoin > maxUnitPrice)
      throw PricingErrors.InvalidPrice.wrap(`${priceNicoin}nicoin is above max_unit_price ${maxUnitPrice}nicoin`);
    this.setVote(ctx, { provider, price: priceNicoin.toString(), height: BigInt(ctx.block.height) });
    ctx.events.emit(
      event('unit_price_vote', [
        ['provider', provider],
        ['price', `${priceNicoin}nicoin`],
      ]),
    );
  }

  /** What a provider counts with at the next epoch end: its vote, or the price in force. */
  effectiveVote(ctx: Context, provider: string): bigint {
    const v = this.getVote(ctx, provider);
    return BigInt(v ? v.price : this.getUnitPrice(ctx).price);
  }

  /** At an epoch's last block, sets the next epoch's price. */
  endBlock(ctx: Context): void {
    if (!this.deps.epochs.isEpochEnd(ctx)) return;
    const current = this.getUnitPrice(ctx);
    const participants = this.deps.weights.participants(ctx);
    let voted = 0;
    const votes = participants.map((p) => {
      const v = this.getVote(ctx, p.address);
      if (v) voted++;
      return { price: BigInt(v ? v.price : current.price), weight: p.weight };
    });
    const median = weightedMedian(votes);
    const price = median ?? BigInt(current.price);
    const epoch = this.deps.epochs.currentEpoch(ctx) + 1n;
    this.setUnitPrice(ctx, { price: price.toString(), epoch, setHeight: BigInt(ctx.block.height) });
    ctx.events.emit(
      event('unit_price', [
        ['price', `${price}nicoin`],
        ['epoch', epoch.toString()],
        ['participants', String(participants.length)],
        ['votes', String(voted)],
      ]),
    );
  }

  modelPrice(
    ctx: Context,
    m: { id: string; unitsPerInputToken: bigint; unitsPerOutputToken: bigint },
    unitPrice = BigInt(this.getUnitPrice(ctx).price),
  ): ModelPrice {
    return {
      modelId: m.id,
      unitsPerInputToken: m.unitsPerInputToken,
      unitsPerOutputToken: m.unitsPerOutputToken,
      pricePerInputToken: (m.unitsPerInputToken * unitPrice).toString(),
      pricePerOutputToken: (m.unitsPerOutputToken * unitPrice).toString(),
    };
  }

  modelPrices(ctx: Context): ModelPrice[] {
    const unit = BigInt(this.getUnitPrice(ctx).price);
    return this.deps.models.models(ctx).flatMap((r) => (r.model ? [this.modelPrice(ctx, r.model, unit)] : []));
  }

  getModelPrice(ctx: Context, id: string): ModelPrice {
    const r = this.deps.models.getModel(ctx, id);
    if (!r?.model) throw PricingErrors.ModelNotFound.wrap(id);
    return this.modelPrice(ctx, r.model);
  }
}
