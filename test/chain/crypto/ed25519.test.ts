import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  consensusAddress,
  ed25519PubkeyFromSeed,
  generateEd25519Key,
  signEd25519,
  verifyEd25519,
} from '../../../chain/crypto/ed25519.js';
import { fromHex, toHexLower, toHexUpper } from '../../../chain/types/bytes.js';

// RFC 8032 §7.1, test 2 (one-byte message).
const RFC_SEED = '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb';
const RFC_PUB = '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c';
const RFC_MSG = '72';
const RFC_SIG =
  '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00';

describe('ed25519 consensus keys', () => {
  it('matches RFC 8032 for key derivation and signing', () => {
    expect(toHexLower(ed25519PubkeyFromSeed(fromHex(RFC_SEED)))).toBe(RFC_PUB);
    expect(toHexLower(signEd25519(fromHex(RFC_MSG), fromHex(RFC_SEED)))).toBe(RFC_SIG);
    expect(verifyEd25519(fromHex(RFC_SIG), fromHex(RFC_MSG), fromHex(RFC_PUB))).toBe(true);
  });

  it('generates keys from injected randomness', () => {
    const key = generateEd25519Key({ randomBytes: () => fromHex(RFC_SEED) });
    expect(toHexLower(key.pubkey)).toBe(RFC_PUB);
    const a = generateEd25519Key();
    const b = generateEd25519Key();
    expect(a.seed).not.toEqual(b.seed);
  });

  it('computes the CometBFT address as the first 20 bytes of sha256(pubkey)', () => {
    const pub = fromHex(RFC_PUB);
    expect(consensusAddress(pub)).toEqual(sha256(pub).slice(0, 20));
    expect(toHexUpper(consensusAddress(pub))).toMatch(/^[0-9A-F]{40}$/);
    expect(() => consensusAddress(new Uint8Array(33))).toThrow(/32 bytes/);
  });

  it('returns false, never throws, for bad signatures and malformed input', () => {
    const sig = fromHex(RFC_SIG);
    const pub = fromHex(RFC_PUB);
    expect(verifyEd25519(sig, fromHex('73'), pub)).toBe(false);
    expect(verifyEd25519(sig.slice(0, 63), fromHex(RFC_MSG), pub)).toBe(false);
    expect(verifyEd25519(sig, fromHex(RFC_MSG), pub.slice(1))).toBe(false);
    expect(verifyEd25519(sig, fromHex(RFC_MSG), new Uint8Array(32).fill(0xff))).toBe(false);
    expect(verifyEd25519(undefined as unknown as Uint8Array, fromHex(RFC_MSG), pub)).toBe(false);
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 64, maxLength: 64 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (s, k) => {
          expect(verifyEd25519(s, fromHex(RFC_MSG), k)).toBe(false);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses seeds of the wrong length', () => {
    expect(() => ed25519PubkeyFromSeed(new Uint8Array(31))).toThrow(/32 bytes/);
    expect(() => signEd25519(new Uint8Array(1), new Uint8Array(64))).toThrow(/32 bytes/);
  });

  it('has strict hex helpers', () => {
    expect(toHexUpper(fromHex('0aFf'))).toBe('0AFF');
    expect(() => fromHex('abc')).toThrow(/invalid hex/);
    expect(() => fromHex('zz')).toThrow(/invalid hex/);
  });
});
