/**
 * Protobuf wire-format reading with strict bounds, for validating untrusted tx bytes before any generated decoder
 * sees them. Every failure is a WireError; callers turn it into the SDK's "tx parse error".
 */

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

export const WireType = { Varint: 0, Fixed64: 1, Bytes: 2, StartGroup: 3, EndGroup: 4, Fixed32: 5 } as const;

/** protowire's names, used in the SDK's error texts. */
export function wireTypeName(wt: number): string {
  switch (wt) {
    case 0:
      return 'varint';
    case 1:
      return 'fixed64';
    case 2:
      return 'bytes';
    case 3:
      return 'start_group';
    case 4:
      return 'end_group';
    case 5:
      return 'fixed32';
    default:
      return `unknown type: ${wt}`;
  }
}

/** Largest valid protobuf field number (2^29 - 1). */
const MAX_FIELD_NUMBER = 0x1fffffff;

export interface Varint {
  /** The value when it fits in a double exactly; lengths and tags always do once bounds-checked. */
  value: number;
  /** Bytes the varint occupies. */
  length: number;
  /** False when a shorter encoding of the same value exists (trailing 0x80 … 0x00 continuation). */
  minimal: boolean;
}

/**
 * Reads a base-128 varint of at most 10 bytes (uint64), rejecting truncation and values above 2^64-1 as protowire does.
 * Values above 2^53 come back as an inexact `value`: callers need only tags, lengths and where a varint ends.
 */
export function readVarint(buf: Uint8Array, pos: number): Varint {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos + i >= buf.length) throw new WireError('unexpected end of data in varint');
    const b = buf[pos + i]!;
    if (i === 9 && b > 1) throw new WireError('varint overflows 64 bits');
    value += (b & 0x7f) * scale;
    scale *= 128;
    if (b < 0x80) return { value, length: i + 1, minimal: i === 0 || b !== 0 };
  }
  throw new WireError('varint overflows 64 bits');
}

export interface Tag {
  fieldNumber: number;
  wireType: number;
  /** Bytes the tag occupies. */
  length: number;
  minimal: boolean;
}

export function readTag(buf: Uint8Array, pos: number): Tag {
  const v = readVarint(buf, pos);
  const fieldNumber = Math.floor(v.value / 8);
  if (fieldNumber < 1 || fieldNumber > MAX_FIELD_NUMBER) throw new WireError(`invalid field number ${fieldNumber}`);
  return { fieldNumber, wireType: v.value % 8, length: v.length, minimal: v.minimal };
}

/** Where a field's value starts and ends (for length-delimited fields, the payload without its length prefix). */
export interface FieldValue {
  start: number;
  end: number;
  /** The position after the whole field. */
  next: number;
  lengthPrefixMinimal: boolean;
}

/** Bounds-checks one field value after its tag. Groups are rejected: no Cosmos tx type uses them. */
export function readFieldValue(buf: Uint8Array, pos: number, wireType: number): FieldValue {
  switch (wireType) {
    case WireType.Varint: {
      const v = readVarint(buf, pos);
      return { start: pos, end: pos + v.length, next: pos + v.length, lengthPrefixMinimal: true };
    }
    case WireType.Fixed64:
      if (pos + 8 > buf.length) throw new WireError('unexpected end of data in fixed64');
      return { start: pos, end: pos + 8, next: pos + 8, lengthPrefixMinimal: true };
    case WireType.Fixed32:
      if (pos + 4 > buf.length) throw new WireError('unexpected end of data in fixed32');
      return { start: pos, end: pos + 4, next: pos + 4, lengthPrefixMinimal: true };
    case WireType.Bytes: {
      const len = readVarint(buf, pos);
      const start = pos + len.length;
      if (len.value > buf.length - start) throw new WireError('length prefix exceeds the remaining data');
      return { start, end: start + len.value, next: start + len.value, lengthPrefixMinimal: len.minimal };
    }
    default:
      throw new WireError(`unsupported wire type ${wireTypeName(wireType)}`);
  }
}

/** Checks that a packed repeated scalar payload holds whole elements. */
export function checkPacked(buf: Uint8Array, start: number, end: number, elementWireType: number): void {
  const view = buf.subarray(start, end);
  let pos = 0;
  while (pos < view.length) pos = readFieldValue(view, pos, elementWireType).next;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Proto3 strings must be valid UTF-8; lenient decoding would silently turn bad bytes into U+FFFD. */
export function checkUtf8(bytes: Uint8Array): void {
  try {
    strictUtf8.decode(bytes);
  } catch {
    throw new WireError('string field contains invalid UTF-8');
  }
}

export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new WireError('string field contains invalid UTF-8');
  }
}

/** Minimal varint encoding (for tests and small hand-built encodings). */
export function encodeVarint(value: number | bigint): Uint8Array {
  let v = BigInt(value);
  if (v < 0n) throw new RangeError('varint must be non-negative');
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Uint8Array.from(out);
}
