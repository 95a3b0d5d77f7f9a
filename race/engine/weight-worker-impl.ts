/** Worker-thread side of WeightFillers: fills ranges of weight tensors into a shared buffer. */
import { parentPort } from 'node:worker_threads';
import type { FillRequest, FillReply } from './weight-fillers.js';
import { runFillJobs } from './weight-fillers.js';

const port = parentPort;
if (!port) throw new Error('weight-worker must run in a worker thread');
port.on('message', (m: FillRequest) => {
  let reply: FillReply;
  try {
    runFillJobs(m.key, new Float32Array(m.buffer), m.jobs);
    reply = { id: m.id };
  } catch (err) {
    reply = { id: m.id, error: (err as Error).message };
  }
  port.postMessage(reply);
});
