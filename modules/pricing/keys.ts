/** The pricing module's store key and key prefixes. Numbers are never reused. */
export const PRICING_STORE_KEY = 'pricing';

export enum PricingPrefix {
  Params = 0x01,
  /** → UnitPrice in force */
  UnitPrice = 0x02,
  /** length-prefixed provider address → PriceVote */
  Vote = 0x03,
}
