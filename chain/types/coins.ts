import { Errors } from './errors.js';

/** An amount of one denomination. Amounts are non-negative integers (bigint): no floats in state. */
export interface Coin {
  denom: string;
  amount: bigint;
}

const DENOM_RE = /^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/;
const COIN_RE = /^([0-9]+)\s*([a-zA-Z][a-zA-Z0-9/:._-]{2,127})$/;
/** Above the SDK's 256-bit Int; bounds arithmetic on hostile input. */
const MAX_AMOUNT = (1n << 256n) - 1n;

function validateDenom(denom: string): void {
  if (!DENOM_RE.test(denom)) throw Errors.InvalidCoins.wrap(`invalid denom: ${denom}`);
}

export function coin(amount: bigint | number | string, denom: string): Coin {
  return { denom, amount: BigInt(amount) };
}

/** "123nicoin" → Coin. */
function parseCoin(text: string): Coin {
  const m = COIN_RE.exec(text.trim());
  if (!m) throw Errors.InvalidCoins.wrap(`invalid coin expression: ${text}`);
  const amount = BigInt(m[1]!);
  if (amount > MAX_AMOUNT) throw Errors.InvalidCoins.wrap(`amount out of range: ${text}`);
  return { denom: m[2]!, amount };
}

/** "1icon,5nicoin" → sorted, validated Coins (zero amounts dropped, as the SDK's ParseCoinsNormalized does). */
export function parseCoins(text: string): Coin[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  return normalizeCoins(trimmed.split(',').map(parseCoin));
}

/** Sorted by denom, duplicates merged, zeros dropped. */
export function normalizeCoins(coins: readonly Coin[]): Coin[] {
  const byDenom = new Map<string, bigint>();
  for (const c of coins) {
    validateDenom(c.denom);
    if (c.amount < 0n) throw Errors.InvalidCoins.wrap(`negative amount: ${c.amount}${c.denom}`);
    byDenom.set(c.denom, (byDenom.get(c.denom) ?? 0n) + c.amount);
  }
  return [...byDenom.entries()]
    .filter(([, a]) => a > 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([denom, amount]) => ({ denom, amount }));
}

/**
 * The SDK's Coins.Validate for messages: sorted strictly by denom, no duplicates, all positive.
 * Returns the coins or throws ErrInvalidCoins with the SDK's wording.
 */
export function validateCoins(coins: readonly Coin[]): readonly Coin[] {
  for (let i = 0; i < coins.length; i++) {
    const c = coins[i]!;
    validateDenom(c.denom);
    if (c.amount <= 0n) throw Errors.InvalidCoins.wrap(`coin ${c.amount}${c.denom} amount is not positive`);
    if (c.amount > MAX_AMOUNT) throw Errors.InvalidCoins.wrap(`coin ${c.denom} amount out of range`);
    if (i > 0 && coins[i - 1]!.denom >= c.denom)
      throw Errors.InvalidCoins.wrap(`${coinsToString(coins)}: coins are not sorted or have duplicates`);
  }
  return coins;
}

/** Wire Coin (amount as decimal string) → Coin, rejecting non-canonical integers like "01" or "+1". */
export function coinFromProto(c: { denom: string; amount: string }): Coin {
  if (!/^(0|[1-9][0-9]*)$/.test(c.amount))
    throw Errors.InvalidCoins.wrap(`invalid amount: ${JSON.stringify(c.amount)}`);
  return { denom: c.denom, amount: BigInt(c.amount) };
}

export function coinToProto(c: Coin): { denom: string; amount: string } {
  return { denom: c.denom, amount: c.amount.toString() };
}

export function coinsToString(coins: readonly Coin[]): string {
  return coins.map((c) => `${c.amount}${c.denom}`).join(',');
}

export function addCoins(a: readonly Coin[], b: readonly Coin[]): Coin[] {
  return normalizeCoins([...a, ...b]);
}

function amountOf(coins: readonly Coin[], denom: string): bigint {
  return coins.find((c) => c.denom === denom)?.amount ?? 0n;
}

/** a ≥ b in every denom of b. */
export function coinsGte(a: readonly Coin[], b: readonly Coin[]): boolean {
  return b.every((c) => amountOf(a, c.denom) >= c.amount);
}
