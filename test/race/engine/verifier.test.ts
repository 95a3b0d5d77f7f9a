import { beforeAll, afterAll, describe, expect, it } from '@jest/globals';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import {
  DEFAULT_MARGIN,
  RaceEvaluator,
  TEST_CONFIG,
  Verifier,
  nodeSeedFromPublicKey,
} from '../../../race/engine/index.js';

const epochSeed = new Uint8Array(32).fill(0x33);
const alice = secp256k1.getPublicKey(new Uint8Array(32).fill(7), true);
const bob = secp256k1.getPublicKey(new Uint8Array(32).fill(8), true);

let verifier: Verifier;
let honest: bigint[] = [];
let justAbove: bigint;

beforeAll(async () => {
  // Mine honestly with the miner's margin, and find the nonce just above the threshold.
  const ev = await RaceEvaluator.create({ config: TEST_CONFIG, epochSeed, device: 'cpu', threads: 2 });
  const submitBelow = ev.threshold * (1 - DEFAULT_MARGIN.cpu);
  const nonces = Array.from({ length: 8192 }, (_, i) => BigInt(i));
  const { distances } = await ev.evaluate(nodeSeedFromPublicKey(alice), nonces);
  honest = nonces.filter((_, i) => distances[i] < submitBelow);
  let best = Infinity;
  distances.forEach((d, i) => {
    if (d >= ev.threshold && d < best) {
      best = d;
      justAbove = nonces[i];
    }
  });
  await ev.close();
  verifier = await Verifier.create({ config: TEST_CONFIG, epochSeed, batchSize: 3 });
});

afterAll(async () => {
  await verifier.close();
});

describe('Verifier', () => {
  it('passes honest proofs and returns the recomputed distances', async () => {
    expect(honest.length).toBeGreaterThan(3);
    const report = await verifier.verify({ publicKey: alice }, honest);
    expect(report.pass).toBe(true);
    expect(report.passCount).toBe(honest.length);
    for (const r of report.results) expect(r.distance!).toBeLessThan(report.threshold);
  });

  it('fails the same nonces for another node seed', async () => {
    const report = await verifier.verify({ publicKey: bob }, honest);
    expect(report.pass).toBe(false);
    expect(report.failCount).toBeGreaterThanOrEqual(honest.length - 1);
    expect(report.results.some((r) => r.verdict === 'above-threshold')).toBe(true);
  });

  it('fails duplicates and invalid nonces without re-running them', async () => {
    const report = await verifier.verify({ nodeSeed: nodeSeedFromPublicKey(alice) }, [
      honest[0],
      honest[1],
      honest[0],
      -1,
      'x',
      2n ** 64n,
    ]);
    expect(report.results.map((r) => r.verdict)).toEqual(['ok', 'ok', 'duplicate', 'invalid', 'invalid', 'invalid']);
    expect(report.results[2].distance).toBeNull();
    expect(report.pass).toBe(false);
    expect(report.passCount).toBe(2);
  });

  it('fails the nonce just above the threshold', async () => {
    const report = await verifier.verify({ publicKey: alice }, [justAbove]);
    expect(report.results[0].distance!).toBeGreaterThanOrEqual(report.threshold);
    expect(report.results[0].distance! / report.threshold).toBeLessThan(1.01);
    expect(report.pass).toBe(false);
  });

  it('gives an empty list no pass, and rejects a bad participant', async () => {
    expect((await verifier.verify({ publicKey: alice }, [])).pass).toBe(false);
    await expect(verifier.verify({ publicKey: new Uint8Array(33) }, [1n])).rejects.toThrow(/public key/);
  });
});
