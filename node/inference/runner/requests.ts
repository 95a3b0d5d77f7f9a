/** Validation of generate and score requests: every bad argument is a clear error before any work. */
import type { InferenceModelConfig } from '../model/spec.js';
import { MAX_TOP_LOGPROBS } from './sampling.js';

export interface GenerateRequest {
  promptIds: readonly number[];
  maxTokens: number;
  /** 0 (the default) is greedy. */
  temperature?: number;
  /** Nucleus mass in (0, 1]; 1 (the default) keeps every token. */
  topP?: number;
  /** Integer in [0, 2^53); drawn from the runner's randomness when absent (and reported back). */
  seed?: number;
  /** Token sequences that end the generation once generated (their tokens are yielded); EOS always does. */
  stop?: readonly (readonly number[])[];
  /** How many most likely alternatives to report per token, 0-20 (default 0). */
  topLogprobs?: number;
  /** Keep going past EOS (benchmarks: a fixed token count whatever the model says). */
  ignoreEos?: boolean;
}

export interface ValidGenerateRequest {
  promptIds: number[];
  maxTokens: number;
  temperature: number;
  topP: number;
  seed: number | undefined;
  stop: number[][];
  topLogprobs: number;
  ignoreEos: boolean;
}

export const MAX_TEMPERATURE = 2;
export const MAX_STOP_SEQUENCES = 16;

export function checkIds(what: string, ids: unknown, c: InferenceModelConfig): number[] {
  if (!Array.isArray(ids)) throw new Error(`${what} must be an array of token ids`);
  if (ids.length === 0) throw new Error(`${what} must not be empty`);
  for (const [i, id] of ids.entries()) {
    if (!Number.isInteger(id) || id < 0 || id >= c.vocab)
      throw new Error(`${what}[${i}] = ${String(id)} is not a token id in [0, ${c.vocab})`);
  }
  return [...(ids as number[])];
}

export function checkTopLogprobs(k: unknown): number {
  if (!Number.isInteger(k) || (k as number) < 0 || (k as number) > MAX_TOP_LOGPROBS)
    throw new Error(`topLogprobs must be an integer in [0, ${MAX_TOP_LOGPROBS}], got ${String(k)}`);
  return k as number;
}

export function validateGenerate(r: GenerateRequest, c: InferenceModelConfig): ValidGenerateRequest {
  if (!r || typeof r !== 'object') throw new Error('generate needs a request object');
  const promptIds = checkIds('promptIds', r.promptIds, c);
  if (promptIds.length >= c.contextLength)
    throw new Error(`prompt of ${promptIds.length} tokens leaves no room in the context length ${c.contextLength}`);
  if (!Number.isInteger(r.maxTokens) || r.maxTokens <= 0)
    throw new Error(`maxTokens must be a positive integer, got ${String(r.maxTokens)}`);
  const temperature = r.temperature ?? 0;
  if (
    typeof temperature !== 'number' ||
    !Number.isFinite(temperature) ||
    temperature < 0 ||
    temperature > MAX_TEMPERATURE
  )
    throw new Error(`temperature must be a number in [0, ${MAX_TEMPERATURE}], got ${String(temperature)}`);
  const topP = r.topP ?? 1;
  if (typeof topP !== 'number' || !(topP > 0 && topP <= 1))
    throw new Error(`topP must be a number in (0, 1], got ${String(topP)}`);
  if (r.seed !== undefined && (!Number.isSafeInteger(r.seed) || r.seed < 0))
    throw new Error(`seed must be an integer in [0, 2^53), got ${String(r.seed)}`);
  const stopIn = r.stop ?? [];
  if (!Array.isArray(stopIn) || stopIn.length > MAX_STOP_SEQUENCES)
    throw new Error(`stop must be an array of at most ${MAX_STOP_SEQUENCES} token sequences`);
  const stop = stopIn.map((s, i) => checkIds(`stop[${i}]`, s, c));
  if (r.ignoreEos !== undefined && typeof r.ignoreEos !== 'boolean') throw new Error('ignoreEos must be a boolean');
  return {
    promptIds,
    maxTokens: r.maxTokens,
    temperature,
    topP,
    seed: r.seed,
    stop,
    topLogprobs: checkTopLogprobs(r.topLogprobs ?? 0),
    ignoreEos: r.ignoreEos ?? false,
  };
}
