/** Display helpers of the dashboard page; pure, so unit tests cover them without a browser. */
import { DENOM_EXPONENTS } from '../../../modules/bank/denoms.js';

/** The four denominations, largest first, for price tables. */
export const DENOMS_LARGEST_FIRST: Array<[string, number]> = Object.entries(DENOM_EXPONENTS).sort(
  (a, b) => b[1] - a[1],
);

/**
 * A non-negative decimal amount of nicoin ("1500", "0.25") in a unit with `exponent` (9 for icon), exactly, with
 * trailing zeros dropped; the text is returned unchanged when it is not a plain decimal.
 */
export function shiftDecimal(nicoin: string, exponent: number): string {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(nicoin);
  if (!m) return nicoin;
  const digits = m[1]! + (m[2] ?? '');
  const point = m[1]!.length - exponent;
  const padded = point <= 0 ? '0'.repeat(1 - point) + digits : digits;
  const at = Math.max(point, 1);
  const int = padded.slice(0, at).replace(/^0+(?=\d)/, '');
  const frac = padded.slice(at).replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

/** "race1abc…xyz": long bech32 addresses shortened for tables. */
export function shortAddress(a: string): string {
  return a.length > 20 ? `${a.slice(0, 10)}…${a.slice(-6)}` : a;
}

/** Events per second from a per-block count and the block interval (0 when the interval is unknown). */
export function perSecond(count: number, interval: number | null): number {
  return interval && interval > 0 ? count / interval : 0;
}

/** Seconds as "1.2 s" or "3 min". */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '—';
  if (s < 120) return `${s.toFixed(s < 10 ? 2 : 0)} s`;
  if (s < 7200) return `${(s / 60).toFixed(0)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
