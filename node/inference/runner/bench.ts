/**
 * Raw decode throughput of a runner: tokens/s of one greedy generation after its prefill, with no HTTP or
 * chain in the way. The later bench:inference calls this; the figure for the default model is in
 * docs/inference-model.md.
 */
import { BOS_ID } from '../model/spec.js';
import type { ModelRunner } from './model-runner.js';

export interface RunnerBenchOpts {
  /** Tokens to generate (fewer only if the context length comes first; EOS does not stop the run). */
  tokens: number;
  promptIds?: readonly number[];
}

export interface RunnerBenchResult {
  tokens: number;
  seconds: number;
  tokensPerSecond: number;
}

export async function rawRunnerTokensPerSecond(
  runner: ModelRunner,
  opts: RunnerBenchOpts,
  now: () => number = () => performance.now(),
): Promise<RunnerBenchResult> {
  if (!Number.isInteger(opts.tokens) || opts.tokens < 2)
    throw new Error(`bench tokens must be an integer >= 2, got ${String(opts.tokens)}`);
  const promptIds = opts.promptIds ?? [BOS_ID];
  const gen = runner.generate({
    promptIds,
    maxTokens: Math.min(opts.tokens, runner.contextLength - promptIds.length),
    ignoreEos: true,
  });
  let count = 0;
  let start = 0;
  for await (const _token of gen) {
    // The clock starts at the first token, so the prompt's prefill is not counted.
    if (count++ === 0) start = now();
  }
  const seconds = (now() - start) / 1000;
  const tokens = count - 1;
  return { tokens, seconds, tokensPerSecond: seconds > 0 ? tokens / seconds : Infinity };
}
