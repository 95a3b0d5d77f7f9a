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

/**
 * One session of the A·B MatMul, measured as often as needed: the bench alternates it with the race, so
 * each race window is compared with the peak of the minutes around it.
 */
export class MatMulPeak {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly a: ort.Tensor,
    private readonly n: number,
    private readonly now: () => number,
  ) {}

  static async create(opts: Pick<MatMulPeakOpts, 'device' | 'threads' | 'size' | 'now'>): Promise<MatMulPeak> {
    const n = opts.size ?? 2048;
    const graph = {
      name: 'matmul_peak',
      nodes: [node('MatMul', ['a', 'b'], ['c'], 'mm')],
      initializers: [tensorRaw('b', ONNX_DTYPE.FLOAT, [n, n], float32Raw(randomMatrix(n, 2)))],
      inputs: [valueInfo('a', ONNX_DTYPE.FLOAT, [n, n])],
      outputs: [valueInfo('c', ONNX_DTYPE.FLOAT, [n, n])],
    };
    const bytes = model(graph, { irVersion: IR_VERSION, opset: OPSET, producer: 'race-engine' }).finish();
    const session = await ort.InferenceSession.create(
      bytes,
      sessionOptions(opts.device, { threads: opts.threads, device: opts.device, spinning: 'always' }),
    );
    const peak = new MatMulPeak(
      session,
      new ort.Tensor('float32', randomMatrix(n, 1), [n, n]),
      n,
      opts.now ?? (() => performance.now()),
    );
    try {
      await session.run({ a: peak.a });
    } catch (err) {
      await session.release();
      throw err;
    }
    return peak;
  }

  /** Best GFLOP/s over at least `runs` runs (default 5) and `minMs` milliseconds. */
  async measure(opts: { runs?: number; minMs?: number } = {}): Promise<number> {
    const runs = opts.runs ?? 5;
    let best = Infinity;
    const start = this.now();
    for (let i = 0; i < runs || this.now() - start < (opts.minMs ?? 0); i++) {
      const t0 = this.now();
      await this.session.run({ a: this.a });
      best = Math.min(best, this.now() - t0);
    }
    return (2 * this.n ** 3) / (best / 1000) / 1e9;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

/** Best GFLOP/s over at least `runs` runs and `minMs` milliseconds (after one warm-up), in a session of its own. */
export async function measureMatMulPeak(opts: MatMulPeakOpts): Promise<number> {
  const peak = await MatMulPeak.create(opts);
  try {
    return await peak.measure(opts);
  } finally {
    await peak.close();
  }
}
