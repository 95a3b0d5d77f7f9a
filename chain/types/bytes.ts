/**
 * The one set of byte helpers. Hex output always says its case: CometBFT prints hashes and addresses upper-case,
 * while keys, beacon messages and the race module's state use lower-case. Parsing is strict: bad input throws.
 */

export function toHexLower(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function toHexUpper(bytes: Uint8Array): string {
  return toHexLower(bytes).toUpperCase();
}

/** Accepts upper or lower case; throws on odd length or non-hex characters (Buffer would silently truncate). */
export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    const shown =
      typeof hex === 'string' ? `${JSON.stringify(hex.slice(0, 80))}, ${hex.length} characters` : typeof hex;
    throw new Error(`invalid hex string (${shown})`);
  }
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Standard base64 with padding; throws on anything Buffer would silently skip. */
export function fromBase64(b64: string): Uint8Array {
  if (typeof b64 !== 'string' || b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) {
    throw new Error(
      `invalid base64 string (${typeof b64 === 'string' ? JSON.stringify(b64.slice(0, 80)) : typeof b64})`,
    );
  }
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/** Constant-time in the content (it also compares MACs and keys); lengths may leak. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Lexicographic order of unsigned bytes, a shorter prefix first (Go's bytes.Compare sign). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function isBytes(value: unknown): value is Uint8Array {
  // The jest sandbox has its own Uint8Array realm, so instanceof alone is not enough.
  return (
    value instanceof Uint8Array ||
    (ArrayBuffer.isView(value) && value.constructor?.name === 'Uint8Array') ||
    Buffer.isBuffer(value)
  );
}
