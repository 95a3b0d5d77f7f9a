/** Worker-thread side of the Miner: builds the epoch's evaluator and runs the mining loop. */
import { parentPort, workerData } from 'node:worker_threads';
import { RaceEvaluator } from './evaluator.js';
import { runMinerLoop, type LoopControl } from './miner-loop.js';
import type { FromWorker, MinerWorkerData, ToWorker } from './miner-protocol.js';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('miner-worker must run in a worker thread');
  const data = workerData as MinerWorkerData;
  const post = (m: FromWorker) => port.postMessage(m);
  let wake: (() => void) | null = null;
  const control: LoopControl = {
    stopRequested: false,
    pauseRequested: false,
    waitForChange: () =>
      new Promise<void>((r) => {
        wake = r;
      }),
  };
  port.on('message', (m: ToWorker) => {
    if (m.type === 'stop') control.stopRequested = true;
    else if (m.type === 'pause') control.pauseRequested = true;
    else if (m.type === 'resume') control.pauseRequested = false;
    const w = wake;
    wake = null;
    w?.();
  });
  const logger = {
    info: (data: Record<string, unknown>, msg: string) => post({ type: 'log', level: 'info', msg, data }),
  };
  const ev = await RaceEvaluator.create(
    {
      config: data.config,
      epochSeed: data.epochSeed,
      device: data.device,
      threads: data.threads,
      externalData: data.externalData,
      tmpDir: data.tmpDir,
    },
    { logger },
  );
  try {
    const stats = await runMinerLoop(ev, data, control, post, () => performance.now());
    post({ type: 'stopped', stats });
  } finally {
    await ev.close();
    port.close();
  }
}

main().catch((err: Error) => {
  parentPort?.postMessage({ type: 'error', message: err.message } satisfies FromWorker);
  parentPort?.close();
});
