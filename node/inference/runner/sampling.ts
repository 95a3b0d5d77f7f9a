/**
 * Pure token choice from one row of logits, in float64: log-softmax, top-k, greedy and seeded nucleus
 * sampling. Ties always go to the lower id, so a choice depends only on the logits' bits and the seed.
 */
import { createHash } from 'node:crypto';
import { BLOCK_WORDS, ChaChaStream, streamId } from '../../../race/engine/prng.js';

export const MAX_TOP_LOGPROBS = 20;

export interface TokenLogprob {
  id: number;
  logprob: number;
}

/** log softmax of logits[offset, offset + vocab) in float64. */
export function logSoftmax(logits: Float32Array, offset: number, vocab: number): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < vocab; i++) max = Math.max(max, logits[offset + i]);
  let sum = 0;
  for (let i = 0; i < vocab; i++) sum += Math.exp(logits[offset + i] - max);
  const lse = max + Math.log(sum);
  const out = new Float64Array(vocab);
  for (let i = 0; i < vocab; i++) out[i] = logits[offset + i] - lse;
  return out;
}

/** Ids by descending value, ties by ascending id. */
function rank(values: Float64Array): number[] {
  return Array.from(values.keys()).sort((a, b) => values[b] - values[a] || a - b);
}

/** The k most likely tokens, most likely first (k ≤ MAX_TOP_LOGPROBS). */
export function topLogprobs(logprobs: Float64Array, k: number): TokenLogprob[] {
  if (k === 0) return [];
  const top: TokenLogprob[] = [];
  // One pass keeping a sorted list of k: k ≤ 20, so this beats sorting the vocabulary.
  for (let id = 0; id < logprobs.length; id++) {
    const lp = logprobs[id];
    if (top.length === k && lp <= top[k - 1].logprob) continue;
    let at = top.length;
    while (at > 0 && top[at - 1].logprob < lp) at--;
    top.splice(at, 0, { id, logprob: lp });
    if (top.length > k) top.pop();
  }
  return top;
}

export function argmax(logprobs: Float64Array): number {
  let best = 0;
  for (let i = 1; i < logprobs.length; i++) if (logprobs[i] > logprobs[best]) best = i;
  return best;
}

/** Uniform draws in [0, 1) with 53 random bits each, from ChaCha20 keyed by the request's seed. */
export class SamplerRng {
  static readonly DOMAIN = 'race-inference-sampling/v1';
  private readonly stream: ChaChaStream;
  private block = new Uint32Array(0);
  private at = 0;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0)
      throw new Error(`sampling seed must be an integer in [0, 2^53), got ${String(seed)}`);
    const le = new Uint8Array(8);
    new DataView(le.buffer).setBigUint64(0, BigInt(seed), true);
    const key = new Uint8Array(createHash('sha256').update(SamplerRng.DOMAIN).update(le).digest());
    this.stream = new ChaChaStream(key, streamId(0));
  }

  uniform(): number {
    if (this.at + 2 > this.block.length) {
      this.block = this.stream.words(BLOCK_WORDS).slice();
      this.at = 0;
    }
    // 27 + 26 bits, exact in float64.
    const hi = this.block[this.at++] >>> 5;
    const lo = this.block[this.at++] >>> 6;
    return (hi * 2 ** 26 + lo) * 2 ** -53;
  }
}

export interface SamplingParams {
  /** 0: greedy. */
  temperature: number;
  /** Nucleus mass in (0, 1]. */
  topP: number;
}

/**
 * The next token: the argmax at temperature 0, else a draw from softmax(logprobs / temperature) restricted
 * to the smallest most-likely set whose mass reaches topP.
 */
export function chooseToken(logprobs: Float64Array, p: SamplingParams, rng: SamplerRng | null): number {
  if (p.temperature === 0) return argmax(logprobs);
  if (!rng) throw new Error('sampling at temperature > 0 needs a seeded generator');
  const order = rank(logprobs);
  const top = logprobs[order[0]];
  const weights = order.map((id) => Math.exp((logprobs[id] - top) / p.temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  let kept = 0;
  let mass = 0;
  while (kept < order.length && (kept === 0 || mass < p.topP * total)) mass += weights[kept++];
  let u = rng.uniform() * mass;
  for (let i = 0; i < kept; i++) {
    u -= weights[i];
    if (u < 0) return order[i];
  }
  // u · mass rounded up to mass itself: the last kept token.
  return order[kept - 1];
}
