import { describe, expect, it } from '@jest/globals';
import {
  TEST_CONFIG,
  defaultBatchSizes,
  flopsPerNonce,
  measureMatMulPeak,
  PAPER_CONFIG,
  runRaceBench,
} from '../../../race/engine/index.js';

describe('runRaceBench', () => {
  it('measures seed-to-first-nonce, nonces/s per batch, GFLOP/s, the MatMul peak, their ratio and verification cost', async () => {
    const lines: string[] = [];
    const r = await runRaceBench({
      config: TEST_CONFIG,
      device: 'cpu',
      seconds: 0.4,
      threads: 1,
      batchSizes: [8, 32],
      matmulSize: 128,
      rounds: 3,
      onProgress: (l) => lines.push(l),
    });
    expect(r.config).toBe('test');
    expect(r.device).toBe('cpu');
    expect(r.seed_to_first_nonce_s).toBeGreaterThan(0);
    expect(r.batches.map((b) => b.batch)).toEqual([8, 32]);
    for (const b of r.batches) {
      expect(b.batches).toBeGreaterThanOrEqual(2);
      expect(b.nonces).toBe(b.batches * b.batch);
      expect(b.best_nonces_per_s).toBeGreaterThanOrEqual(b.sustained_nonces_per_s * 0.999);
    }
    // The survey's best batch size is the one the paired rounds run.
    const survey = r.batches.reduce((a, b) => (b.best_nonces_per_s > a.best_nonces_per_s ? b : a));
    expect(r.best_batch).toBe(survey.batch);
    // Three paired rounds; the reported figures are those of the median round, internally consistent.
    expect(r.rounds).toHaveLength(3);
    for (const round of r.rounds) {
      expect(round.gflops).toBeCloseTo((round.nonces_per_s * flopsPerNonce(TEST_CONFIG)) / 1e9, 9);
      expect(round.ratio).toBeCloseTo(round.gflops / round.matmul_peak_gflops, 12);
    }
    const ratios = r.rounds.map((x) => x.ratio).sort((a, b) => a - b);
    expect(r.ratio).toBe(ratios[1]);
    const median = r.rounds.find((x) => x.ratio === r.ratio)!;
    expect(r.nonces_per_s).toBe(median.nonces_per_s);
    expect(r.sustained_nonces_per_s).toBe(median.sustained_nonces_per_s);
    expect(r.gflops).toBeCloseTo((r.nonces_per_s * flopsPerNonce(TEST_CONFIG)) / 1e9, 9);
    expect(r.matmul_peak_gflops).toBe(median.matmul_peak_gflops);
    expect(r.matmul_peak_gflops).toBeGreaterThan(0);
    expect(r.ratio).toBeCloseTo(r.gflops / r.matmul_peak_gflops, 12);
    expect(r.ratio_best_over_best).toBeGreaterThan(0);
    expect(lines.filter((l) => l.startsWith('round ')).length).toBe(3);
    expect(r.verify_ms_per_nonce).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes('median of 3 paired rounds'))).toBe(true);
    expect(r.parts).toBe(1);
    expect(r.load_average).toHaveLength(3);
    expect(lines.some((l) => l.startsWith('load average'))).toBe(true);
  });

  it('measures the MatMul peak with an injected clock', async () => {
    let t = 0;
    const gflops = await measureMatMulPeak({ device: 'cpu', threads: 1, size: 64, runs: 2, now: () => (t += 1) });
    // Each timed run spans exactly 1 ms of the fake clock.
    expect(gflops).toBeCloseTo((2 * 64 ** 3) / 1e-3 / 1e9, 9);
  });

  it('keeps timing the MatMul until minMs has passed', async () => {
    const calls = async (minMs: number) => {
      let t = 0;
      let n = 0;
      await measureMatMulPeak({ device: 'cpu', threads: 1, size: 32, runs: 1, minMs, now: () => (n++, (t += 1)) });
      return n;
    };
    // One read at the start, two per timed run, one for the final loop check.
    expect(await calls(0)).toBe(4);
    expect(await calls(30)).toBeGreaterThanOrEqual(30);
  });

  it('refuses a bad round count before building anything', async () => {
    await expect(runRaceBench({ config: TEST_CONFIG, device: 'cpu', seconds: 0.1, rounds: 0 })).rejects.toThrow(
      /rounds/,
    );
    await expect(runRaceBench({ config: TEST_CONFIG, device: 'cpu', seconds: 0.1, rounds: 1.5 })).rejects.toThrow(
      /rounds/,
    );
  });

  it('picks larger batches for smaller models', () => {
    expect(defaultBatchSizes(PAPER_CONFIG)).toEqual([1, 16, 64, 128, 256]);
    expect(Math.max(...defaultBatchSizes(TEST_CONFIG))).toBe(1024);
  });
});
