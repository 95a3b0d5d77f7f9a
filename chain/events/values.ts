/**
 * Exact comparisons for the values of the event query language: decimals on bigint (no floats, so `tx.height > 5`
 * and `transfer.amount >= 100000000000000000001` compare exactly) and timestamps as nanoseconds since the epoch.
 */

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

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NS_PER_MS = 1_000_000n;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return undefined;
  const date = new Date(0);
  // setUTCFullYear keeps years < 100 literal (Date.UTC would map them to 19xx).
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime();
}

/** RFC 3339 (as Go's time.RFC3339 parses it: fractional seconds allowed) → ns since the epoch, UTC. */
export function parseTimestampNs(text: string): bigint | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = utcMs(y, mo, d, h, mi, s);
  if (ms === undefined) return undefined;
  let offsetMin = 0;
  const zone = m[8]!;
  if (zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    offsetMin = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const frac = BigInt((m[7] ?? '').padEnd(9, '0'));
  return (BigInt(ms) - BigInt(offsetMin) * 60_000n) * NS_PER_MS + frac;
}

/** `YYYY-MM-DD` → ns since the epoch of that day's midnight, UTC. */
export function parseDateNs(text: string): bigint | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const ms = utcMs(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, 0);
  return ms === undefined ? undefined : BigInt(ms) * NS_PER_MS;
}
