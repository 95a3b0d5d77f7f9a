import type { Timestamp } from 'cosmjs-types/google/protobuf/timestamp';

/** Consensus times are bigint nanoseconds since the Unix epoch; protobuf wants seconds + nanos (nanos always ≥ 0). */
const NS = 1_000_000_000n;

export function nsToTimestamp(ns: bigint): Timestamp {
  let seconds = ns / NS;
  let nanos = ns % NS;
  if (nanos < 0n) {
    nanos += NS;
    seconds -= 1n;
  }
  return { seconds, nanos: Number(nanos) };
}

export function timestampToNs(ts: Timestamp | undefined): bigint {
  if (!ts) return 0n;
  return ts.seconds * NS + BigInt(ts.nanos);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** Parses RFC 3339 with up to nanosecond precision (genesis_time); throws a clear error otherwise. */
export function parseRfc3339Ns(s: string): bigint {
  const m = RFC3339.exec(s);
  if (!m) throw new Error(`invalid RFC 3339 time ${JSON.stringify(s)} (want e.g. 2024-01-02T03:04:05.123456789Z)`);
  const [, y, mo, d, h, mi, se, frac, zone] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
  if (Number.isNaN(ms)) throw new Error(`invalid date in ${JSON.stringify(s)}`);
  let offsetMin = 0;
  if (zone !== 'Z') {
    const sign = zone!.startsWith('-') ? -1 : 1;
    offsetMin = sign * (Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(4, 6)));
  }
  const nanos = BigInt((frac ?? '').padEnd(9, '0') || '0');
  return (BigInt(ms) - BigInt(offsetMin) * 60_000n) * 1_000_000n + nanos;
}

/** RFC 3339 in UTC with trailing zeros of the fraction trimmed, as Go's time.RFC3339Nano. */
export function formatRfc3339Ns(ns: bigint): string {
  const ts = nsToTimestamp(ns);
  const base = new Date(Number(ts.seconds) * 1000).toISOString().slice(0, 19);
  const frac = ts.nanos === 0 ? '' : '.' + String(ts.nanos).padStart(9, '0').replace(/0+$/, '');
  return `${base}${frac}Z`;
}
