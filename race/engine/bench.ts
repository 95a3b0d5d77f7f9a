/**
 * Race benchmark: seed-to-first-nonce time, nonces/s per batch size, achieved GFLOP/s, ONNX Runtime's
 * own large-MatMul GFLOP/s measured in the same run on the same device, their ratio, and the
 * verification cost per nonce. Throughputs are the best batch of each window (best against best,
 * like the MatMul figure), with the sustained average alongside.
 */
import { flopsPerNonce, parameterCount, validateConfig, type RaceConfig } from './config.js';
import { RaceEvaluator } from './evaluator.js';
import { measureMatMulPeak } from './matmul-peak.js';
import { taggedHash } from './seeds.js';
import type { EngineLog, RaceDevice, ResolvedDevice } from './session.js';

export interface RaceBenchOpts {
  config: RaceConfig;
  device?: RaceDevice;
  /** Approximate total seconds for the throughput part. Default 20. */
  seconds?: number;
  /** Default: the number of CPUs, capped at 16. */
  threads?: number;
  batchSizes?: number[];
  /** MatMul size for the peak; default 2048. */
  matmulSize?: number;
  epochSeed?: Uint8Array;
  logger?: EngineLog;
  now?: () => number;
  /** Called after each measurement, for progress lines. */
  onProgress?: (line: string) => void;
}

export interface BatchMeasurement {
  batch: number;
  batches: number;
  nonces: number;
  best_nonces_per_s: number;
  sustained_nonces_per_s: number;
}

export interface RaceBenchResult {
  config: string;
  device: ResolvedDevice;
  threads: number;
  params: number;
  gflop_per_nonce: number;
  build_s: number;
  session_s: number;
  seed_to_first_nonce_s: number;
  /** ONNX Runtime sessions the model is split into (weights generated in parallel with their creation). */
  parts: number;
  batches: BatchMeasurement[];
  best_batch: number;
  nonces_per_s: number;
  sustained_nonces_per_s: number;
  gflops: number;
  matmul_peak_gflops: number;
  ratio: number;
  verify_ms_per_nonce: number;
  /** OS load averages (1, 5, 15 min) at the end of the run: shared machines skew every figure above. */
  load_average: number[];
}

export function defaultBatchSizes(c: RaceConfig): number[] {
  const f = flopsPerNonce(c);
  // Paper-sized models: 256 amortises the per-operator overhead of the 128 narrow heads and the Gelu
  // (about 5 % less CPU time per nonce than 64 at one thread); beyond it the activations outgrow the caches.
  if (f > 1e9) return [1, 16, 64, 128, 256];
  if (f > 1e8) return [1, 16, 64, 256];
  return [16, 64, 256, 1024];
}

export async function runRaceBench(opts: RaceBenchOpts): Promise<RaceBenchResult> {
  const config = validateConfig({ ...opts.config });
  const now = opts.now ?? (() => performance.now());
  const seconds = opts.seconds ?? 20;
  if (!(seconds > 0)) throw new Error('bench seconds must be positive');
  const { availableParallelism, loadavg } = await import('node:os');
  const threads = opts.threads ?? Math.min(16, availableParallelism());
  const batchSizes = opts.batchSizes ?? defaultBatchSizes(config);
  const progress = opts.onProgress ?? (() => {});
  const epochSeed = opts.epochSeed ?? taggedHash('race/bench/epoch', new Uint8Array(0));
  const nodeSeed = taggedHash('race/bench/node', new Uint8Array(0));
  const flops = flopsPerNonce(config);

  // The peak is measured before and after the race (best of both), so a noisy neighbour during one
  // of them does not inflate the ratio.
  // Each window lasts a few seconds (a tenth of the run, within [0.2, 3] s), like one batch size's window.
  const peakMs = Math.min(3000, Math.max(200, seconds * 100));
  const peakBefore = await measureMatMulPeak({ device: opts.device === 'cuda' ? 'cuda' : 'cpu', threads, size: opts.matmulSize, minMs: peakMs, now });
  const t0 = now();
  const ev = await RaceEvaluator.create({ config, epochSeed, device: opts.device ?? 'auto', threads }, { logger: opts.logger, now });
  let nextNonce = 0n;
  const take = (n: number) => Array.from({ length: n }, () => nextNonce++);
  try {
    await ev.evaluate(nodeSeed, take(1));
    const seedToFirst = (now() - t0) / 1000;
    progress(`seed to first nonce ${seedToFirst.toFixed(2)} s (weights ${(ev.timings.buildMs / 1000).toFixed(2)} s not hidden behind ${ev.parts} session(s) taking ${(ev.timings.sessionMs / 1000).toFixed(2)} s) on ${ev.device}`);

    const batches: BatchMeasurement[] = [];
    const perBatchMs = (seconds * 1000) / batchSizes.length;
    for (const batch of batchSizes) {
      await ev.evaluate(nodeSeed, take(batch));
      let best = 0;
      let nonces = 0;
      let count = 0;
      const start = now();
      while (count < 2 || now() - start < perBatchMs) {
        const b0 = now();
        await ev.evaluate(nodeSeed, take(batch));
        const ms = now() - b0;
        best = Math.max(best, (batch * 1000) / ms);
        nonces += batch;
        count++;
      }
      const m = { batch, batches: count, nonces, best_nonces_per_s: best, sustained_nonces_per_s: (nonces * 1000) / (now() - start) };
      batches.push(m);
      progress(`batch ${batch}: ${best.toFixed(1)} nonces/s best, ${m.sustained_nonces_per_s.toFixed(1)} sustained, ${((best * flops) / 1e9).toFixed(1)} GFLOP/s`);
    }
    const top = batches.reduce((a, b) => (b.best_nonces_per_s > a.best_nonces_per_s ? b : a));

    const verifyRuns = 5;
    const v0 = now();
    for (let i = 0; i < verifyRuns; i++) await ev.evaluate(nodeSeed, take(1));
    const verifyMs = (now() - v0) / verifyRuns;
    progress(`verification ${verifyMs.toFixed(2)} ms per nonce (batch 1)`);

    const peak = Math.max(ev.device === 'cuda' ? 0 : peakBefore, await measureMatMulPeak({ device: ev.device, threads, size: opts.matmulSize, minMs: peakMs, now }));
    const gflops = (top.best_nonces_per_s * flops) / 1e9;
    progress(`ONNX Runtime MatMul peak ${peak.toFixed(1)} GFLOP/s; race/peak ratio ${(gflops / peak).toFixed(3)}`);
    const load = loadavg().map((l) => Math.round(l * 100) / 100);
    progress(`load average ${load.join(' ')} on ${availableParallelism()} CPUs`);
    return {
      config: config.name,
      device: ev.device,
      threads,
      params: parameterCount(config),
      gflop_per_nonce: flops / 1e9,
      build_s: ev.timings.buildMs / 1000,
      session_s: ev.timings.sessionMs / 1000,
      seed_to_first_nonce_s: seedToFirst,
      parts: ev.parts,
      batches,
      best_batch: top.batch,
      nonces_per_s: top.best_nonces_per_s,
      sustained_nonces_per_s: top.sustained_nonces_per_s,
      gflops,
      matmul_peak_gflops: peak,
      ratio: gflops / peak,
      verify_ms_per_nonce: verifyMs,
      load_average: load,
    };
  } finally {
    await ev.close();
  }
}
