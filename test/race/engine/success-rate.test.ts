import { describe, expect, it } from '@jest/globals';
import { DEV_CONFIG, Miner, taggedHash } from '../../../race/engine/index.js';

// 20 seeds × 8192 nonces = 163,840 nonces, ~182 expected hits at 1/900: a relative standard error of
// 7.4 %, so ±20 % is 2.7 standard errors. Seeds are fixed, so the test is deterministic. The nonces run
// in the miner's worker thread (margin 0, so every nonce under the threshold counts), outside jest's
// sandbox, which slows tight typed-array loops severalfold.
const SEEDS = 20;
const NONCES_PER_SEED = 8192;

async function hitsForSeed(s: number): Promise<number> {
  const miner = new Miner({
    config: DEV_CONFIG,
    epochSeed: taggedHash('test/rate/epoch', Uint8Array.of(s)),
    nodeSeed: taggedHash('test/rate/node', Uint8Array.of(s)),
    device: 'cpu',
    threads: 1,
    batchSize: 1024,
    marginFrac: 0,
    maxNonces: NONCES_PER_SEED,
    maxBatchMs: 60_000,
  });
  let proofs = 0;
  miner.on('proof', () => proofs++);
  await miner.start();
  const stats = await miner.finished();
  expect(stats.tried).toBe(NONCES_PER_SEED);
  expect(stats.found).toBe(proofs);
  return proofs;
}

describe('success probability per nonce (dev config)', () => {
  it('is 1/difficulty within ±20 % over 20 seeds', async () => {
    const perSeed: number[] = [];
    // Two miners at a time: one per core.
    for (let s = 0; s < SEEDS; s += 2) perSeed.push(...(await Promise.all([hitsForSeed(s), hitsForSeed(s + 1)])));
    const hits = perSeed.reduce((a, b) => a + b, 0);
    const ratio = (hits / (SEEDS * NONCES_PER_SEED)) * DEV_CONFIG.difficulty;
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(1.2);
    // No seed may be wildly off either (expected ~9.1 per seed; Poisson 99.99 % range is 0..24).
    expect(Math.max(...perSeed)).toBeLessThan(25);
  }, 120_000);
});
