/**
 * Key layout of the tx index sublevel. A position is (height u64, index u32) big-endian, so byte order is block
 * order. Strings are length-prefixed, so no character in an event type, key or value (a '/', a NUL, anything)
 * can make one key a prefix of another by accident.
 *
 *   0x01 pos                                   → record (hash, tx bytes, ExecTxResult)    primary, by position
 *   0x02 hash(32)                              → pos                                     by hash
 *   0x03 u16 len composite, composite, u32 len value, value, pos, u32 event#  → (empty)   by attribute
 *
 * `composite` is `<event type>.<attribute key>`; event# is the event's index in the tx's result, which lets a query
 * ask for several attributes of one event instance.
 */
import { concatBytes } from '../types/bytes.js';

export const PREFIX_TX = 0x01;
const PREFIX_HASH = 0x02;
const PREFIX_ATTR = 0x03;

export const POS_LEN = 12;
const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

export interface Position {
  height: number;
  index: number;
}

export function encodePos(height: number, index: number): Uint8Array {
  const out = new Uint8Array(POS_LEN);
  const v = new DataView(out.buffer);
  v.setBigUint64(0, BigInt(height));
  v.setUint32(8, index);
  return out;
}

export function decodePos(buf: Uint8Array, offset = 0): Position {
  const v = new DataView(buf.buffer, buf.byteOffset + offset, POS_LEN);
  return { height: Number(v.getBigUint64(0)), index: v.getUint32(8) };
}

function u16(n: number): Uint8Array {
  return new Uint8Array([n >>> 8, n & 0xff]);
}

function u32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n);
  return out;
}

export function txKey(height: number, index: number): Uint8Array {
  return concatBytes(new Uint8Array([PREFIX_TX]), encodePos(height, index));
}

export function hashKey(hash: Uint8Array): Uint8Array {
  return concatBytes(new Uint8Array([PREFIX_HASH]), hash);
}

/** Encoded sizes, for the caller's limits. */
export function utf8Length(s: string): number {
  return utf8.encode(s).length;
}

/** All attribute keys of one composite key (any value). */
export function attrCompositePrefix(composite: string): Uint8Array {
  const ck = utf8.encode(composite);
  return concatBytes(new Uint8Array([PREFIX_ATTR]), u16(ck.length), ck);
}

/** All attribute keys of one composite key with exactly this value. */
export function attrValuePrefix(composite: string, value: string): Uint8Array {
  const v = utf8.encode(value);
  return concatBytes(attrCompositePrefix(composite), u32(v.length), v);
}

export function attrKey(composite: string, value: string, height: number, index: number, eventSeq: number): Uint8Array {
  return concatBytes(attrValuePrefix(composite, value), encodePos(height, index), u32(eventSeq));
}

export interface AttrEntry {
  value: string;
  pos: Position;
  /** Hex of the 12 position bytes: sorts in block order. */
  posHex: string;
  eventSeq: number;
}

/** Reads an attribute key; `prefixLen` is the length of its composite prefix (the caller scanned under it). */
export function decodeAttrKey(key: Uint8Array, prefixLen: number): AttrEntry {
  const view = new DataView(key.buffer, key.byteOffset, key.byteLength);
  const vLen = view.getUint32(prefixLen);
  const vStart = prefixLen + 4;
  const posStart = vStart + vLen;
  return {
    value: utf8Decoder.decode(key.subarray(vStart, posStart)),
    pos: decodePos(key, posStart),
    posHex: posHex(key.subarray(posStart, posStart + POS_LEN)),
    eventSeq: view.getUint32(posStart + POS_LEN),
  };
}

export function posHex(pos: Uint8Array): string {
  let s = '';
  for (const b of pos) s += b.toString(16).padStart(2, '0');
  return s;
}

export function posFromHex(hex: string): Position {
  return { height: parseInt(hex.slice(0, 16), 16), index: parseInt(hex.slice(16, 24), 16) };
}

/** The smallest key strictly greater than every key that starts with `prefix`. */
export function prefixEnd(prefix: Uint8Array): Uint8Array {
  const out = prefix.slice();
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i]! < 0xff) {
      out[i]!++;
      return out.subarray(0, i + 1);
    }
  }
  return new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
}
