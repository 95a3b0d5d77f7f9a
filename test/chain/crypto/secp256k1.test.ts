import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Secp256k1, sha256 as cosmjsSha256 } from '@cosmjs/crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64, fromHex, toHexLower } from '../../../chain/types/bytes.js';
import { derivePrivkeyFromMnemonic } from '../../../chain/crypto/hd.js';
import {
  SECP256K1_NATIVE_VERIFY,
  secp256k1PubkeyFromPrivkey,
  signSecp256k1,
  verifyNoble,
  verifySecp256k1,
} from '../../../chain/crypto/secp256k1.js';
import {
  AMINO_SHA256_HEX,
  AMINO_SIGN_DOC,
  AMINO_SIGNATURE_HEX,
  DIRECT_SIGN_DOC_HEX,
  DIRECT_SIGNATURE_HEX,
  FAUCET_MNEMONIC,
  FAUCET_PUBKEY_B64,
} from './vectors.js';

const CURVE_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const priv = derivePrivkeyFromMnemonic(FAUCET_MNEMONIC);
const pub = fromBase64(FAUCET_PUBKEY_B64);
const directDoc = fromHex(DIRECT_SIGN_DOC_HEX);
const aminoDoc = new TextEncoder().encode(AMINO_SIGN_DOC);

function withHighS(sig: Uint8Array): Uint8Array {
  const s = BigInt('0x' + toHexLower(sig.slice(32)));
  const out = sig.slice();
  out.set(fromHex((CURVE_N - s).toString(16).padStart(64, '0')), 32);
  return out;
}

describe('secp256k1 account keys', () => {
  it('derives the compressed public key of the faucet account', () => {
    expect(secp256k1PubkeyFromPrivkey(priv)).toEqual(pub);
  });

  it('reproduces the CosmJS SIGN_MODE_DIRECT signature byte for byte', () => {
    expect(toHexLower(signSecp256k1(directDoc, priv))).toBe(DIRECT_SIGNATURE_HEX);
  });

  it('reproduces the CosmJS amino JSON signature byte for byte', () => {
    expect(toHexLower(sha256(aminoDoc))).toBe(AMINO_SHA256_HEX);
    expect(toHexLower(signSecp256k1(aminoDoc, priv))).toBe(AMINO_SIGNATURE_HEX);
  });

  it('verifies the vector signatures', () => {
    expect(verifySecp256k1(fromHex(DIRECT_SIGNATURE_HEX), directDoc, pub)).toBe(true);
    expect(verifySecp256k1(fromHex(AMINO_SIGNATURE_HEX), aminoDoc, pub)).toBe(true);
  });

  it('rejects the high-S twin of a valid signature (malleability), like the SDK', () => {
    const sig = fromHex(DIRECT_SIGNATURE_HEX);
    expect(verifySecp256k1(withHighS(sig), directDoc, pub)).toBe(false);
  });

  it('returns false, never throws, for malformed input', () => {
    const sig = fromHex(DIRECT_SIGNATURE_HEX);
    const other = directDoc.slice();
    other[10] ^= 1;
    const badPoint = new Uint8Array(33).fill(0xff);
    badPoint[0] = 0x02;
    const uncompressed = Secp256k1.uncompressPubkey(pub);
    expect(verifySecp256k1(sig, other, pub)).toBe(false);
    expect(verifySecp256k1(sig.slice(0, 63), directDoc, pub)).toBe(false);
    expect(verifySecp256k1(new Uint8Array([...sig, 1]), directDoc, pub)).toBe(false);
    expect(verifySecp256k1(new Uint8Array(64), directDoc, pub)).toBe(false);
    expect(verifySecp256k1(sig, directDoc, badPoint)).toBe(false);
    expect(verifySecp256k1(sig, directDoc, uncompressed)).toBe(false);
    expect(verifySecp256k1(sig, directDoc, pub.slice(0, 32))).toBe(false);
    expect(verifySecp256k1(null as unknown as Uint8Array, directDoc, pub)).toBe(false);
    expect(verifySecp256k1(sig, 'text' as unknown as Uint8Array, pub)).toBe(false);
    expect(verifySecp256k1(new Uint8Array(64).fill(0xff), directDoc, pub)).toBe(false);
  });

  it('never throws on random signatures and keys', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 70 }),
        fc.uint8Array({ minLength: 33, maxLength: 33 }),
        (sig, key) => {
          expect(typeof verifySecp256k1(sig, directDoc, key)).toBe('boolean');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('agrees with @cosmjs/crypto on random keys and messages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 200 }),
        async (seed, msg) => {
          const key = sha256(seed); // a valid scalar with overwhelming probability
          const ours = signSecp256k1(msg, key);
          const theirs = await Secp256k1.createSignature(cosmjsSha256(msg), key);
          expect(toHexLower(ours)).toBe(toHexLower(new Uint8Array([...theirs.r(32), ...theirs.s(32)])));
          expect(verifySecp256k1(ours, msg, secp256k1PubkeyFromPrivkey(key))).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('verifies with OpenSSL here, and agrees with the pure-JS reference on valid, tampered, high-S and out-of-range signatures', () => {
    expect(SECP256K1_NATIVE_VERIFY).toBe(true);
    const N = fromHex('fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141');
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 100 }),
        fc.nat(7),
        (seed, msg, mode) => {
          const key = sha256(seed);
          const pk = secp256k1PubkeyFromPrivkey(key);
          let sig = signSecp256k1(msg, key);
          if (mode === 1) sig = withHighS(sig);
          if (mode === 2) sig = new Uint8Array([...N, ...sig.subarray(32)]); // r = n
          if (mode === 3) sig = new Uint8Array([...sig.subarray(0, 32), ...new Uint8Array(32)]); // s = 0
          if (mode === 4) sig[5] ^= 0x10;
          const m = mode === 5 ? new Uint8Array([...msg, 0]) : msg;
          const expected = mode === 0 || mode >= 6;
          expect(verifyNoble(sig, m, pk)).toBe(expected);
          expect(verifySecp256k1(sig, m, pk)).toBe(expected);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('refuses invalid private keys with a clear error', () => {
    expect(() => secp256k1PubkeyFromPrivkey(new Uint8Array(32))).toThrow(/invalid secp256k1 private key/);
    expect(() => signSecp256k1(directDoc, new Uint8Array(31).fill(1))).toThrow(/invalid secp256k1 private key/);
  });
});
