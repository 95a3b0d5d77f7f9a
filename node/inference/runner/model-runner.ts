/**
 * ModelRunner: a decoder-only model served from a worker thread (ONNX Runtime's run() blocks its thread),
 * CUDA when its provider loads and the CPU provider otherwise (race/engine/session.ts). generate() streams
 * tokens with their logprobs; scoreSequence() gives the same logprobs for a forced output in one pass,
 * which is what a verifier re-runs.
 */
import { randomInt } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { EngineLog, RaceDevice } from '../../../race/engine/session.js';
import { EOS_ID } from '../model/spec.js';
import { Generation, type GeneratedToken, type SequenceModel } from './generation.js';
import type { ModelFile } from './model-cache.js';
import { checkIds, checkTopLogprobs, validateGenerate, type GenerateRequest } from './requests.js';
import { logSoftmax, topLogprobs } from './sampling.js';
import type { FromWorker, RunnerWorkerData, ToWorker } from './worker-protocol.js';

export interface ModelRunnerOpts {
  model: Pick<ModelFile, 'path' | 'config'>;
  device?: RaceDevice;
  /** Intra-op threads of the CPU provider (default 1). */
  threads?: number;
  /** The id that ends every generation (default: the byte vocabulary's EOS). */
  eosId?: number;
}

export interface WorkerLike {
  postMessage(m: ToWorker): void;
  on(event: 'message', fn: (m: FromWorker) => void): unknown;
  on(event: 'error', fn: (e: Error) => void): unknown;
  on(event: 'exit', fn: (code: number) => void): unknown;
}

export interface ModelRunnerDeps {
  logger: EngineLog;
  createWorker?: (data: RunnerWorkerData) => WorkerLike;
  /** Seeds for sampling requests that bring none. */
  randomSeed?: () => number;
}

export type ScoredToken = GeneratedToken;

export function defaultWorker(data: RunnerWorkerData): WorkerLike {
  return new Worker(new URL('./runner-worker.js', import.meta.url), { workerData: data });
}

interface Pending {
  resolve(logits: Float32Array): void;
  reject(err: Error): void;
}

export class ModelRunner implements SequenceModel {
  readonly vocab: number;
  readonly contextLength: number;
  readonly eosId: number;
  device: 'cpu' | 'cuda' | null = null;
  /** Forward passes sent to the worker so far. */
  forwardCalls = 0;
  private readonly worker: WorkerLike;
  private readonly pending = new Map<number, Pending>();
  private readonly open = new Set<number>();
  private nextReq = 0;
  private nextSeq = 0;
  private failure: Error | null = null;
  private readonly ready: Promise<void>;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly opts: ModelRunnerOpts,
    private readonly deps: ModelRunnerDeps,
  ) {
    const c = opts.model.config;
    this.vocab = c.vocab;
    this.contextLength = c.contextLength;
    this.eosId = opts.eosId ?? EOS_ID;
    const data: RunnerWorkerData = {
      modelPath: opts.model.path,
      config: c,
      device: opts.device ?? 'auto',
      threads: opts.threads ?? 1,
    };
    this.worker = (deps.createWorker ?? defaultWorker)(data);
    let onReady!: () => void;
    let onFail!: (e: Error) => void;
    this.ready = new Promise<void>((res, rej) => {
      onReady = res;
      onFail = rej;
    });
    this.ready.catch(() => {});
    this.exited = new Promise<void>((res) =>
      this.worker.on('exit', () => {
        this.fail(new Error('inference runner worker exited'));
        onFail(this.failure!);
        res();
      }),
    );
    this.worker.on('error', (e) => {
      this.fail(e);
      onFail(e);
    });
    this.worker.on('message', (m) => {
      switch (m.type) {
        case 'ready':
          this.device = m.device;
          onReady();
          break;
        case 'logits':
          this.settle(m.req)?.resolve(m.logits);
          break;
        case 'failed':
          this.settle(m.req)?.reject(new Error(`inference runner: ${m.message}`));
          break;
        case 'log':
          this.deps.logger.info(m.data, m.msg);
          break;
        case 'error': {
          const err = new Error(`inference runner worker failed: ${m.message}`);
          this.fail(err);
          onFail(err);
          break;
        }
      }
    });
  }

  /** Starts the worker; resolves once the model's session is open. */
  static async open(opts: ModelRunnerOpts, deps: ModelRunnerDeps): Promise<ModelRunner> {
    const runner = new ModelRunner(opts, deps);
    await runner.ready;
    return runner;
  }

  get openSequences(): number {
    return this.open.size;
  }

  generate(request: GenerateRequest): Generation {
    this.assertUsable();
    const req = validateGenerate(request, this.opts.model.config);
    const seed = req.temperature > 0 ? (req.seed ?? (this.deps.randomSeed ?? defaultRandomSeed)()) : undefined;
    return new Generation({ ...req, seed }, this);
  }

  /**
   * Per output token: its logprob and the topLogprobs most likely tokens at that position, with the output
   * forced, from one forward pass over prompt + output. Matches generate()'s figures for the same tokens to
   * within float32 noise (docs/inference-model.md, "Consistency").
   */
  async scoreSequence(
    promptIds: readonly number[],
    outputIds: readonly number[],
    opts: { topLogprobs?: number } = {},
  ): Promise<ScoredToken[]> {
    this.assertUsable();
    const c = this.opts.model.config;
    const prompt = checkIds('promptIds', promptIds, c);
    const output = checkIds('outputIds', outputIds, c);
    const k = checkTopLogprobs(opts.topLogprobs ?? 0);
    // The last output token's own successor is never needed.
    const ids = [...prompt, ...output.slice(0, -1)];
    if (prompt.length + output.length > c.contextLength)
      throw new Error(
        `prompt + output of ${prompt.length + output.length} tokens exceed the context length ${c.contextLength}`,
      );
    const seq = this.newSequence();
    try {
      const logits = await this.forward(seq, ids, prompt.length - 1);
      return output.map((id, i) => {
        const lp = logSoftmax(logits, i * c.vocab, c.vocab);
        return { id, logprob: lp[id], top: topLogprobs(lp, k) };
      });
    } finally {
      this.release(seq);
    }
  }

  forwardLast(seq: number, ids: number[]): Promise<Float32Array> {
    return this.forward(seq, ids, ids.length - 1);
  }

  release(seq: number): void {
    if (!this.open.delete(seq) || this.failure) return;
    this.worker.postMessage({ type: 'release', seq });
  }

  async close(): Promise<void> {
    if (!this.failure) {
      this.worker.postMessage({ type: 'close' });
      this.fail(new Error('inference runner closed'));
    }
    await this.exited;
  }

  private forward(seq: number, ids: number[], fromRow: number): Promise<Float32Array> {
    if (this.failure) return Promise.reject(this.failure);
    const req = this.nextReq++;
    this.forwardCalls++;
    return new Promise<Float32Array>((resolve, reject) => {
      this.pending.set(req, { resolve, reject });
      this.worker.postMessage({ type: 'forward', req, seq, ids, fromRow });
    });
  }

  newSequence(): number {
    const seq = this.nextSeq++;
    this.open.add(seq);
    return seq;
  }

  private settle(req: number): Pending | undefined {
    const p = this.pending.get(req);
    this.pending.delete(req);
    return p;
  }

  private assertUsable(): void {
    if (this.failure) throw this.failure;
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

function defaultRandomSeed(): number {
  return randomInt(0, 2 ** 48 - 1);
}
