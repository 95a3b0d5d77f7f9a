/**
 * Parallel weight generation: a few worker threads fill ranges of weight tensors into a
 * SharedArrayBuffer (the PRNG is counter-based, so any range is computed on its own). With no
 * workers the jobs run on the calling thread. The workers hold no ONNX Runtime state, so closing
 * them at any time is safe.
 */
import { Worker } from 'node:worker_threads';
import { splitFillJobs, type FillJob, type Placement } from './weight-jobs.js';
import { fillTensorRange } from './weights.js';

export interface FillRequest {
  id: number;
  key: Uint8Array;
  buffer: SharedArrayBuffer;
  jobs: FillJob[];
}

export interface FillReply {
  id: number;
  error?: string;
}

export function runFillJobs(key: Uint8Array, out: Float32Array, jobs: readonly FillJob[]): void {
  for (const j of jobs) fillTensorRange(key, j, j.start, j.count, out, j.offset);
}

/** The part of a worker that WeightFillers uses; tests may substitute their own. */
export interface FillerWorker {
  postMessage(m: FillRequest): void;
  on(event: 'message', fn: (m: FillReply) => void): unknown;
  on(event: 'error', fn: (err: Error) => void): unknown;
  on(event: 'exit', fn: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

export interface WeightFillersDeps {
  createWorker?: () => FillerWorker;
}

function defaultWorker(): FillerWorker {
  return new Worker(new URL('./weight-worker.js', import.meta.url));
}

interface Pending {
  left: number;
  error?: string;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class WeightFillers {
  private readonly workers: FillerWorker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | null = null;
  private closed = false;

  /** `count` worker threads (0: fill on the calling thread). */
  constructor(count: number, deps: WeightFillersDeps = {}) {
    if (!Number.isInteger(count) || count < 0 || count > 64)
      throw new Error(`weight fillers must be an integer in [0, 64], got ${count}`);
    for (let i = 0; i < count; i++) {
      const w = (deps.createWorker ?? defaultWorker)();
      w.on('message', (m) => this.onReply(m));
      w.on('error', (err) => this.fail(new Error(`weight worker failed: ${err.message}`)));
      w.on('exit', (code) => {
        if (!this.closed) this.fail(new Error(`weight worker exited with code ${code}`));
      });
      this.workers.push(w);
    }
  }

  get threads(): number {
    return this.workers.length;
  }

  /** Fills every tensor of the placement into `buffer` (Float32 elements at their offsets). */
  fill(key: Uint8Array, buffer: SharedArrayBuffer, placement: Placement): Promise<void> {
    if (this.closed) return Promise.reject(new Error('weight fillers are closed'));
    if (this.failure) return Promise.reject(this.failure);
    if (buffer.byteLength < placement.elements * 4)
      return Promise.reject(new Error('weight buffer too small for the placement'));
    if (this.workers.length === 0) {
      try {
        runFillJobs(key, new Float32Array(buffer), splitFillJobs(placement, 1)[0]);
        return Promise.resolve();
      } catch (err) {
        return Promise.reject(err as Error);
      }
    }
    const jobs = splitFillJobs(placement, this.workers.length);
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { left: jobs.length, resolve, reject });
      jobs.forEach((list, i) => this.workers[i].postMessage({ id, key, buffer, jobs: list }));
    });
  }

  private onReply(m: FillReply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.error !== undefined) p.error ??= m.error;
    if (--p.left > 0) return;
    this.pending.delete(m.id);
    if (p.error !== undefined) p.reject(new Error(`weight generation failed: ${p.error}`));
    else p.resolve();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.values()) p.reject(new Error('weight fillers closed'));
    this.pending.clear();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
