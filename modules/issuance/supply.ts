/**
 * The fixed supply of appendix E, in nicoin (1 icon = 10^9 nicoin, README "Coins"). Four allocations and nothing
 * else: their sum is the cap, so no rule can mint outside them without breaking an allocation's own bound.
 */
export const NICOIN_PER_ICON = 1_000_000_000n;

export const icons = (n: bigint): bigint => n * NICOIN_PER_ICON;

export const TOTAL_SUPPLY = icons(1_000_000_000n);
export const CORE_INCENTIVE = icons(600_000_000n);
export const ADDITIONAL_REWARD = icons(120_000_000n);
export const LIQUIDITY_POOL = icons(120_000_000n);
export const FOUNDERS = icons(160_000_000n);

/** Appendix F: "1 batch = 50M Race Coins"; 12 batches make the core incentive. */
export const PHASE_SIZE = icons(50_000_000n);
export const PHASE_COUNT = 12;
