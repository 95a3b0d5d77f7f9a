import { describe, expect, it } from '@jest/globals';
import { DEV_CONFIG, PAPER_CONFIG, TEST_CONFIG, type RaceConfig } from '../../../race/engine/config.js';
import { RaceEvaluator } from '../../../race/engine/evaluator.js';
import { buildGraph, rangeSpecs } from '../../../race/engine/graph.js';
import { generateParts, planParts } from '../../../race/engine/model-parts.js';
import { placeTensors } from '../../../race/engine/weight-jobs.js';
import { WeightFillers, type FillerWorker } from '../../../race/engine/weight-fillers.js';
import { tensorSpecs } from '../../../race/engine/weights.js';
import { weightsKey } from '../../../race/engine/seeds.js';
import { ONNX_DTYPE, tensorRaw } from '../../../race/engine/onnx-proto.js';
import { createRaceSession } from '../../../race/engine/session.js';
import ort from 'onnxruntime-node';

const epochSeed = new Uint8Array(32).fill(0x5a);
const nodeSeed = new Uint8Array(32).fill(0xa5);
const NONCES = Array.from({ length: 12 }, (_, i) => BigInt(7 + 11 * i));

/** Paper width, heads, FFN and vocabulary, with only three layers: the real per-layer shapes, small enough for a test. */
const PAPER_WIDTH: RaceConfig = { ...PAPER_CONFIG, name: 'paper-3', layers: 3 };
const DEV_5: RaceConfig = { ...DEV_CONFIG, name: 'dev-5', layers: 5 };

async function run(
  config: RaceConfig,
  opts: { externalData: 'never' | 'always'; partBytes?: number; weightWorkers?: number },
) {
  const ev = await RaceEvaluator.create({ config, epochSeed, device: 'cpu', threads: 2, ...opts });
  try {
    const r = await ev.evaluate(nodeSeed, NONCES);
    return {
      parts: ev.parts,
      distances: Array.from(r.distances),
      logits: Buffer.from(r.logits.buffer, r.logits.byteOffset, r.logits.byteLength),
    };
  } finally {
    await ev.close();
  }
}

