/**
 * The mining loop, independent of how it is hosted: batches nonces through a RaceEvaluator, reports
 * proofs and stats, and honours pause/stop requests between batches (a running ORT batch can never
 * be interrupted, and terminating a thread inside one aborts the process).
 */
import type { RaceEvaluator } from './evaluator.js';
import type { FromWorker, MinerWorkerData, WorkerStats } from './miner-protocol.js';
import type { ResolvedDevice } from './session.js';

/**
 * Default safety margins. CPU kernels differ across hosts by ≤ 5e-7 relative in the raw output, far
 * below 1e-5 of the distance; CUDA's default TF32 matmuls (~1e-3 relative per product) need more.
 */
export const DEFAULT_MARGIN: Record<ResolvedDevice, number> = { cpu: 1e-5, cuda: 1e-3 };

export interface LoopControl {
  stopRequested: boolean;
  pauseRequested: boolean;
  /** Resolves when a resume or stop arrives. */
  waitForChange(): Promise<void>;
}

export async function runMinerLoop(
  ev: RaceEvaluator,
  data: MinerWorkerData,
  control: LoopControl,
  post: (m: FromWorker) => void,
  now: () => number,
): Promise<WorkerStats> {
  const margin = data.marginFrac >= 0 ? data.marginFrac : DEFAULT_MARGIN[ev.device];
  const submitBelow = ev.threshold * (1 - margin);
  post({
    type: 'ready',
    device: ev.device,
    buildMs: ev.timings.buildMs,
    sessionMs: ev.timings.sessionMs,
    threshold: ev.threshold,
    submitBelow,
  });
  const stats: WorkerStats = { tried: 0, found: 0, busyMs: 0, batchSize: data.batchSize, nextNonce: data.startNonce };
  while (!control.stopRequested) {
    if (control.pauseRequested) {
      post({ type: 'paused' });
      while (control.pauseRequested && !control.stopRequested) await control.waitForChange();
      if (control.stopRequested) break;
      post({ type: 'resumed' });
    }
    let size = stats.batchSize;
    if (data.maxNonces > 0) size = Math.min(size, data.maxNonces - stats.tried);
    if (size <= 0) break;
    const nonces: bigint[] = [];
    for (let i = 0; i < size; i++) nonces.push(stats.nextNonce + BigInt(i) * data.nonceStep);
    const t0 = now();
    const { distances } = await ev.evaluate(data.nodeSeed, nonces);
    const elapsed = now() - t0;
    const proofs = [];
    for (let i = 0; i < size; i++)
      if (distances[i] < submitBelow) proofs.push({ nonce: nonces[i], distance: distances[i] });
    stats.tried += size;
    stats.found += proofs.length;
    stats.busyMs += elapsed;
    stats.nextNonce += BigInt(size) * data.nonceStep;
    if (elapsed > data.maxBatchMs && stats.batchSize > 1)
      stats.batchSize = Math.max(1, Math.floor(stats.batchSize / 2));
    if (proofs.length > 0) post({ type: 'proofs', proofs });
    post({ type: 'stats', stats: { ...stats } });
    // Let pause/stop messages in between batches.
    await new Promise((r) => setImmediate(r));
  }
  return stats;
}
