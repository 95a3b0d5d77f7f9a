/** Per-nonce input: the token sequence and the coordinate permutation, both from the nonce's input seed. */
import type { RaceConfig } from './config.js';
import { TWO_POW_MINUS_32, boundedInt, chachaWords, streamId } from './prng.js';
import { inputSeed } from './seeds.js';

/**
 * Words of ChaCha20(inputSeed, streamId(0)): words [0, seqLen) are the tokens, the next vocab-1 words
 * drive the Fisher-Yates shuffle.
 */
export function nonceWords(config: RaceConfig, seed: Uint8Array): Uint32Array {
  return chachaWords(seed, streamId(0), config.seqLen + config.vocab - 1);
}

/** token_s = floor(word_s · vocab / 2^32). */
export function tokensFromWords(config: RaceConfig, words: Uint32Array, out: BigInt64Array, offset = 0): void {
  for (let s = 0; s < config.seqLen; s++) out[offset + s] = BigInt(boundedInt(words[s], config.vocab));
}

/**
 * Applies the nonce's permutation to `v` in place: for i = vocab-1 down to 1, j = floor(w · (i+1) / 2^32)
 * with w the next shuffle word, swap v[i] and v[j]. Starting from the identity this yields π with
 * result[i] = original[π(i)].
 */
export function permuteInPlace(config: RaceConfig, words: Uint32Array, v: Float64Array | Uint32Array): void {
  let w = config.seqLen;
  for (let i = config.vocab - 1; i >= 1; i--) {
    // boundedInt inlined: this loop is the miner's hottest JS.
    const j = Math.floor(words[w++] * (i + 1) * TWO_POW_MINUS_32);
    const tmp = v[i];
    v[i] = v[j];
    v[j] = tmp;
  }
}

export interface NonceInput {
  seed: Uint8Array;
  tokens: number[];
  permutation: Uint32Array;
}

/** The full input of one nonce, for test vectors and independent checks. */
export function nonceInput(config: RaceConfig, epochSeed: Uint8Array, nodeSeed: Uint8Array, nonce: bigint): NonceInput {
  const seed = inputSeed(epochSeed, nodeSeed, nonce);
  const words = nonceWords(config, seed);
  const tok = new BigInt64Array(config.seqLen);
  tokensFromWords(config, words, tok);
  const permutation = new Uint32Array(config.vocab);
  for (let i = 0; i < permutation.length; i++) permutation[i] = i;
  permuteInPlace(config, words, permutation);
  return { seed, tokens: Array.from(tok, Number), permutation };
}
