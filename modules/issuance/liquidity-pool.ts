import { IssuanceErrors, requireNonNegative } from './errors.js';
import { mulCeil, mulFloor, rational } from './rational.js';
import { LIQUIDITY_POOL, NICOIN_PER_ICON, icons } from './supply.js';

/** One tranche of the pool's sale: `size` nicoin at `price` quote base units (e.g. micro-USDT) per icon. */
export interface PoolTranche {
  size: bigint;
  price: bigint;
}

export interface PoolState {
  /** Nicoin sold by the pool so far: the pool's only minting, never above 120 M. */
  sold: bigint;
  /** Quote base units bridged in by buyers and not yet paid out to sellers. */
  reserves: bigint;
  /** Nicoin hardware providers sold back; held by the pool (already issued, so never minted again). */
  boughtBack: bigint;
}

export const EMPTY_POOL: PoolState = { sold: 0n, reserves: 0n, boughtBack: 0n };

/**
 * Appendix E: "The first phase releases 12 million coins at a starting price of $0.005 … the second phase is released
 * at a higher price, increasing to $0.01, followed by subsequent phases with progressively higher prices" and "the
 * price … increases exponentially". The paper fixes only the first two prices; doubling every 12 M tranche (ten of
 * them) is this default's reading. Prices in micro-USDT per icon.
 */
export const PAPER_POOL_SCHEDULE: readonly PoolTranche[] = Array.from({ length: 10 }, (_, i) => ({
  size: icons(12_000_000n),
  price: 5_000n << BigInt(i),
}));

export function validatePoolSchedule(tranches: readonly PoolTranche[]): readonly PoolTranche[] {
  if (tranches.length === 0) throw IssuanceErrors.InvalidParams.wrap('the pool schedule needs at least one tranche');
  let total = 0n;
  let lastPrice = 0n;
  for (const [i, t] of tranches.entries()) {
    if (t.size <= 0n) throw IssuanceErrors.InvalidParams.wrap(`tranche ${i + 1}: size must be positive, got ${t.size}`);
    if (t.price <= lastPrice)
      throw IssuanceErrors.InvalidParams.wrap(
        `tranche ${i + 1}: price must be positive and above the previous tranche's, got ${t.price}`,
      );
    total += t.size;
    lastPrice = t.price;
  }
  if (total !== LIQUIDITY_POOL)
    throw IssuanceErrors.InvalidParams.wrap(
      `tranches must add up to the pool's ${LIQUIDITY_POOL} nicoin, got ${total}`,
    );
  return tranches;
}

function validatePoolState(s: PoolState): void {
  if (s.sold < 0n || s.sold > LIQUIDITY_POOL)
    throw IssuanceErrors.InvalidState.wrap(`pool sold must be within [0, ${LIQUIDITY_POOL}], got ${s.sold}`);
  requireNonNegative('pool reserves', s.reserves);
  requireNonNegative('pool bought-back coins', s.boughtBack);
}

const perNicoin = (price: bigint) => rational(price, NICOIN_PER_ICON);

/** The tranche holding nicoin number `index` (from 0) of the pool. */
function trancheAt(tranches: readonly PoolTranche[], index: bigint): { tranche: PoolTranche; end: bigint } {
  let end = 0n;
  for (const tranche of tranches) {
    end += tranche.size;
    if (index < end) return { tranche, end };
  }
  throw IssuanceErrors.InvalidState.wrap(`index ${index} is past the pool`);
}

/** The price of the last nicoin sold ("the latest achieved price"); undefined before the first sale. */
export function latestPrice(tranches: readonly PoolTranche[], s: PoolState): bigint | undefined {
  validatePoolState(s);
  return s.sold === 0n ? undefined : trancheAt(validatePoolSchedule(tranches), s.sold - 1n).tranche.price;
}

/**
 * A buyer bridges in `quoteIn`. Tranches sell in order and the next one opens only when the current one is sold out.
 * In each tranche the buyer gets floor(quote × 10^9 / price) nicoin (at most what is left) and pays ceil(coins × price /
 * 10^9): both roundings favour the pool. What the buyer could not spend (the pool sold out, or dust below one nicoin)
 * is the refund.
 */
export function buyFromPool(
  tranches: readonly PoolTranche[],
  s: PoolState,
  quoteIn: bigint,
): { state: PoolState; coins: bigint; refund: bigint } {
  validatePoolSchedule(tranches);
  validatePoolState(s);
  requireNonNegative('quote amount', quoteIn);
  let sold = s.sold;
  let quoteLeft = quoteIn;
  while (sold < LIQUIDITY_POOL) {
    const { tranche, end } = trancheAt(tranches, sold);
    const affordable = mulFloor(quoteLeft, rational(NICOIN_PER_ICON, tranche.price));
    const take = affordable < end - sold ? affordable : end - sold;
    quoteLeft -= mulCeil(take, perNicoin(tranche.price));
    sold += take;
    if (sold < end) break;
  }
  const coins = sold - s.sold;
  return { state: { ...s, sold, reserves: s.reserves + quoteIn - quoteLeft }, coins, refund: quoteLeft };
}

/**
 * A hardware provider sells `coins` back at the latest achieved price, limited by the reserves: the pool takes as many
 * coins as its reserves cover (floor(reserves × 10^9 / price)) and pays floor(coins × price / 10^9). Coins it cannot
 * take stay with the seller. Selling nothing, selling before any sale, or an amount worth less than one quote unit is
 * refused.
 */
export function sellToPool(
  tranches: readonly PoolTranche[],
  s: PoolState,
  coins: bigint,
): { state: PoolState; coinsTaken: bigint; quoteOut: bigint } {
  requireNonNegative('coins sold back', coins);
  const price = latestPrice(tranches, s);
  if (price === undefined)
    throw IssuanceErrors.InsufficientReserves.wrap('the pool has sold nothing yet, so it has no price');
  const coverable = mulFloor(s.reserves, rational(NICOIN_PER_ICON, price));
  const coinsTaken = coins < coverable ? coins : coverable;
  const quoteOut = mulFloor(coinsTaken, perNicoin(price));
  if (quoteOut === 0n)
    throw IssuanceErrors.InsufficientReserves.wrap(
      `selling ${coins} nicoin at ${price} per icon would pay nothing (reserves ${s.reserves})`,
    );
  return {
    state: { ...s, reserves: s.reserves - quoteOut, boughtBack: s.boughtBack + coinsTaken },
    coinsTaken,
    quoteOut,
  };
}