describe('models split into parts', () => {
  it('plans consecutive layer ranges that cover the model and respect the byte budget', () => {
    const ranges = planParts(PAPER_CONFIG);
    expect(ranges[0].first).toBe(0);
    expect(ranges.at(-1)!.end).toBe(PAPER_CONFIG.layers);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i].first).toBe(ranges[i - 1].end);
    for (const r of ranges)
      expect(placeTensors(rangeSpecs(PAPER_CONFIG, r)).elements * 4).toBeLessThanOrEqual(320 * 2 ** 20);
    // A budget smaller than one layer still gives one layer per part.
    expect(planParts(DEV_5, 1)).toEqual([0, 1, 2, 3, 4].map((l) => ({ first: l, end: l + 1 })));
    expect(planParts(DEV_5, 1e12)).toEqual([{ first: 0, end: 5 }]);
  });

  it('gives every weight tensor to exactly one part', () => {
    const names = planParts(DEV_5, 1).flatMap((r) => rangeSpecs(DEV_5, r).map((t) => t.name));
    expect(names.sort()).toEqual(
      tensorSpecs(DEV_5)
        .map((t) => t.name)
        .sort(),
    );
  });

  it('relies on ONNX Runtime copying in-memory external data: overwriting the buffer after creation changes nothing', async () => {
    const fillers = new WeightFillers(0);
    const parts = generateParts(TEST_CONFIG, epochSeed, fillers, [{ first: 0, end: TEST_CONFIG.layers }]);
    const part = (await parts.next()).value!;
    const { session } = await createRaceSession(
      { bytes: part.bytes, externalData: part.externalData, external: true, dispose: () => {} },
      { device: 'cpu' },
      { info: () => {} },
    );
    try {
      const tokens = new ort.Tensor(
        'int64',
        BigInt64Array.from({ length: 32 }, (_, i) => BigInt((i * 37) % TEST_CONFIG.vocab)),
        [8, 4],
      );
      const logits = async () => {
        const data = (await session.run({ tokens })).logits.data as Float32Array;
        return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      };
      const before = await logits();
      expect(new Float32Array(before.buffer, before.byteOffset, before.length / 4).every(Number.isFinite)).toBe(true);
      new Float32Array(part.externalData[0].data.buffer).fill(NaN);
      expect((await logits()).equals(before)).toBe(true);
    } finally {
      await session.release();
      await parts.return();
      await fillers.close();
    }
  });

  it('rejects empty or out-of-range layer ranges', () => {
    const init = (t: { name: string; shape: number[] }) =>
      tensorRaw(t.name, ONNX_DTYPE.FLOAT, t.shape, new Uint8Array(0));
    expect(() => buildGraph(TEST_CONFIG, init, { first: 1, end: 1 })).toThrow(/invalid layer range/);
    expect(() => buildGraph(TEST_CONFIG, init, { first: 0, end: 3 })).toThrow(/invalid layer range/);
  });

  it('computes bit-identical logits and distances to the single inline session (paper-width layers, buffers reused)', async () => {
    const whole = await run(PAPER_WIDTH, { externalData: 'never' });
    // One layer per part: three parts through two alternating buffers, filled by two worker threads.
    const split = await run(PAPER_WIDTH, { externalData: 'always', partBytes: 1, weightWorkers: 2 });
    expect(whole.parts).toBe(1);
    expect(split.parts).toBe(3);
    expect(split.logits.equals(whole.logits)).toBe(true);
    expect(split.distances).toEqual(whole.distances);
    expect(whole.distances.every((d) => Number.isFinite(d) && d > 0)).toBe(true);
  });

  it('is bit-identical for any split and any number of weight threads (dev config, five layers)', async () => {
    const whole = await run(DEV_5, { externalData: 'never' });
    for (const [partBytes, weightWorkers] of [
      [1, 0],
      [1, 3],
      [2e5, 1],
      [1e9, 2],
    ]) {
      const split = await run(DEV_5, { externalData: 'always', partBytes, weightWorkers });
      expect(split.logits.equals(whole.logits)).toBe(true);
    }
  });
});

describe('WeightFillers', () => {
  const place = placeTensors(tensorSpecs(TEST_CONFIG));
  const key = weightsKey(epochSeed);

  it('fills the same buffer with worker threads as on the calling thread', async () => {
    const inline = new WeightFillers(0);
    const threaded = new WeightFillers(2);
    try {
      const a = new SharedArrayBuffer(place.elements * 4);
      const b = new SharedArrayBuffer(place.elements * 4);
      await Promise.all([inline.fill(key, a, place), threaded.fill(key, b, place)]);
      expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
      expect(threaded.threads).toBe(2);
    } finally {
      await Promise.all([inline.close(), threaded.close()]);
    }
  });

  it('rejects a small buffer, use after close, and reports a worker that dies', async () => {
    const f = new WeightFillers(0);
    await expect(f.fill(key, new SharedArrayBuffer(8), place)).rejects.toThrow(/too small/);
    await f.close();
    await expect(f.fill(key, new SharedArrayBuffer(place.elements * 4), place)).rejects.toThrow(/closed/);
    expect(() => new WeightFillers(-1)).toThrow(/integer/);

    let exit: (code: number) => void = () => {};
    const dying: FillerWorker = {
      postMessage: () => setImmediate(() => exit(1)),
      on: (event: string, fn: (x: never) => void) => {
        if (event === 'exit') exit = fn as (code: number) => void;
        return undefined;
      },
      terminate: async () => 0,
    };
    const d = new WeightFillers(1, { createWorker: () => dying });
    await expect(d.fill(key, new SharedArrayBuffer(place.elements * 4), place)).rejects.toThrow(/exited with code 1/);
    await d.close();
  });
});
