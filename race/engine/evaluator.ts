/**
 * One epoch's race, ready to evaluate nonces: the model built from the epoch seed in an ONNX Runtime
 * session, the normalised target and the threshold. Miner, verifier and benchmark all evaluate through
 * this, so they compute bit-identical distances.
 */
import ort from 'onnxruntime-node';
import { validateConfig, type RaceConfig } from './config.js';
import { distanceThreshold, permutedDistance } from './distance.js';
import { INPUT_NAME, OUTPUT_NAME } from './graph.js';
import { buildModel, type ExternalDataMode } from './model-file.js';
import { nonceWords, tokensFromWords } from './nonce-input.js';
import { assertSeed, inputSeed } from './seeds.js';
import { createRaceSession, type EngineLog, type RaceDevice, type ResolvedDevice } from './session.js';
import { targetVector } from './target.js';

export interface EvaluatorOpts {
  config: RaceConfig;
  epochSeed: Uint8Array;
  device?: RaceDevice;
  threads?: number;
  externalData?: ExternalDataMode;
  tmpDir?: string;
}

export interface EvaluatorDeps {
  logger?: EngineLog;
  /** Monotonic milliseconds, for the setup timings. */
  now?: () => number;
}

export interface SetupTimings {
  /** Weight generation and model encoding (and writing, for external data). */
  buildMs: number;
  sessionMs: number;
}

export interface BatchResult {
  distances: Float64Array;
  /** The raw float32 outputs, row-major [batch, vocab]. */
  logits: Float32Array;
}

export class RaceEvaluator {
  readonly threshold: number;
  private readonly scratch: Float64Array;

  private constructor(
    readonly config: RaceConfig,
    readonly epochSeed: Uint8Array,
    readonly device: ResolvedDevice,
    readonly timings: SetupTimings,
    private readonly session: ort.InferenceSession,
    private readonly target: Float64Array,
  ) {
    this.threshold = distanceThreshold(config);
    this.scratch = new Float64Array(config.vocab);
  }

  static async create(opts: EvaluatorOpts, deps: EvaluatorDeps = {}): Promise<RaceEvaluator> {
    const config = validateConfig({ ...opts.config });
    assertSeed(opts.epochSeed, 'epoch seed');
    const now = deps.now ?? (() => performance.now());
    const t0 = now();
    const model = buildModel(config, opts.epochSeed, { externalData: opts.externalData, tmpDir: opts.tmpDir });
    const t1 = now();
    try {
      const { session, device } = await createRaceSession(model, { device: opts.device, threads: opts.threads }, deps.logger ?? { info: () => {} });
      const timings = { buildMs: t1 - t0, sessionMs: now() - t1 };
      return new RaceEvaluator(config, Uint8Array.from(opts.epochSeed), device, timings, session, targetVector(config, opts.epochSeed));
    } finally {
      model.dispose();
    }
  }

  /** Runs the model on a [batch, seqLen] token matrix and returns [batch, vocab] logits. */
  async logits(tokens: BigInt64Array): Promise<Float32Array> {
    const s = this.config.seqLen;
    if (tokens.length === 0 || tokens.length % s !== 0) throw new Error(`tokens must be a non-empty [batch, ${s}] matrix`);
    const input = new ort.Tensor('int64', tokens, [tokens.length / s, s]);
    const out = await this.session.run({ [INPUT_NAME]: input });
    const data = out[OUTPUT_NAME].data as Float32Array;
    input.dispose?.();
    return data;
  }

  /** Distances of the given nonces of one node seed, in order, computed in one batch. */
  async evaluate(nodeSeed: Uint8Array, nonces: readonly bigint[]): Promise<BatchResult> {
    assertSeed(nodeSeed, 'node seed');
    const c = this.config;
    const words = nonces.map((n) => nonceWords(c, inputSeed(this.epochSeed, nodeSeed, n)));
    const tokens = new BigInt64Array(nonces.length * c.seqLen);
    words.forEach((w, b) => tokensFromWords(c, w, tokens, b * c.seqLen));
    const logits = await this.logits(tokens);
    const distances = new Float64Array(nonces.length);
    for (let b = 0; b < nonces.length; b++) {
      distances[b] = permutedDistance(c, logits.subarray(b * c.vocab, (b + 1) * c.vocab), words[b], this.target, this.scratch);
    }
    return { distances, logits };
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
