/**
 * Miner: runs the race off the main thread (a worker thread holding its own ONNX Runtime session),
 * streams found proofs and its rate, and can be paused (so user inference pre-empts it), resumed and
 * stopped between batches. Events: 'ready', 'proof', 'stats', 'paused', 'resumed', 'stopped', 'error'.
 */
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import { silentLogger, type Logger } from '../../chain/util/log.js';
import { validateConfig, type RaceConfig } from './config.js';
import type { ExternalDataMode } from './model-file.js';
import type { FoundProof, FromWorker, MinerWorkerData, ToWorker, WorkerStats } from './miner-protocol.js';
import { assertSeed, nodeSeedFromPublicKey, toNonce } from './seeds.js';
import type { RaceDevice, ResolvedDevice } from './session.js';

export interface MinerOpts {
  config: RaceConfig;
  epochSeed: Uint8Array;
  /** The participant: its 33-byte account public key, or an already derived node seed. */
  publicKey?: Uint8Array;
  nodeSeed?: Uint8Array;
  /** `--race.device`: cuda when its provider loads, else cpu (auto); default auto. */
  device?: RaceDevice;
  /** ONNX Runtime intra-op threads; default 1, to leave cores to consensus. */
  threads?: number;
  /** Initial nonces per batch; default 64. */
  batchSize?: number;
  /** First nonce and stride, so that several machines of one participant never overlap. */
  startNonce?: bigint | number;
  nonceStep?: bigint | number;
  /** Safety margin: submit only distances below threshold · (1 − marginFrac). Default 1e-5 (cpu), 1e-3 (cuda). */
  marginFrac?: number;
  /** Batch-time cap that keeps stop and pause prompt; default 1000 ms. */
  maxBatchMs?: number;
  /** Stop after this many nonces; default 0 (run until stopped). */
  maxNonces?: number;
  externalData?: ExternalDataMode;
  tmpDir?: string;
}

export interface WorkerLike {
  postMessage(m: ToWorker): void;
  on(event: 'message', fn: (m: FromWorker) => void): unknown;
  on(event: 'error', fn: (e: Error) => void): unknown;
  on(event: 'exit', fn: (code: number) => void): unknown;
}

export interface MinerDeps {
  logger?: Logger;
  /** Monotonic clock (ms), for the rate. */
  now?: () => number;
  createWorker?: (data: MinerWorkerData) => WorkerLike;
}

export interface MinerReady {
  device: ResolvedDevice;
  buildMs: number;
  sessionMs: number;
  threshold: number;
  submitBelow: number;
}

export interface MinerStats {
  tried: number;
  found: number;
  /** Nonces per second of mining time (pauses excluded). */
  noncesPerSec: number;
  busyMs: number;
  batchSize: number;
  nextNonce: bigint;
}

export type MinerState = 'idle' | 'starting' | 'running' | 'pausing' | 'paused' | 'stopping' | 'stopped';

export function defaultWorker(data: MinerWorkerData): WorkerLike {
  return new Worker(new URL('./miner-worker.js', import.meta.url), { workerData: data });
}

export class Miner extends EventEmitter {
  private worker: WorkerLike | null = null;
  private _state: MinerState = 'idle';
  private _stats: MinerStats;
  private readonly data: MinerWorkerData;
  private readonly logger: Logger;
  private readonly waiters = new Map<string, Array<(v: unknown) => void>>();
  private exitPromise: Promise<void> | null = null;
  private failure: Error | null = null;

  constructor(
    opts: MinerOpts,
    private readonly deps: MinerDeps = {},
  ) {
    super();
    this.logger = deps.logger ?? silentLogger();
    this.data = Miner.workerData(opts);
    this._stats = {
      tried: 0,
      found: 0,
      noncesPerSec: 0,
      busyMs: 0,
      batchSize: this.data.batchSize,
      nextNonce: this.data.startNonce,
    };
  }

  private static workerData(o: MinerOpts): MinerWorkerData {
    const config = validateConfig({ ...o.config });
    assertSeed(o.epochSeed, 'epoch seed');
    const nodeSeed = o.nodeSeed ?? (o.publicKey ? nodeSeedFromPublicKey(o.publicKey) : undefined);
    if (!nodeSeed) throw new Error('miner needs a publicKey or a nodeSeed');
    assertSeed(nodeSeed, 'node seed');
    const int = (v: number | undefined, name: string, dflt: number, min: number) => {
      const x = v ?? dflt;
      if (!Number.isInteger(x) || x < min) throw new Error(`miner ${name} must be an integer ≥ ${min}, got ${x}`);
      return x;
    };
    // -1: the worker picks the default margin of the device it ends up on.
    const marginFrac = o.marginFrac ?? -1;
    if (o.marginFrac !== undefined && !(marginFrac >= 0 && marginFrac < 1))
      throw new Error('miner marginFrac must be in [0, 1)');
    const nonceStep = toNonce(o.nonceStep ?? 1n);
    if (nonceStep === 0n) throw new Error('miner nonceStep must be positive');
    return {
      config,
      epochSeed: Uint8Array.from(o.epochSeed),
      nodeSeed: Uint8Array.from(nodeSeed),
      device: o.device ?? 'auto',
      threads: int(o.threads, 'threads', 1, 1),
      batchSize: int(o.batchSize, 'batchSize', 64, 1),
      startNonce: toNonce(o.startNonce ?? 0n),
      nonceStep,
      marginFrac,
      maxBatchMs: int(o.maxBatchMs, 'maxBatchMs', 1000, 1),
      maxNonces: int(o.maxNonces, 'maxNonces', 0, 0),
      externalData: o.externalData ?? 'auto',
      tmpDir: o.tmpDir,
    };
  }

