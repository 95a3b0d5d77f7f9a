/**
 * Exact comparisons for the values of the event query language: decimals on bigint (no floats, so `tx.height > 5`
 * and `transfer.amount >= 100000000000000000001` compare exactly) and timestamps as nanoseconds since the epoch.
 */
import { parseRfc3339Ns } from '../types/time.js';

/** value = mant / 10^scale */
export interface Decimal {
  mant: bigint;
  scale: number;
}

const QUERY_NUMBER = /^(\d+)(?:\.(\d*))?$/;
// CometBFT reads attribute values like "8atom" or "6.5stake" as their leading number.
const ATTRIBUTE_NUMBER = /^(\d+)(?:\.(\d+))?/;
// Longer numbers are not compared (a guard against pathological attribute values, not a real-world limit).
const MAX_DIGITS = 512;

function toDecimal(intPart: string, fracPart: string | undefined): Decimal | undefined {
  const frac = fracPart ?? '';
  if (intPart.length + frac.length > MAX_DIGITS) return undefined;
  return { mant: BigInt(intPart + frac), scale: frac.length };
}

/** A number literal of a query: `0`, `15`, `3.14`, `5.`. */
export function parseQueryNumber(text: string): Decimal | undefined {
  const m = QUERY_NUMBER.exec(text);
  return m ? toDecimal(m[1]!, m[2]) : undefined;
}

/** The leading number of an attribute value, as CometBFT reads it; undefined when it does not start with a digit. */
export function parseAttributeNumber(value: string): Decimal | undefined {
  const m = ATTRIBUTE_NUMBER.exec(value);
  return m ? toDecimal(m[1]!, m[2]) : undefined;
}

export function compareDecimal(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = a.mant * 10n ** BigInt(scale - a.scale);
  const y = b.mant * 10n ** BigInt(scale - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Largest integer ≤ d. */
export function floorDecimal(d: Decimal): bigint {
  return d.mant / 10n ** BigInt(d.scale);
}

/** Smallest integer ≥ d. */
export function ceilDecimal(d: Decimal): bigint {
  const div = 10n ** BigInt(d.scale);
  const q = d.mant / div;
  return d.mant % div === 0n ? q : q + 1n;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** RFC 3339 (as Go's time.RFC3339 parses it: fractional seconds allowed) → ns since the epoch, UTC. */
export function parseTimestampNs(text: string): bigint | undefined {
  try {
    return parseRfc3339Ns(text);
  } catch {
    return undefined;
  }
}

/** `YYYY-MM-DD` → ns since the epoch of that day's midnight, UTC. */
export function parseDateNs(text: string): bigint | undefined {
  if (!DATE.test(text)) return undefined;
  return parseTimestampNs(`${text}T00:00:00Z`);
}
