/** Small byte helpers for tx handling (kept local so chain/tx depends only on chain/types). */

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** CometBFT renders tx hashes in upper-case hex. */
export function toHexUpper(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase();
}

/** instanceof alone fails across realms (the jest sandbox has its own Uint8Array). */
export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array || (ArrayBuffer.isView(value) && value.constructor?.name === 'Uint8Array') || Buffer.isBuffer(value);
}
