import { describe, expect, it } from '@jest/globals';
import { DEV_CONFIG, RaceEvaluator, TEST_CONFIG, type RaceConfig } from '../../../race/engine/index.js';
import { MANY_HEADS_CONFIG } from './configs.js';

const epochSeed = new Uint8Array(32).fill(0x42);
const nodeSeed = new Uint8Array(32).fill(0x24);
const NONCES = Array.from({ length: 48 }, (_, i) => BigInt(1000 + i * 3));

async function distances(
  config: RaceConfig,
  opts: { threads?: number; batch: number; externalData?: 'always' | 'never' },
): Promise<number[]> {
  const ev = await RaceEvaluator.create({
    config,
    epochSeed,
    device: 'cpu',
    threads: opts.threads ?? 1,
    externalData: opts.externalData,
  });
  try {
    const out: number[] = [];
    for (let i = 0; i < NONCES.length; i += opts.batch)
      out.push(...(await ev.evaluate(nodeSeed, NONCES.slice(i, i + opts.batch))).distances);
    return out;
  } finally {
    await ev.close();
  }
}

describe('determinism on the CPU provider', () => {
  for (const config of [TEST_CONFIG, MANY_HEADS_CONFIG, DEV_CONFIG]) {
    it(`${config.name}: bit-identical distances across batch sizes, thread counts, weight placement and fresh sessions`, async () => {
      const base = await distances(config, { batch: 48 });
      expect(base.every((d) => Number.isFinite(d) && d > 0)).toBe(true);
      for (const batch of [1, 5, 16]) expect(await distances(config, { batch })).toEqual(base);
      expect(await distances(config, { batch: 48, threads: 2 })).toEqual(base);
      expect(await distances(config, { batch: 7, threads: 2 })).toEqual(base);
      expect(await distances(config, { batch: 48, externalData: 'always' })).toEqual(base);
      expect(await distances(config, { batch: 48 })).toEqual(base);
    });
  }

  it('places a nonce anywhere in a batch with the same result', async () => {
    const ev = await RaceEvaluator.create({ config: TEST_CONFIG, epochSeed, device: 'cpu' });
    try {
      const alone = (await ev.evaluate(nodeSeed, [77n])).distances[0];
      const mixed = await ev.evaluate(nodeSeed, [1n, 2n, 77n, 3n]);
      expect(mixed.distances[2]).toBe(alone);
      expect(mixed.distances[0]).not.toBe(alone);
    } finally {
      await ev.close();
    }
  });
});
