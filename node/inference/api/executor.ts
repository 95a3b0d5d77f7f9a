/**
 * The executor seam. A relay hands a started request to the executor the chain drew; on the one-node devnet that
 * is this node (LocalExecutor). The libp2p path to a remote executor is a later issue: it implements the same
 * interface (docs/inference.md, "Node side").
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { signSecp256k1 } from '../../../chain/crypto/secp256k1.js';
import { finishSignBytes } from '../../../modules/inference/sign-bytes.js';
import type { GenerateRequest } from '../runner/requests.js';
import type { GeneratedToken, Generation } from '../runner/generation.js';

export interface ExecutionJob {
  id: Uint8Array;
  /** The registered model to run (each has its own runner); absent: the executor's only runner. */
  model?: string;
  generate: GenerateRequest;
  /** Receives each token as produced; returns false when the client is gone (the executor then stops). */
  onToken: (t: GeneratedToken) => boolean;
}

export interface ExecutionResult {
  promptTokens: number;
  /** Tokens computed, including one the client no longer received (it stopped at the first it noticed). */
  completionTokens: number;
  outputIds: number[];
  responseHash: Uint8Array;
  /** The executor's signature over finishSignBytes (what MsgFinishInferences carries). */
  executorSignature: Uint8Array;
  finishReason: 'stop' | 'length' | 'cancelled';
}

export interface Executor {
  /** Chain address of the executor this runs on. */
  readonly address: string;
  execute(job: ExecutionJob): Promise<ExecutionResult>;
}

export interface LocalExecutorDeps {
  key: { address: string; privKey: Uint8Array };
  /** One runner for every job, or runnerFor below. */
  runner?: { generate(r: GenerateRequest): Generation };
  /** The runner of a model this executor serves (undefined: not served). */
  runnerFor?: (model: string) => { generate(r: GenerateRequest): Generation } | undefined;
  /** The Race yields to inference: paused while any request runs, resumed after the last. */
  miner?: { pause(): Promise<void>; resume(): void };
}

/** The hash the executor signs: sha256 of the output token ids as u16 big-endian (ids, not text: decoding is lossy). */
export function outputHash(ids: readonly number[]): Uint8Array {
  const buf = new Uint8Array(ids.length * 2);
  ids.forEach((id, i) => {
    buf[2 * i] = id >> 8;
    buf[2 * i + 1] = id & 0xff;
  });
  return sha256(buf);
}

export class LocalExecutor implements Executor {
  private running = 0;

  constructor(private readonly deps: LocalExecutorDeps) {}

  get address(): string {
    return this.deps.key.address;
  }

  async execute(job: ExecutionJob): Promise<ExecutionResult> {
    const runner = job.model !== undefined && this.deps.runnerFor ? this.deps.runnerFor(job.model) : this.deps.runner;
    if (!runner) throw new Error(`executor ${this.address} does not serve model ${job.model ?? '(none named)'}`);
    if (this.running++ === 0) await this.deps.miner?.pause();
    try {
      const gen = runner.generate(job.generate);
      const outputIds: number[] = [];
      for await (const t of gen) {
        outputIds.push(t.id);
        if (!job.onToken(t)) {
          gen.cancel();
          break;
        }
      }
      const finishReason =
        gen.finishReason === 'length' ? 'length' : gen.finishReason === 'stop' ? 'stop' : 'cancelled';
      const promptTokens = job.generate.promptIds.length;
      const responseHash = outputHash(outputIds);
      const sig = signSecp256k1(
        finishSignBytes(job.id, BigInt(promptTokens), BigInt(outputIds.length), responseHash),
        this.deps.key.privKey,
      );
      return {
        promptTokens,
        completionTokens: outputIds.length,
        outputIds,
        responseHash,
        executorSignature: sig,
        finishReason,
      };
    } finally {
      if (--this.running === 0) this.deps.miner?.resume();
    }
  }
}
