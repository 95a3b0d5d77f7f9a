import type { Timestamp } from 'cosmjs-types/google/protobuf/timestamp';

const SECOND_NS = 1_000_000_000n;

export function nsToTimestamp(ns: bigint): Timestamp {
  return { seconds: ns / SECOND_NS, nanos: Number(ns % SECOND_NS) };
}

export function timestampToNs(t: Timestamp | undefined): bigint {
  return t ? t.seconds * SECOND_NS + BigInt(t.nanos) : 0n;
}

/** RFC 3339 with nanoseconds trimmed as Go prints it (genesis and CLI JSON). */
export function timestampJson(t: Timestamp | undefined): string | null {
  if (!t) return null;
  const iso = new Date(Number(t.seconds) * 1000).toISOString().replace(/\.000Z$/, '');
  const frac = t.nanos === 0 ? '' : '.' + t.nanos.toString().padStart(9, '0').replace(/0+$/, '');
  return `${iso}${frac}Z`;
}

export function parseTimestampJson(text: unknown): Timestamp | undefined {
  if (text === null || text === undefined || text === '') return undefined;
  const m = typeof text === 'string' ? /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(text) : null;
  if (!m) throw new Error(`invalid timestamp ${JSON.stringify(text)}`);
  const ms = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(ms)) throw new Error(`invalid timestamp ${text}`);
  return { seconds: BigInt(ms / 1000), nanos: Number((m[2] ?? '').padEnd(9, '0')) };
}
