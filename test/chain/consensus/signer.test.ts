import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ed25519 } from '@noble/curves/ed25519.js';
import {
  ed25519Signer,
  verifyEd25519,
  verifyEd25519Native,
  verifyEd25519Reference,
} from '../../../chain/consensus/signer.js';

// L, the order of the ed25519 base point, little-endian.
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
function leBytes(x: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((x >> BigInt(8 * i)) & 0xffn);
  return out;
}
function leInt(b: Uint8Array): bigint {
  let x = 0n;
  for (let i = 31; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!);
  return x;
}

describe('verifyEd25519 (OpenSSL fast path, ZIP-215 reference)', () => {
  it('accepts honest signatures through OpenSSL and agrees with the reference on tampered ones', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 200 }),
        fc.nat(3),
        (seed, msg, mode) => {
          const s = ed25519Signer(seed);
          const sig = s.sign(msg);
          expect(verifyEd25519Native(s.pubKey, msg, sig)).toBe(true);
          const m = mode === 1 ? new Uint8Array([...msg, 1]) : msg;
          const g = sig.slice();
          if (mode === 2) g[3] ^= 4;
          if (mode === 3) g[40] ^= 1;
          const expected = mode === 0;
          expect(verifyEd25519Reference(s.pubKey, m, g)).toBe(expected);
          expect(verifyEd25519(s.pubKey, m, g)).toBe(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses a non-canonical S (S + L) like the reference, and malformed input without throwing', () => {
    const s = ed25519Signer(new Uint8Array(32).fill(3));
    const msg = Uint8Array.of(1, 2, 3);
    const sig = s.sign(msg);
    const big = new Uint8Array([...sig.subarray(0, 32), ...leBytes(leInt(sig.subarray(32)) + L)]);
    expect(verifyEd25519Reference(s.pubKey, msg, big)).toBe(false);
    expect(verifyEd25519(s.pubKey, msg, big)).toBe(false);
    expect(verifyEd25519(s.pubKey, msg, sig.subarray(0, 63))).toBe(false);
    expect(verifyEd25519(s.pubKey.subarray(0, 31), msg, sig)).toBe(false);
    expect(verifyEd25519(new Uint8Array(32).fill(0xff), msg, sig)).toBe(false);
  });

  it('agrees with the ZIP-215 reference on a small-order key (identity point, R = identity, S = 0)', () => {
    const identity = leBytes(1n);
    const sig = new Uint8Array([...identity, ...new Uint8Array(32)]);
    const msg = Uint8Array.of(9);
    expect(ed25519.verify(sig, msg, identity)).toBe(true);
    expect(verifyEd25519(identity, msg, sig)).toBe(verifyEd25519Reference(identity, msg, sig));
  });
});
