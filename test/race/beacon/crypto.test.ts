import { describe, expect, it } from '@jest/globals';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { proveDleq, verifyDleq } from '../../../race/beacon/dleq.js';
import { openWithSharedPoint, sealShares, sharedPointFor } from '../../../race/beacon/ecies.js';
import { G, decodePoint, encodePoint, randomScalar } from '../../../race/beacon/scalar.js';
import { seededRandom } from './fixtures.js';

const rnd = seededRandom('crypto');
const sk = randomScalar(rnd);
const P = G.multiply(sk);
const ctx = { epoch: 3, dealer: 'race1dealer', recipient: 'race1member' };

describe('share encryption (ECIES: ECDH + HKDF-SHA256 + ChaCha20-Poly1305)', () => {
  const plaintext = new Uint8Array(64).map((_, i) => i);
  const sealed = sealShares(P, plaintext, ctx, rnd);
  const R = decodePoint(sealed.ephemeralPubKey, 'R');

  it('opens with the shared point the recipient derives, deterministically', () => {
    const S = sharedPointFor(sk, R);
    expect(S).toEqual(secp256k1.getSharedSecret(Buffer.from(secp256k1.Point.Fn.toBytes(sk)), sealed.ephemeralPubKey));
    expect(openWithSharedPoint(S, sealed.ephemeralPubKey, encodePoint(P), sealed.ciphertext, ctx)).toEqual(plaintext);
    expect(openWithSharedPoint(S, sealed.ephemeralPubKey, encodePoint(P), sealed.ciphertext, ctx)).toEqual(plaintext);
    expect(sealed.ciphertext.length).toBe(64 + 16);
  });

  it('fails to open under another key, context or a tampered ciphertext', () => {
    const S = sharedPointFor(sk, R);
    const wrongS = sharedPointFor(sk + 1n, R);
    expect(openWithSharedPoint(wrongS, sealed.ephemeralPubKey, encodePoint(P), sealed.ciphertext, ctx)).toBeNull();
    for (const other of [
      { ...ctx, epoch: 4 },
      { ...ctx, dealer: 'race1other' },
      { ...ctx, recipient: 'race1other' },
    ]) {
      expect(openWithSharedPoint(S, sealed.ephemeralPubKey, encodePoint(P), sealed.ciphertext, other)).toBeNull();
    }
    const tampered = sealed.ciphertext.slice();
    tampered[0] ^= 1;
    expect(openWithSharedPoint(S, sealed.ephemeralPubKey, encodePoint(P), tampered, ctx)).toBeNull();
  });

  it('uses a fresh ephemeral key for every message', () => {
    const again = sealShares(P, plaintext, ctx, rnd);
    expect(again.ephemeralPubKey).not.toEqual(sealed.ephemeralPubKey);
    expect(again.ciphertext).not.toEqual(sealed.ciphertext);
  });
});

describe('Chaum–Pedersen proof of the shared point', () => {
  const R = G.multiply(randomScalar(rnd));
  const label = new TextEncoder().encode('complaint context');
  const { S, proof } = proveDleq(sk, R, label, rnd);

  it('verifies for the right key and shared point', () => {
    expect(S.equals(R.multiply(sk))).toBe(true);
    expect(verifyDleq(P, R, S, proof, label)).toBe(true);
  });

  it('rejects another shared point, key, context or a mangled proof', () => {
    expect(verifyDleq(P, R, S.add(G), proof, label)).toBe(false);
    expect(verifyDleq(P.add(G), R, S, proof, label)).toBe(false);
    expect(verifyDleq(P, R, S, proof, new TextEncoder().encode('other'))).toBe(false);
    const mangled = proof.slice();
    mangled[40] ^= 1;
    expect(verifyDleq(P, R, S, mangled, label)).toBe(false);
    expect(verifyDleq(P, R, S, new Uint8Array(64).fill(0xff), label)).toBe(false);
    expect(verifyDleq(P, R, S, proof.subarray(0, 63), label)).toBe(false);
  });
});
