/** Race engine: the off-chain Proof-of-Work 2.0 transformer race (spec: docs/race-spec.md). */
export {
  DEV_CONFIG,
  PAPER_CONFIG,
  RACE_CONFIGS,
  TEST_CONFIG,
  flopsPerNonce,
  getRaceConfig,
  parameterCount,
  validateConfig,
  weightBytes,
  type RaceConfig,
  type RaceConfigName,
} from './config.js';
export {
  DOMAIN,
  MAX_NONCE,
  PUBLIC_KEY_BYTES,
  SEED_BYTES,
  inputSeed,
  nodeSeedFromPublicKey,
  nonceBytes,
  targetKey,
  taggedHash,
  toNonce,
  weightsKey,
} from './seeds.js';
export { ChaChaStream, boundedInt, chachaWords, fillUniform, signed24, streamId } from './prng.js';
export { TENSOR_KIND, fillTensor, generateTensor, tensorSpecs, type TensorSpec } from './weights.js';
export { rawTarget, targetVector } from './target.js';
export { nonceInput, nonceWords, permuteInPlace, tokensFromWords, type NonceInput } from './nonce-input.js';
export { centerAndNormalize, distanceThreshold, isAppropriate, normalQuantile, permutedDistance } from './distance.js';
export { IR_VERSION, OPSET, buildGraph, encodeModel } from './graph.js';
export { INLINE_LIMIT_BYTES, buildModel, type BuiltModel, type ExternalDataMode } from './model-file.js';
export {
  RACE_DEVICES,
  createRaceSession,
  cudaProviderLibrary,
  parseDevice,
  sessionOptions,
  type EngineLog,
  type RaceDevice,
  type ResolvedDevice,
} from './session.js';
export { RaceEvaluator, type BatchResult, type EvaluatorOpts } from './evaluator.js';
export { referenceForward, referenceWeights } from './reference.js';
export { Verifier, type NonceCheck, type Participant, type VerifierOpts, type VerifyReport } from './verifier.js';
export { Miner, type MinerDeps, type MinerOpts, type MinerReady, type MinerState, type MinerStats } from './miner.js';
export { DEFAULT_MARGIN } from './miner-loop.js';
export type { FoundProof } from './miner-protocol.js';
export { decodeProofNonces, encodeProofNonces, proofDigest, type RaceProof } from './proof.js';
export { defaultBatchSizes, runRaceBench, type RaceBenchOpts, type RaceBenchResult } from './bench.js';
export { MatMulPeak, measureMatMulPeak } from './matmul-peak.js';
export { formatProgress, progressWriter } from './progress.js';
