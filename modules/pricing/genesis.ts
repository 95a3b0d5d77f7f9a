import type { Context } from '../../chain/app/context.js';
import { isValidAddress } from '../../chain/crypto/address.js';
import type { PricingKeeper } from './keeper.js';
import { DEFAULT_PRICING_PARAMS, pricingParamsFromProto, pricingParamsToProto } from './params.js';

/** The pricing genesis JSON (snake_case; amounts are integer strings in nicoin). */
export interface PricingGenesis {
  params: { genesis_unit_price: string; min_unit_price: string; max_unit_price: string };
  /** The price in force; null = the genesis price for epoch 0. */
  unit_price: { price: string; epoch: string; set_height: string } | null;
  votes: Array<{ provider: string; price: string; height: string }>;
}

const uintRe = /^(0|[1-9][0-9]{0,76})$/;

function uint(v: unknown, what: string): bigint {
  if (typeof v !== 'string' || !uintRe.test(v))
    throw new Error(`${what} must be an unsigned integer string, got ${JSON.stringify(v)}`);
  return BigInt(v);
}

export function defaultPricingGenesis(): PricingGenesis {
  const p = pricingParamsToProto(DEFAULT_PRICING_PARAMS);
  return {
    params: { genesis_unit_price: p.genesisUnitPrice, min_unit_price: p.minUnitPrice, max_unit_price: p.maxUnitPrice },
    unit_price: null,
    votes: [],
  };
}

export function initPricingGenesis(ctx: Context, keeper: PricingKeeper, raw: unknown): void {
  const g = raw as PricingGenesis;
  if (!g || typeof g !== 'object' || !g.params) throw new Error('pricing genesis must be an object with params');
  const params = pricingParamsFromProto({
    genesisUnitPrice: String(g.params.genesis_unit_price ?? ''),
    minUnitPrice: String(g.params.min_unit_price ?? ''),
    maxUnitPrice: String(g.params.max_unit_price ?? '0'),
  });
  keeper.setParams(ctx, params);
  if (g.unit_price) {
    const price = uint(g.unit_price.price, 'unit_price.price');
    if (price <= 0n) throw new Error('unit_price.price must be positive');
    keeper.setUnitPrice(ctx, {
      price: price.toString(),
      epoch: uint(g.unit_price.epoch, 'unit_price.epoch'),
      setHeight: uint(g.unit_price.set_height, 'unit_price.set_height'),
    });
  }
  const seen = new Set<string>();
  for (const v of g.votes ?? []) {
    if (!isValidAddress(v.provider)) throw new Error(`invalid vote provider ${v.provider}`);
    if (seen.has(v.provider)) throw new Error(`duplicate vote of ${v.provider}`);
    seen.add(v.provider);
    const price = uint(v.price, `vote price of ${v.provider}`);
    if (price <= 0n) throw new Error(`vote price of ${v.provider} must be positive`);
    keeper.setVote(ctx, {
      provider: v.provider,
      price: price.toString(),
      height: uint(v.height, `vote height of ${v.provider}`),
    });
  }
}

export function exportPricingGenesis(ctx: Context, keeper: PricingKeeper): PricingGenesis {
  const p = pricingParamsToProto(keeper.getParams(ctx));
  const stored = keeper.hasStoredUnitPrice(ctx);
  const u = keeper.getUnitPrice(ctx);
  return {
    params: { genesis_unit_price: p.genesisUnitPrice, min_unit_price: p.minUnitPrice, max_unit_price: p.maxUnitPrice },
    unit_price: stored ? { price: u.price, epoch: u.epoch.toString(), set_height: u.setHeight.toString() } : null,
    votes: keeper.votes(ctx).map((v) => ({ provider: v.provider, price: v.price, height: v.height.toString() })),
  };
}
