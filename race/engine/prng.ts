/**
 * Counter-based PRNG: the ChaCha20 block function of RFC 8439 (256-bit key, 96-bit stream id,
 * 32-bit block counter). Block i of any stream can be computed on its own, so weight tensors, the
 * target and per-nonce inputs are generated independently and in parallel (CPU threads or GPU
 * lanes). Words are the keystream read as little-endian uint32. node:crypto runs OpenSSL's SIMD
 * implementation; its 16-byte IV is the counter (LE) followed by the 12-byte stream id.
 */
import { createCipheriv } from 'node:crypto';
import { endianness } from 'node:os';

const STREAM_ID_BYTES = 12;
const BLOCK_BYTES = 64;
const WORDS_PER_BLOCK = 16;
const MAX_BLOCKS = 2 ** 32;

if (endianness() !== 'LE')
  throw new Error('race engine needs a little-endian host (keystream words are read in place)');

/** A stream id from up to three uint32 fields (little-endian), e.g. (tensor kind, layer, 0). */
export function streamId(a: number, b = 0, c = 0): Uint8Array {
  const out = new Uint8Array(STREAM_ID_BYTES);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, a >>> 0, true);
  dv.setUint32(4, b >>> 0, true);
  dv.setUint32(8, c >>> 0, true);
  return out;
}

/** Sequential reader of one ChaCha20 stream, starting at a given block. */
export class ChaChaStream {
  private readonly cipher;
  private zeros = new Uint8Array(0);

  constructor(key: Uint8Array, id: Uint8Array, firstBlock = 0) {
    if (key.length !== 32) throw new Error('ChaCha20 key must be 32 bytes');
    if (id.length !== STREAM_ID_BYTES) throw new Error(`ChaCha20 stream id must be ${STREAM_ID_BYTES} bytes`);
    if (!Number.isInteger(firstBlock) || firstBlock < 0 || firstBlock >= MAX_BLOCKS)
      throw new Error('ChaCha20 block counter out of range');
    const iv = new Uint8Array(16);
    new DataView(iv.buffer).setUint32(0, firstBlock, true);
    iv.set(id, 4);
    this.cipher = createCipheriv('chacha20', key, iv);
  }

  /** The next `count` keystream words (count must be a multiple of 16 except on the last read). */
  words(count: number): Uint32Array {
    const bytes = count * 4;
    if (this.zeros.length < bytes) this.zeros = new Uint8Array(bytes);
    const ks = this.cipher.update(this.zeros.subarray(0, bytes));
    if (ks.byteOffset % 4 === 0) return new Uint32Array(ks.buffer, ks.byteOffset, count);
    return new Uint32Array(new Uint8Array(ks).buffer, 0, count);
  }
}

/** `count` words of stream `id` under `key`, starting at block `firstBlock`. */
export function chachaWords(key: Uint8Array, id: Uint8Array, count: number, firstBlock = 0): Uint32Array {
  if (count > (MAX_BLOCKS - firstBlock) * WORDS_PER_BLOCK) throw new Error('ChaCha20 stream exhausted');
  return new ChaChaStream(key, id, firstBlock).words(count);
}

export const BLOCK_WORDS = WORDS_PER_BLOCK;
export const CHACHA_BLOCK_BYTES = BLOCK_BYTES;

/** Signed 24-bit integer k in [-2^23, 2^23) from the top 24 bits of a word. */
export function signed24(word: number): number {
  return (word >>> 8) - 8388608;
}

/**
 * Uniform value in [-a, a): fround(k · 2^-23 · a32). The product of two 24-bit significands is exact
 * in float64, so the single rounding to float32 makes the result bit-exact on every IEEE-754 platform.
 */
export function fillUniform(words: Uint32Array, a32: number, out: Float32Array, offset: number): void {
  const s = a32 * 2 ** -23;
  const n = words.length;
  for (let i = 0; i < n; i++) out[offset + i] = ((words[i] >>> 8) - 8388608) * s;
}

/** Both products are exact in float64 (word · n < 2^53, and scaling by a power of two). */
export const TWO_POW_MINUS_32 = 2 ** -32;

/** Integer in [0, n) from a word: floor(word · n / 2^32) (exact in float64 for n < 2^21). */
export function boundedInt(word: number, n: number): number {
  return Math.floor(word * n * TWO_POW_MINUS_32);
}
