/**
 * Runs verification jobs in a worker thread, so ONNX Runtime's blocking run() never stalls consensus on the main
 * thread. One worker per job: it builds the epoch's model, verifies every participant's sample, answers and exits.
 */
import { Worker } from 'node:worker_threads';
import type { FromVerifyWorker, VerifiedParticipant, VerifyJob } from './verify-protocol.js';

export interface VerifyRunner {
  run(job: VerifyJob): Promise<VerifiedParticipant[]>;
}

export interface WorkerHandle {
  on(event: 'message', fn: (m: FromVerifyWorker) => void): unknown;
  on(event: 'error', fn: (e: Error) => void): unknown;
  on(event: 'exit', fn: (code: number) => void): unknown;
}

export class OffThreadVerifier implements VerifyRunner {
  constructor(private readonly deps: { createWorker?: (job: VerifyJob) => WorkerHandle } = {}) {}

  run(job: VerifyJob): Promise<VerifiedParticipant[]> {
    const create =
      this.deps.createWorker ??
      ((j: VerifyJob) => new Worker(new URL('./verify-worker.js', import.meta.url), { workerData: j }));
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void) => {
        if (!settled) {
          settled = true;
          fn();
        }
      };
      const w = create(job);
      w.on('message', (m) =>
        settle(() =>
          m.type === 'done' ? resolve(m.participants) : reject(new Error(`race verifier worker failed: ${m.message}`)),
        ),
      );
      w.on('error', (e) => settle(() => reject(e)));
      w.on('exit', (code) =>
        settle(() => reject(new Error(`race verifier worker exited with code ${code} before answering`))),
      );
    });
  }
}
