/** Messages between a ModelRunner and its worker thread. */
import type { RaceDevice } from '../../../race/engine/session.js';
import type { InferenceModelConfig } from '../model/spec.js';

export interface RunnerWorkerData {
  modelPath: string;
  config: InferenceModelConfig;
  device: RaceDevice;
  threads: number;
}

export type ToWorker =
  /** Appends ids to sequence seq's KV cache (a new seq starts empty); replies with logits rows [fromRow, ids.length). */
  | { type: 'forward'; req: number; seq: number; ids: number[]; fromRow: number }
  | { type: 'release'; seq: number }
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; device: 'cpu' | 'cuda' }
  | { type: 'logits'; req: number; logits: Float32Array; rows: number }
  | { type: 'failed'; req: number; message: string }
  | { type: 'log'; msg: string; data: Record<string, unknown> }
  | { type: 'error'; message: string };
