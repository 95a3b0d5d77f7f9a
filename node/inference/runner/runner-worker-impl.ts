/**
 * Worker-thread side of the ModelRunner: owns the ONNX Runtime session (whose run() blocks its thread)
 * and every sequence's KV cache, so only token ids and logits rows cross threads. Requests run one at a
 * time, in arrival order.
 */
import ort from 'onnxruntime-node';
import { parentPort, workerData } from 'node:worker_threads';
import { createRaceSession } from '../../../race/engine/session.js';
import {
  INPUT_IDS,
  LOGITS,
  pastKeyName,
  pastValueName,
  presentKeyName,
  presentValueName,
} from '../model/build-onnx.js';
import { headDim } from '../model/spec.js';
import type { FromWorker, RunnerWorkerData, ToWorker } from './worker-protocol.js';

interface Sequence {
  past: Record<string, ort.Tensor>;
  length: number;
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('runner-worker must run in a worker thread');
  const data = workerData as RunnerWorkerData;
  const c = data.config;
  const post = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  const logger = { info: (d: Record<string, unknown>, msg: string) => post({ type: 'log', msg, data: d }) };
  const { session, device } = await createRaceSession(
    { modelPath: data.modelPath, external: false, dispose: () => {} },
    { device: data.device, threads: data.threads },
    logger,
  );
  const sequences = new Map<number, Sequence>();
  const emptyCache = (): Record<string, ort.Tensor> => {
    const past: Record<string, ort.Tensor> = {};
    const dims = [1, c.heads, 0, headDim(c)];
    for (let l = 0; l < c.layers; l++) {
      past[pastKeyName(l)] = new ort.Tensor('float32', new Float32Array(0), dims);
      past[pastValueName(l)] = new ort.Tensor('float32', new Float32Array(0), dims);
    }
    return past;
  };

  const forward = async (m: Extract<ToWorker, { type: 'forward' }>): Promise<void> => {
    const s = sequences.get(m.seq) ?? { past: emptyCache(), length: 0 };
    if (s.length + m.ids.length > c.contextLength)
      throw new Error(`sequence of ${s.length + m.ids.length} tokens exceeds the context length ${c.contextLength}`);
    const ids = new ort.Tensor('int64', BigInt64Array.from(m.ids, BigInt), [1, m.ids.length]);
    const out = await session.run({ [INPUT_IDS]: ids, ...s.past });
    const past: Record<string, ort.Tensor> = {};
    for (let l = 0; l < c.layers; l++) {
      past[pastKeyName(l)] = out[presentKeyName(l)];
      past[pastValueName(l)] = out[presentValueName(l)];
    }
    sequences.set(m.seq, { past, length: s.length + m.ids.length });
    const logits = (out[LOGITS].data as Float32Array).slice(m.fromRow * c.vocab, m.ids.length * c.vocab);
    post({ type: 'logits', req: m.req, logits, rows: m.ids.length - m.fromRow }, [logits.buffer as ArrayBuffer]);
  };

  let queue = Promise.resolve();
  port.on('message', (m: ToWorker) => {
    queue = queue.then(async () => {
      if (m.type === 'forward') {
        await forward(m).catch((err: Error) => post({ type: 'failed', req: m.req, message: err.message }));
      } else if (m.type === 'release') {
        sequences.delete(m.seq);
      } else if (m.type === 'close') {
        sequences.clear();
        await session.release();
        port.close();
      }
    });
  });
  post({ type: 'ready', device });
}

main().catch((err: Error) => {
  parentPort?.postMessage({ type: 'error', message: err.message } satisfies FromWorker);
  parentPort?.close();
});
