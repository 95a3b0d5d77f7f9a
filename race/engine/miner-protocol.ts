/** Messages between the Miner (main thread) and its worker. Structured clone carries bigint and Uint8Array. */
import type { RaceConfig } from './config.js';
import type { ExternalDataMode } from './model-file.js';
import type { RaceDevice, ResolvedDevice } from './session.js';

export interface MinerWorkerData {
  config: RaceConfig;
  epochSeed: Uint8Array;
  nodeSeed: Uint8Array;
  device: RaceDevice;
  threads: number;
  batchSize: number;
  startNonce: bigint;
  nonceStep: bigint;
  /** Submit only distances below threshold · (1 − marginFrac). */
  marginFrac: number;
  /** A batch slower than this halves the batch size, so that stop and pause stay prompt. */
  maxBatchMs: number;
  /** Stop on its own after this many nonces (0: never). */
  maxNonces: number;
  externalData: ExternalDataMode;
  tmpDir?: string;
}

export type ToWorker = { type: 'pause' } | { type: 'resume' } | { type: 'stop' };

export interface FoundProof {
  nonce: bigint;
  distance: number;
}

export interface WorkerStats {
  tried: number;
  found: number;
  /** Milliseconds spent mining (pauses excluded). */
  busyMs: number;
  batchSize: number;
  nextNonce: bigint;
}

export type FromWorker =
  | { type: 'log'; level: 'info' | 'warn'; msg: string; data?: Record<string, unknown> }
  | {
      type: 'ready';
      device: ResolvedDevice;
      buildMs: number;
      sessionMs: number;
      threshold: number;
      submitBelow: number;
    }
  | { type: 'proofs'; proofs: FoundProof[] }
  | { type: 'stats'; stats: WorkerStats }
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'stopped'; stats: WorkerStats }
  | { type: 'error'; message: string };
