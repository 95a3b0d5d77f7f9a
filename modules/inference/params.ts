import type { Params } from '../../proto/gen/race/inference/v1/types.js';
import { InferenceErrors } from './errors.js';

/** Inference params with amounts as bigint nicoin. */
export interface InferenceParams {
  allowCpuExecutors: boolean;
  minGpuMemoryGb: bigint;
  defaultMaxOutputTokens: bigint;
  maxOutputTokens: bigint;
  maxPromptTokens: bigint;
  expiryBlocks: bigint;
  recordRetentionEpochs: bigint;
  replayWindowSeconds: bigint;
  maxBatchSize: bigint;
  requestFee: bigint;
  maxEndBlockWork: bigint;
}

/**
 * The devnet's params (the default genesis): CPU executors allowed, as the one-node devnet and the tests serve from
 * CPUs; a production genesis sets allow_cpu_executors = false so appendix D's rule applies. The expiry of 20 blocks and
 * the 60 s replay window are the anchor's; the default output budget is its 5000 tokens.
 */
export const DEFAULT_INFERENCE_PARAMS: InferenceParams = {
  allowCpuExecutors: true,
  minGpuMemoryGb: 16n,
  defaultMaxOutputTokens: 5000n,
  maxOutputTokens: 100_000n,
  maxPromptTokens: 1_000_000n,
  expiryBlocks: 20n,
  recordRetentionEpochs: 2n,
  replayWindowSeconds: 60n,
  maxBatchSize: 100n,
  requestFee: 1000n,
  maxEndBlockWork: 500n,
};

export function validateInferenceParams(p: InferenceParams): InferenceParams {
  const bad = (m: string) => InferenceErrors.InvalidParams.wrap(m);
  const positive: Array<[keyof InferenceParams, string]> = [
    ['minGpuMemoryGb', 'min_gpu_memory_gb'],
    ['defaultMaxOutputTokens', 'default_max_output_tokens'],
    ['maxOutputTokens', 'max_output_tokens'],
    ['maxPromptTokens', 'max_prompt_tokens'],
    ['expiryBlocks', 'expiry_blocks'],
    ['recordRetentionEpochs', 'record_retention_epochs'],
    ['replayWindowSeconds', 'replay_window_seconds'],
    ['maxBatchSize', 'max_batch_size'],
    ['maxEndBlockWork', 'max_end_block_work'],
  ];
  for (const [k, name] of positive) if ((p[k] as bigint) <= 0n) throw bad(`${name} must be positive`);
  if (p.defaultMaxOutputTokens > p.maxOutputTokens)
    throw bad('default_max_output_tokens must not exceed max_output_tokens');
  if (p.requestFee < 0n) throw bad('request_fee must not be negative');
  return p;
}

function amount(text: string, what: string): bigint {
  if (!/^(0|[1-9][0-9]{0,76})$/.test(text))
    throw InferenceErrors.InvalidParams.wrap(
      `${what} must be an integer amount of nicoin, got ${JSON.stringify(text)}`,
    );
  return BigInt(text);
}

export function inferenceParamsFromProto(p: Params | undefined): InferenceParams {
  if (!p) throw InferenceErrors.InvalidParams.wrap('params are required');
  return validateInferenceParams({
    allowCpuExecutors: p.allowCpuExecutors,
    minGpuMemoryGb: p.minGpuMemoryGb,
    defaultMaxOutputTokens: p.defaultMaxOutputTokens,
    maxOutputTokens: p.maxOutputTokens,
    maxPromptTokens: p.maxPromptTokens,
    expiryBlocks: p.expiryBlocks,
    recordRetentionEpochs: p.recordRetentionEpochs,
    replayWindowSeconds: p.replayWindowSeconds,
    maxBatchSize: p.maxBatchSize,
    requestFee: amount(p.requestFee, 'request_fee'),
    maxEndBlockWork: p.maxEndBlockWork,
  });
}

export function inferenceParamsToProto(p: InferenceParams): Params {
  return { ...p, requestFee: p.requestFee.toString() };
}
