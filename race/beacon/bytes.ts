/** The beacon's wire checks on top of chain/types/bytes: exact lengths, lower-case hex only, big-endian integers. */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { fromHex } from '../../chain/types/bytes.js';
import { fail } from './errors.js';

const LOWER_HEX = /^(?:[0-9a-f]{2})*$/;

/** Lowercase, even-length hex of an exact byte length (the only hex form accepted in messages and state). */
export function parseHex(value: unknown, what: string, length?: number): Uint8Array {
  if (typeof value !== 'string' || !LOWER_HEX.test(value)) fail('malformed', `${what} must be lowercase hex`);
  if (length !== undefined && value.length !== length * 2) {
    fail('malformed', `${what} must be ${length} bytes, got ${value.length / 2}`);
  }
  return fromHex(value);
}

export function toBytes(value: Uint8Array | string, what: string, length?: number): Uint8Array {
  if (value instanceof Uint8Array) {
    if (length !== undefined && value.length !== length)
      fail('malformed', `${what} must be ${length} bytes, got ${value.length}`);
    return value;
  }
  return parseHex(value, what, length);
}

export function u32be(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, false);
  return out;
}

export function u64be(n: number | bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), false);
  return out;
}

/** Byte-wise order of UTF-8 strings, so the canonical order never depends on the JS engine's collation. */
export function compareUtf8(a: string, b: string): number {
  const x = utf8ToBytes(a);
  const y = utf8ToBytes(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}
