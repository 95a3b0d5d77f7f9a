/** ONNX Runtime's own large fp32 MatMul throughput on the same device and threads: the bench's yardstick. */
import ort from 'onnxruntime-node';
import { chachaWords, streamId } from './prng.js';
import { ONNX_DTYPE, float32Raw, model, node, tensorRaw, valueInfo } from './onnx-proto.js';
import { IR_VERSION, OPSET } from './graph.js';
import { sessionOptions, type ResolvedDevice } from './session.js';

export interface MatMulPeakOpts {
  device: ResolvedDevice;
  threads: number;
  /** Square size n of A[n,n] · B[n,n]; B is an initializer, as the race weights are. Default 2048. */
  size?: number;
  /** Minimum timed runs (default 5). */
  runs?: number;
  /**
   * Keep timing runs until this many milliseconds have passed (default 0). On a shared machine a
   * short window can miss the quiet moments the race's longer windows catch, inflating the ratio.
   */
  minMs?: number;
  now?: () => number;
}

function randomMatrix(n: number, stream: number): Float32Array {
  const w = chachaWords(new Uint8Array(32), streamId(stream), n * n);
  return Float32Array.from(w, (x) => (x / 2 ** 32) * 2 - 1);
}

/** Best GFLOP/s over at least `runs` runs and `minMs` milliseconds (after one warm-up). */
export async function measureMatMulPeak(opts: MatMulPeakOpts): Promise<number> {
  const n = opts.size ?? 2048;
  const runs = opts.runs ?? 5;
  const now = opts.now ?? (() => performance.now());
  const graph = {
    name: 'matmul_peak',
    nodes: [node('MatMul', ['a', 'b'], ['c'], 'mm')],
    initializers: [tensorRaw('b', ONNX_DTYPE.FLOAT, [n, n], float32Raw(randomMatrix(n, 2)))],
    inputs: [valueInfo('a', ONNX_DTYPE.FLOAT, [n, n])],
    outputs: [valueInfo('c', ONNX_DTYPE.FLOAT, [n, n])],
  };
  const bytes = model(graph, { irVersion: IR_VERSION, opset: OPSET, producer: 'race-engine' }).finish();
  const session = await ort.InferenceSession.create(bytes, sessionOptions(opts.device, { threads: opts.threads, device: opts.device }));
  try {
    const a = new ort.Tensor('float32', randomMatrix(n, 1), [n, n]);
    await session.run({ a });
    let best = Infinity;
    const start = now();
    for (let i = 0; i < runs || now() - start < (opts.minMs ?? 0); i++) {
      const t0 = now();
      await session.run({ a });
      best = Math.min(best, now() - t0);
    }
    return (2 * n * n * n) / (best / 1000) / 1e9;
  } finally {
    await session.release();
  }
}
