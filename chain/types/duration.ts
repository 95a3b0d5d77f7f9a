import type { Duration } from 'cosmjs-types/google/protobuf/duration';

/**
 * The one set of duration helpers: Go duration strings of config.toml ("1s", "500ms", "1m30s") in milliseconds for
 * timers, and protobuf JSON durations ("172800s", "0.5s") in bigint nanoseconds for state.
 */
const NS_PER_SEC = 1_000_000_000n;

const GO_UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration for non-negative values, rounded to whole milliseconds (config timeouts only). */
export function parseDurationMs(text: string, what = 'duration'): number {
  const parts = typeof text === 'string' ? [...text.matchAll(/([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g)] : [];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new Error(`${what}: invalid duration ${JSON.stringify(text)}; expected e.g. 1s or 500ms`);
  }
  return Math.round(parts.reduce((ms, p) => ms + Number(p[1]) * GO_UNIT_MS[p[2]!]!, 0));
}

export function durationToNs(d: Duration | undefined): bigint {
  if (!d) return 0n;
  return d.seconds * NS_PER_SEC + BigInt(d.nanos);
}

/** protobuf Duration: seconds and nanos carry the same sign. */
export function nsToDuration(ns: bigint): Duration {
  return { seconds: ns / NS_PER_SEC, nanos: Number(ns % NS_PER_SEC) };
}

/** protobuf JSON's Duration, as the SDK prints it: "172800s", "1.5s", "-0.25s". */
export function formatDurationJson(ns: bigint): string {
  const neg = ns < 0n;
  const abs = neg ? -ns : ns;
  const frac = abs % NS_PER_SEC;
  const fracText = frac === 0n ? '' : '.' + frac.toString().padStart(9, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${abs / NS_PER_SEC}${fracText}s`;
}

/** A non-negative protobuf JSON duration ("172800s", up to 9 fractional digits) in nanoseconds. */
export function parseDurationJson(text: unknown, what: string): bigint {
  const m = typeof text === 'string' ? /^([0-9]{1,15})(?:\.([0-9]{1,9}))?s$/.exec(text) : null;
  if (!m) throw new Error(`${what} must be a duration like "172800s", got ${JSON.stringify(text)}`);
  return BigInt(m[1]!) * NS_PER_SEC + BigInt((m[2] ?? '').padEnd(9, '0'));
}
