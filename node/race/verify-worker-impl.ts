/** Worker-thread side of the validator duty: builds the epoch's model once and re-runs each participant's sampled nonces. */
import { parentPort, workerData } from 'node:worker_threads';
import { Verifier } from '../../race/engine/verifier.js';
import type { FromVerifyWorker, VerifiedParticipant, VerifyJob } from './verify-protocol.js';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('verify-worker must run in a worker thread');
  const job = workerData as VerifyJob;
  const verifier = await Verifier.create({
    config: job.config,
    epochSeed: job.epochSeed,
    device: job.device,
    threads: job.threads,
  });
  try {
    const out: VerifiedParticipant[] = [];
    for (const p of job.participants) {
      try {
        const report = await verifier.verify({ publicKey: p.publicKey }, p.nonces);
        out.push({
          address: p.address,
          results: report.results.map((r) => ({ nonce: r.nonce as bigint, distance: r.distance, pass: r.pass })),
        });
      } catch (e) {
        out.push({ address: p.address, results: [], error: (e as Error).message });
      }
    }
    port.postMessage({ type: 'done', participants: out } satisfies FromVerifyWorker);
  } finally {
    await verifier.close();
    port.close();
  }
}

main().catch((err: Error) => {
  parentPort?.postMessage({ type: 'error', message: err.message } satisfies FromVerifyWorker);
  parentPort?.close();
});
