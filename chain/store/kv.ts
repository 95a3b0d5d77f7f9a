import { concatBytes } from '../types/bytes.js';

/**
 * The synchronous key-value interface every state machine sees. Keys and values are bytes; iteration is in byte order
 * over [start, end). Reads are synchronous because the whole committed state is held in memory (see docs/store.md).
 */
export interface KVReader {
  get(key: Uint8Array): Uint8Array | undefined;
  has(key: Uint8Array): boolean;
  /** Entries with start <= key < end (either bound undefined = open), ascending unless reverse. */
  iterate(start?: Uint8Array, end?: Uint8Array, reverse?: boolean): Iterable<[Uint8Array, Uint8Array]>;
}

export interface KVStore extends KVReader {
  set(key: Uint8Array, value: Uint8Array): void;
  delete(key: Uint8Array): void;
}

/** The smallest key greater than every key with this prefix, or undefined when the prefix is all 0xff. */
export function prefixEnd(prefix: Uint8Array): Uint8Array | undefined {
  const end = Uint8Array.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]!++;
      return end.slice(0, i + 1);
    }
  }
  return undefined;
}

const enc = new TextEncoder();
export const utf8 = (s: string): Uint8Array => enc.encode(s);
const dec = new TextDecoder('utf-8', { fatal: true });
export const fromUtf8 = (b: Uint8Array): string => dec.decode(b);

/** Big-endian u64, so that numeric keys sort in numeric order. */
export function u64Key(n: bigint | number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n));
  return out;
}

export function readU64Key(b: Uint8Array, offset = 0): bigint {
  return new DataView(b.buffer, b.byteOffset + offset, 8).getBigUint64(0);
}

/** Length-prefixed component (1 byte length), as the SDK's address-prefixed keys do. */
export function lengthPrefixed(b: Uint8Array): Uint8Array {
  if (b.length > 255) throw new Error(`key component too long: ${b.length}`);
  return concatBytes(Uint8Array.of(b.length), b);
}