  get state(): MinerState {
    return this._state;
  }

  get stats(): MinerStats {
    return { ...this._stats };
  }

  /** Starts the worker; resolves once the model is built and the session is ready. */
  async start(): Promise<MinerReady> {
    if (this._state !== 'idle') throw new Error(`miner cannot start from state ${this._state}`);
    this._state = 'starting';
    const create = this.deps.createWorker ?? defaultWorker;
    const worker = create(this.data);
    this.worker = worker;
    this.exitPromise = new Promise<void>((resolve) => worker.on('exit', () => resolve()));
    worker.on('message', (m) => this.onMessage(m));
    worker.on('error', (e) => this.fail(e));
    void this.exitPromise.then(() => this.onExit());
    return (await this.waitFor('ready')) as MinerReady;
  }

  /** Asks the worker to pause after its current batch; resolves once it is idle. */
  async pause(): Promise<void> {
    if (this._state === 'paused') return;
    if (this._state !== 'running') throw new Error(`miner cannot pause from state ${this._state}`);
    this._state = 'pausing';
    this.send({ type: 'pause' });
    await this.waitFor('paused');
  }

  resume(): void {
    if (this._state !== 'paused' && this._state !== 'pausing')
      throw new Error(`miner cannot resume from state ${this._state}`);
    this._state = 'running';
    this.send({ type: 'resume' });
  }

  /** Resolves with the final stats once the worker has exited (after stop(), maxNonces, or a failure). */
  async finished(): Promise<MinerStats> {
    if (!this.exitPromise) throw new Error('miner was never started');
    await this.exitPromise;
    if (this.failure) throw this.failure;
    return this.stats;
  }

  /** Asks the worker to stop after its current batch; resolves with the final stats once it has exited. */
  async stop(): Promise<MinerStats> {
    if (this._state === 'idle') {
      this._state = 'stopped';
      return this.stats;
    }
    if (this._state !== 'stopped') {
      this._state = 'stopping';
      this.send({ type: 'stop' });
    }
    await this.exitPromise;
    return this.stats;
  }

  private send(m: ToWorker): void {
    this.worker?.postMessage(m);
  }

  private waitFor(type: string): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(type) ?? [];
      list.push(resolve);
      this.waiters.set(type, list);
      this.once('fail', reject);
    });
  }

  private settle(type: string, value: unknown): void {
    const list = this.waiters.get(type) ?? [];
    this.waiters.delete(type);
    for (const fn of list) fn(value);
  }

  private updateStats(s: WorkerStats): void {
    this._stats = { ...s, noncesPerSec: s.busyMs > 0 ? (s.tried * 1000) / s.busyMs : 0 };
  }

  private onMessage(m: FromWorker): void {
    switch (m.type) {
      case 'log':
        this.logger[m.level](m.data ?? {}, m.msg);
        break;
      case 'ready': {
        this._state = 'running';
        const ready: MinerReady = {
          device: m.device,
          buildMs: m.buildMs,
          sessionMs: m.sessionMs,
          threshold: m.threshold,
          submitBelow: m.submitBelow,
        };
        this.logger.info({ ...ready }, 'race miner ready');
        this.emit('ready', ready);
        this.settle('ready', ready);
        break;
      }
      case 'proofs':
        for (const p of m.proofs) this.emit('proof', p satisfies FoundProof);
        break;
      case 'stats':
        this.updateStats(m.stats);
        this.emit('stats', this.stats);
        break;
      case 'paused':
        if (this._state === 'pausing') this._state = 'paused';
        this.emit('paused');
        this.settle('paused', undefined);
        break;
      case 'resumed':
        this.emit('resumed');
        break;
      case 'stopped':
        this.updateStats(m.stats);
        break;
      case 'error':
        this.fail(new Error(`race miner worker failed: ${m.message}`));
        break;
    }
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    this.logger.warn({ err: err.message }, 'race miner failed');
    if (this.listenerCount('error') > 0) this.emit('error', err);
    this.emit('fail', err);
  }

  private onExit(): void {
    this._state = 'stopped';
    if (!this.failure && this.waiters.size > 0) this.fail(new Error('race miner worker exited'));
    this.emit('stopped', this.stats);
  }
}
