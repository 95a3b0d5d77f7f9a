/** Byte helpers shared by the crypto modules. Hex parsing is strict: bad input throws, never truncates. */
import { randomBytes as nobleRandomBytes } from '@noble/hashes/utils.js';

export type RandomBytes = (length: number) => Uint8Array;

/** The default randomness source (crypto.getRandomValues); inject another in tests. */
export const secureRandomBytes: RandomBytes = (length) => nobleRandomBytes(length);

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** CometBFT renders addresses and hashes in upper-case hex. */
export function toHexUpper(bytes: Uint8Array): string {
  return toHex(bytes).toUpperCase();
}

/** Accepts upper or lower case; throws on odd length or non-hex characters. */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new Error(`invalid hex string (${hex.length} characters)`);
  }
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Standard base64 with padding; throws on anything Buffer would silently skip. */
export function fromBase64(b64: string): Uint8Array {
  if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) {
    throw new Error('invalid base64 string');
  }
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
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
  return value instanceof Uint8Array || (ArrayBuffer.isView(value) && value.constructor?.name === 'Uint8Array');
}
