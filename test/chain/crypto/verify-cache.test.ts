/**
 * The signature cache that lets a node verify each tx signature once: a cached success must never vouch for another
 * public key, message or signature, failures are never cached, and batch pre-verification only ever adds successes.
 */
import { describe, expect, it } from '@jest/globals';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  secp256k1PubkeyFromPrivkey,
  signSecp256k1,
  verifySecp256k1,
  verifySecp256k1Async,
} from '../../../chain/crypto/secp256k1.js';
import { VerifyCache, type VerifyFn } from '../../../chain/crypto/verify-cache.js';

const privA = sha256(Uint8Array.of(1));
const privB = sha256(Uint8Array.of(2));
const pubA = secp256k1PubkeyFromPrivkey(privA);
const pubB = secp256k1PubkeyFromPrivkey(privB);
const msg = new TextEncoder().encode('sign bytes');
const sigA = signSecp256k1(msg, privA);

/** The real verifier, counting the verifications actually performed. */
function counting(): { verify: VerifyFn; calls: () => number } {
  let n = 0;
  return {
    verify: (s, m, p) => {
      n++;
      return verifySecp256k1(s, m, p);
    },
    calls: () => n,
  };
}

describe('VerifyCache', () => {
  it('verifies a signature once and answers the repeat from the cache', () => {
    const c = counting();
    const cache = new VerifyCache({ capacity: 10 }, { verify: c.verify });
    expect(cache.verify(sigA, msg, pubA)).toBe(true);
    expect(cache.verify(sigA, msg, pubA)).toBe(true);
    expect(c.calls()).toBe(1);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1 });
  });

  it('a cached success never survives a change of public key: the other key is verified, and fails', () => {
    const c = counting();
    const cache = new VerifyCache({ capacity: 10 }, { verify: c.verify });
    expect(cache.verify(sigA, msg, pubA)).toBe(true);
    expect(cache.verify(sigA, msg, pubB)).toBe(false);
    expect(c.calls()).toBe(2);
    // Nor for another message or a tampered signature.
    expect(cache.verify(sigA, Uint8Array.of(...msg, 0), pubA)).toBe(false);
    const tampered = sigA.slice();
    tampered[5]! ^= 1;
    expect(cache.verify(tampered, msg, pubA)).toBe(false);
    expect(c.calls()).toBe(4);
  });

  it('never caches a failure: a bad signature is verified (and refused) every time', () => {
    const c = counting();
    const cache = new VerifyCache({ capacity: 10 }, { verify: c.verify });
    for (let i = 0; i < 3; i++) expect(cache.verify(sigA, msg, pubB)).toBe(false);
    expect(c.calls()).toBe(3);
    expect(cache.size()).toBe(0);
  });

  it('batch pre-verification caches the valid signatures only, so the later checks of bad ones still fail', async () => {
    const c = counting();
    const cache = new VerifyCache({ capacity: 10 }, { verify: c.verify, verifyAsync: verifySecp256k1Async });
    await cache.verifyMany([
      { signature: sigA, signBytes: msg, pubKey: pubA },
      { signature: sigA, signBytes: msg, pubKey: pubB },
    ]);
    expect(cache.stats.preVerified).toBe(1);
    expect(cache.verify(sigA, msg, pubA)).toBe(true);
    expect(c.calls()).toBe(0);
    expect(cache.verify(sigA, msg, pubB)).toBe(false);
    expect(c.calls()).toBe(1);
  });

  it('a verifier that throws in a batch leaves nothing cached and does not reject', async () => {
    const cache = new VerifyCache(
      { capacity: 10 },
      { verify: verifySecp256k1, verifyAsync: () => Promise.reject(new Error('pool down')) },
    );
    await expect(cache.verifyMany([{ signature: sigA, signBytes: msg, pubKey: pubA }])).resolves.toBeUndefined();
    expect(cache.size()).toBe(0);
  });

  it('holds at most its capacity, forgetting the oldest first', () => {
    const c = counting();
    const cache = new VerifyCache({ capacity: 2 }, { verify: c.verify });
    const msgs = [1, 2, 3].map((i) => Uint8Array.of(i));
    const sigs = msgs.map((m) => signSecp256k1(m, privA));
    msgs.forEach((m, i) => cache.verify(sigs[i]!, m, pubA));
    expect(cache.size()).toBe(2);
    expect(c.calls()).toBe(3);
    cache.verify(sigs[2]!, msgs[2]!, pubA);
    expect(c.calls()).toBe(3);
    cache.verify(sigs[0]!, msgs[0]!, pubA);
    expect(c.calls()).toBe(4);
  });
});

describe('verifySecp256k1Async (libuv thread pool)', () => {
  it('answers as verifySecp256k1 does for valid, wrong-key, tampered, high-S and malformed input', async () => {
    const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const s = BigInt('0x' + Buffer.from(sigA.subarray(32)).toString('hex'));
    const highS = Uint8Array.of(...sigA.subarray(0, 32), ...Buffer.from((N - s).toString(16).padStart(64, '0'), 'hex'));
    const tampered = sigA.slice();
    tampered[40]! ^= 0x10;
    const cases: Array<[Uint8Array, Uint8Array, Uint8Array]> = [
      [sigA, msg, pubA],
      [sigA, msg, pubB],
      [tampered, msg, pubA],
      [highS, msg, pubA],
      [sigA.subarray(0, 63), msg, pubA],
      [sigA, msg, pubA.subarray(0, 32)],
      [sigA, msg, Uint8Array.of(5, ...pubA.subarray(1))],
    ];
    const sync = cases.map(([a, b, c]) => verifySecp256k1(a, b, c));
    expect(sync).toEqual([true, false, false, false, false, false, false]);
    expect(await Promise.all(cases.map(([a, b, c]) => verifySecp256k1Async(a, b, c)))).toEqual(sync);
  });
});
