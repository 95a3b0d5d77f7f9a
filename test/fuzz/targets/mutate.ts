/**
 * The mutation layer over valid encodings: byte flips, truncation, splicing two seeds, varint and length-field
 * extremes, deep nesting and huge declared lengths. Protobuf-aware only in the cheap sense that it knows what a
 * varint and a length-delimited field look like; everything else is blind, which is the point.
 */
import type { Rng } from './rng.js';

/** Varints a decoder must survive: zero, the int32/uint32/int64 edges, 10-byte and overlong (11-byte) forms. */
const VARINT_EXTREMES: readonly number[][] = [
  [0x00],
  [0x7f],
  [0xff, 0xff, 0xff, 0xff, 0x07],
  [0xff, 0xff, 0xff, 0xff, 0x0f],
  [0x80, 0x80, 0x80, 0x80, 0x08],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
  [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
];

const INTERESTING_BYTES = [0x00, 0x01, 0x02, 0x07, 0x08, 0x0a, 0x12, 0x1a, 0x22, 0x7f, 0x80, 0xff];

function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

function varint(n: number): Uint8Array {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Uint8Array.from(out);
}

/** `depth` nested length-delimited fields with the given field number around `core`: a stack-depth probe. */
export function nested(fieldNumber: number, depth: number, core: Uint8Array = new Uint8Array(0)): Uint8Array {
  let inner = core;
  const tag = varint((fieldNumber << 3) | 2);
  for (let i = 0; i < depth; i++) inner = concat(tag, varint(inner.length), inner);
  return inner;
}

const NESTING_DEPTHS = [64, 300, 2000] as const;
const nestedCache = new Map<string, Uint8Array>();

/** Building a 2000-deep nesting is quadratic; the few shapes the mutator uses are built once. */
function nestedPrefix(fieldNumber: number, depth: number): Uint8Array {
  const key = `${fieldNumber}/${depth}`;
  let b = nestedCache.get(key);
  if (!b) nestedCache.set(key, (b = nested(fieldNumber, depth)));
  return b;
}

type Mutator = (input: Uint8Array, rng: Rng, pool: readonly Uint8Array[]) => Uint8Array;

const pos = (input: Uint8Array, rng: Rng): number => rng.below(input.length + 1);

const MUTATORS: readonly Mutator[] = [
  // bit flip
  (b, rng) => {
    if (b.length === 0) return b;
    const out = b.slice();
    out[rng.below(b.length)]! ^= 1 << rng.below(8);
    return out;
  },
  // byte set to an interesting or random value
  (b, rng) => {
    if (b.length === 0) return b;
    const out = b.slice();
    out[rng.below(b.length)] = rng.chance(0.5) ? rng.pick(INTERESTING_BYTES) : rng.u32() & 0xff;
    return out;
  },
  // truncate
  (b, rng) => b.subarray(0, rng.below(b.length + 1)),
  // drop a prefix (resynchronises the decoder mid-field)
  (b, rng) => b.subarray(rng.below(b.length + 1)),
  // delete a range
  (b, rng) => {
    const at = pos(b, rng);
    return concat(b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + rng.below(16))));
  },
  // insert random bytes
  (b, rng) => {
    const at = pos(b, rng);
    return concat(b.subarray(0, at), rng.bytes(1 + rng.below(16)), b.subarray(at));
  },
  // duplicate a range (repeated fields, repeated messages)
  (b, rng) => {
    if (b.length === 0) return b;
    const from = rng.below(b.length);
    const piece = b.subarray(from, from + 1 + rng.below(64));
    const at = pos(b, rng);
    return concat(b.subarray(0, at), piece, piece, b.subarray(at));
  },
  // splice with another valid encoding
  (b, rng, pool) => {
    const other = rng.pick(pool);
    return concat(b.subarray(0, pos(b, rng)), other.subarray(rng.below(other.length + 1)));
  },
  // overwrite with a varint extreme (a length field, a height, a count)
  (b, rng) => {
    const at = pos(b, rng);
    const v = Uint8Array.from(rng.pick(VARINT_EXTREMES));
    return concat(b.subarray(0, at), v, b.subarray(Math.min(b.length, at + (rng.chance(0.5) ? 1 : 0))));
  },
  // a length-delimited field that declares a huge length
  (b, rng) => {
    const at = pos(b, rng);
    const huge = Uint8Array.from([rng.pick([0x0a, 0x12, 0x1a, 0x22, 0x2a]), ...rng.pick(VARINT_EXTREMES.slice(2))]);
    return concat(b.subarray(0, at), huge, b.subarray(at));
  },
  // deep nesting at the front (every message's field 1 is often a message)
  (b, rng) => concat(nestedPrefix(1 + rng.below(4), rng.pick(NESTING_DEPTHS)), b),
  // a 4-byte big-endian length (frames) set to an edge
  (b, rng) => {
    if (b.length < 4) return b;
    const out = b.slice();
    const at = rng.below(b.length - 3);
    new DataView(out.buffer).setUint32(at, rng.pick([0, 1, 0x7fffffff, 0xffffffff, b.length, b.length + 1]), false);
    return out;
  },
];

/** One to four stacked mutations of a seed drawn from the pool. */
export function mutate(pool: readonly Uint8Array[], rng: Rng): Uint8Array {
  let b = rng.pick(pool);
  const n = 1 + rng.below(4);
  for (let i = 0; i < n; i++) b = rng.pick(MUTATORS)(b, rng, pool);
  return b;
}

/** What a byte-decoder target feeds itself: mostly mutated seeds, sometimes a seed as is or plain random bytes. */
export function byteInput(pool: readonly Uint8Array[], rng: Rng): Uint8Array {
  const r = rng.below(100);
  if (r < 3) return rng.pick(pool);
  if (r < 10) return rng.bytes(rng.below(256));
  return mutate(pool, rng);
}
