import { describe, expect, it } from '@jest/globals';
import { chacha20 } from '@noble/ciphers/chacha.js';
import { ChaChaStream, boundedInt, chachaWords, fillUniform, signed24, streamId } from '../../../race/engine/prng.js';

const key = Uint8Array.from({ length: 32 }, (_, i) => i);

describe('ChaCha20 counter-based PRNG', () => {
  it('matches the RFC 8439 §2.4.2 keystream (block counter 1)', () => {
    const id = Uint8Array.from(Buffer.from('000000000000004a00000000', 'hex'));
    const words = chachaWords(key, id, 16, 1);
    expect(Buffer.from(words.buffer, words.byteOffset, 64).toString('hex')).toBe(
      '224f51f3401bd9e12fde276fb8631ded8c131f823d2c06e27e4fcaec9ef3cf788a3b0aa372600a92b57974cded2b9334794cba40c63e34cdea212c4cf07d41b7',
    );
  });

  it('agrees with an independent implementation (@noble/ciphers) on random streams', () => {
    const id = streamId(7, 3, 1);
    const ours = chachaWords(key, id, 1000);
    const theirs = chacha20(key, id, new Uint8Array(4000));
    expect(Buffer.from(ours.buffer, ours.byteOffset, 4000).equals(Buffer.from(theirs))).toBe(true);
  });

  it('gives random access: block k of a stream equals words 16k.. of the whole stream', () => {
    const id = streamId(1);
    const all = chachaWords(key, id, 16 * 50);
    expect(Array.from(chachaWords(key, id, 32, 37))).toEqual(Array.from(all.subarray(16 * 37, 16 * 39)));
  });

  it('reads a stream sequentially in chunks of any multiple of a block', () => {
    const s = new ChaChaStream(key, streamId(2));
    const parts = [...s.words(16), ...s.words(48), ...s.words(64)];
    expect(parts).toEqual(Array.from(chachaWords(key, streamId(2), 128)));
  });

  it('separates streams by id', () => {
    expect(Array.from(chachaWords(key, streamId(1), 16))).not.toEqual(Array.from(chachaWords(key, streamId(2), 16)));
    expect(Array.from(chachaWords(key, streamId(1, 0), 16))).not.toEqual(
      Array.from(chachaWords(key, streamId(1, 1), 16)),
    );
  });

  it('rejects bad keys, ids and counters', () => {
    expect(() => chachaWords(new Uint8Array(16), streamId(0), 16)).toThrow(/32 bytes/);
    expect(() => chachaWords(key, new Uint8Array(8), 16)).toThrow(/12 bytes/);
    expect(() => chachaWords(key, streamId(0), 16, -1)).toThrow(/counter/);
  });
});

describe('word conversions', () => {
  it('maps words to uniform float32 in [-a, a) exactly as fround(k · 2^-23 · a)', () => {
    const words = Uint32Array.of(0, 0xffffffff, 0x80000000, 0x12345678);
    const out = new Float32Array(4);
    const a = Math.fround(Math.sqrt(3 / 512));
    fillUniform(words, a, out, 0);
    expect(out[0]).toBe(Math.fround(-a));
    expect(out[2]).toBe(0);
    for (let i = 0; i < 4; i++) expect(out[i]).toBe(Math.fround(signed24(words[i]) * 2 ** -23 * a));
    expect(out[1]).toBeLessThan(a);
  });

  it('maps words to bounded integers with floor(w · n / 2^32)', () => {
    expect(boundedInt(0, 8192)).toBe(0);
    expect(boundedInt(0xffffffff, 8192)).toBe(8191);
    expect(boundedInt(0x80000000, 3)).toBe(1);
    expect(boundedInt(0xffffffff, 1)).toBe(0);
  });
});
