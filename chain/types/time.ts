import type { Timestamp } from 'cosmjs-types/google/protobuf/timestamp';

/**
 * The one set of time helpers. Chain times are bigint nanoseconds since the Unix epoch (never floats, never the
 * wall clock); protobuf wants seconds + nanos with nanos always in [0, 1e9), so times before 1970 borrow a second.
 */
const NS_PER_SEC = 1_000_000_000n;

export function nsToTimestamp(ns: bigint): Timestamp {
  let seconds = ns / NS_PER_SEC;
  let nanos = ns % NS_PER_SEC;
  if (nanos < 0n) {
    nanos += NS_PER_SEC;
    seconds -= 1n;
  }
  return { seconds, nanos: Number(nanos) };
}

/** An absent timestamp is the zero time (the protobuf default). */
export function timestampToNs(ts: Timestamp | undefined): bigint {
  if (!ts) return 0n;
  return ts.seconds * NS_PER_SEC + BigInt(ts.nanos);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

/** Parses RFC 3339 with up to nanosecond precision (genesis_time, gov JSON, event queries); throws a clear error otherwise. */
export function parseRfc3339Ns(s: string): bigint {
  const m = typeof s === 'string' ? RFC3339.exec(s) : null;
  if (!m) throw new Error(`invalid RFC 3339 time ${JSON.stringify(s)} (want e.g. 2024-01-02T03:04:05.123456789Z)`);
  const [y, mo, d, h, mi, se] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const zone = m[8]!;
  const [oh, om] = zone === 'Z' ? [0, 0] : [Number(zone.slice(1, 3)), Number(zone.slice(4, 6))];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || se > 59 || oh > 23 || om > 59) {
    throw new Error(`invalid date or time in ${JSON.stringify(s)}`);
  }
  const date = new Date(0);
  // setUTCFullYear keeps years < 100 literal (Date.UTC would map them to 19xx; Go's zero time is year 1).
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, se, 0);
  const offsetMin = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  const nanos = BigInt((m[7] ?? '').padEnd(9, '0'));
  return (BigInt(date.getTime()) - BigInt(offsetMin) * 60_000n) * 1_000_000n + nanos;
}

function dateTimePart(seconds: bigint): string {
  const ms = Number(seconds) * 1000;
  if (!Number.isSafeInteger(ms) || Math.abs(ms) > 8.64e15) throw new RangeError(`time out of range: ${seconds}s`);
  return new Date(ms).toISOString().slice(0, 19); // YYYY-MM-DDTHH:MM:SS
}

/** Go's time.RFC3339Nano in UTC (cmtjson, SDK JSON): fraction with trailing zeros trimmed, none when whole. */
export function formatRfc3339Ns(ns: bigint): string {
  const ts = nsToTimestamp(ns);
  const frac = ts.nanos === 0 ? '' : '.' + String(ts.nanos).padStart(9, '0').replace(/0+$/, '');
  return `${dateTimePart(ts.seconds)}${frac}Z`;
}
