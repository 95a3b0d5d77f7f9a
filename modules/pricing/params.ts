import type { Params } from '../../proto/gen/race/pricing/v1/pricing.js';
import { BASE_DENOM, DENOM_EXPONENTS } from '../bank/denoms.js';
import { PricingErrors } from './errors.js';

/** Pricing params with amounts as bigint nicoin. */
export interface PricingParams {
  genesisUnitPrice: bigint;
  minUnitPrice: bigint;
  /** 0 = no upper bound. */
  maxUnitPrice: bigint;
}

/** (dev) 1 uicon per unit of compute to start with. */
export const DEFAULT_PRICING_PARAMS: PricingParams = { genesisUnitPrice: 1000n, minUnitPrice: 1n, maxUnitPrice: 0n };

function amount(text: string, what: string): bigint {
  if (!/^(0|[1-9][0-9]{0,76})$/.test(text))
    throw PricingErrors.InvalidParams.wrap(
      `${what} must be an integer amount of ${BASE_DENOM}, got ${JSON.stringify(text)}`,
    );
  return BigInt(text);
}

export function validatePricingParams(p: PricingParams): PricingParams {
  const bad = (m: string) => PricingErrors.InvalidParams.wrap(m);
  if (p.minUnitPrice <= 0n) throw bad('min_unit_price must be positive');
  if (p.maxUnitPrice !== 0n && p.maxUnitPrice < p.minUnitPrice)
    throw bad('max_unit_price must be 0 (no bound) or at least min_unit_price');
  if (p.genesisUnitPrice < p.minUnitPrice || (p.maxUnitPrice !== 0n && p.genesisUnitPrice > p.maxUnitPrice))
    throw bad('genesis_unit_price must lie within [min_unit_price, max_unit_price]');
  return p;
}

export function pricingParamsFromProto(p: Params | undefined): PricingParams {
  if (!p) throw PricingErrors.InvalidParams.wrap('params are required');
  return validatePricingParams({
    genesisUnitPrice: amount(p.genesisUnitPrice, 'genesis_unit_price'),
    minUnitPrice: amount(p.minUnitPrice, 'min_unit_price'),
    maxUnitPrice: amount(p.maxUnitPrice || '0', 'max_unit_price'),
  });
}

export function pricingParamsToProto(p: PricingParams): Params {
  return {
    genesisUnitPrice: p.genesisUnitPrice.toString(),
    minUnitPrice: p.minUnitPrice.toString(),
    maxUnitPrice: p.maxUnitPrice.toString(),
  };
}

/** A vote's price as typed (an integer amount of icon, micoin, uicon or nicoin) → nicoin. */
export function votePriceToNicoin(coin: { denom: string; amount: string } | undefined): bigint {
  if (!coin) throw PricingErrors.InvalidPrice.wrap('price is required');
  const exp = DENOM_EXPONENTS[coin.denom];
  if (exp === undefined)
    throw PricingErrors.InvalidPrice.wrap(
      `denomination ${JSON.stringify(coin.denom)} is not one of icon, micoin, uicon, nicoin`,
    );
  if (!/^[1-9][0-9]{0,76}$/.test(coin.amount))
    throw PricingErrors.InvalidPrice.wrap(`amount ${JSON.stringify(coin.amount)} must be a positive integer`);
  return BigInt(coin.amount) * 10n ** BigInt(exp);
}
