/** The inference runner's public surface, for the node's wiring and the later bench:inference. */
export { DEFAULT_MODEL } from '../model/default-model.js';
export { BOS_ID, DEFAULT_MODEL_CONFIG, EOS_ID, LARGE_MODEL_CONFIG, type InferenceModelConfig } from '../model/spec.js';
export { rawRunnerTokensPerSecond, type RunnerBenchResult } from './bench.js';
export { byteTokenizer, type StreamDecoder, type Tokenizer } from './byte-tokenizer.js';
export { chatPromptIds, renderChat, type ChatMessage, type ChatRole } from './chat-template.js';
export { Generation, type FinishReason, type GeneratedToken } from './generation.js';
export { ensureModelFile, type ModelFile } from './model-cache.js';
export { ModelRunner, type ModelRunnerDeps, type ModelRunnerOpts, type ScoredToken } from './model-runner.js';
export { openDefaultRunner } from './open-default.js';
export type { GenerateRequest } from './requests.js';
export { MAX_TOP_LOGPROBS, type TokenLogprob } from './sampling.js';
