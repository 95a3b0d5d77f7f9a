import { describe, expect, it } from '@jest/globals';
import {
  RaceEvaluator,
  TEST_CONFIG,
  distanceThreshold,
  DEV_CONFIG,
  PAPER_CONFIG,
  generateTensor,
  nodeSeedFromPublicKey,
  nonceInput,
  rawTarget,
  targetKey,
  targetVector,
  tensorSpecs,
  weightsKey,
} from '../../../race/engine/index.js';
import { MANY_HEADS_CONFIG } from './configs.js';
import { VECTORS as V } from './vectors.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
const epochSeed = bytes(V.epochSeed);
const nodeSeed = bytes(V.nodeSeed);

describe('spec test vectors (docs/race-spec.md)', () => {
  it('derives keys and the node seed', () => {
    expect(hex(weightsKey(epochSeed))).toBe(V.weightsKey);
    expect(hex(targetKey(epochSeed))).toBe(V.targetKey);
    expect(hex(nodeSeedFromPublicKey(bytes(V.publicKey)))).toBe(V.nodeSeed);
  });

  it('generates the first weights of several tensors bit-exactly', () => {
    const specs = tensorSpecs(TEST_CONFIG);
    for (const [name, first] of Object.entries(V.weights)) {
      const t = generateTensor(
        weightsKey(epochSeed),
        specs.find((s) => s.name === name)!,
      );
      expect(Array.from(t.subarray(0, 4))).toEqual(first);
    }
  });

  it('generates the target', () => {
    expect(Array.from(rawTarget(TEST_CONFIG, epochSeed).subarray(0, 4))).toEqual(V.rawTarget);
    expect(Array.from(targetVector(TEST_CONFIG, epochSeed).subarray(0, 4))).toEqual(V.target);
  });

  it('maps nonces to input seeds, tokens and permutations', () => {
    for (const [n, want] of Object.entries(V.nonces)) {
      const got = nonceInput(TEST_CONFIG, epochSeed, nodeSeed, BigInt(n));
      expect(hex(got.seed)).toBe(want.inputSeed);
      expect(got.tokens).toEqual(want.tokens);
      expect(Array.from(got.permutation.subarray(0, 8))).toEqual(want.perm);
    }
  });

  const cases = [
    { name: 'test config', config: TEST_CONFIG, want: V },
    { name: 'test config with 16 heads of width 4 (every H-th column)', config: MANY_HEADS_CONFIG, want: V.manyHeads },
  ];
  for (const { name, config, want } of cases) {
    it(`maps nonces to distances (within 1e-6 relative, the cross-ISA float tolerance): ${name}`, async () => {
      const ev = await RaceEvaluator.create({ config, epochSeed, device: 'cpu' });
      try {
        const first = BigInt(want.firstAppropriate[0]);
        const { distances } = await ev.evaluate(nodeSeed, [0n, 1n, 2n, 3n, first]);
        [...want.distances, want.firstAppropriate[1]].forEach((d, i) =>
          expect(Math.abs(distances[i] - d) / d).toBeLessThan(1e-6),
        );
        expect(distances[4]).toBeLessThan(ev.threshold);
        // and it is the first one
        const before = await ev.evaluate(
          nodeSeed,
          Array.from({ length: Number(first) }, (_, i) => BigInt(i)),
        );
        expect(before.distances.every((d) => d >= ev.threshold)).toBe(true);
      } finally {
        await ev.close();
      }
    });
  }

  it('gives the thresholds of the presets', () => {
    expect(distanceThreshold(PAPER_CONFIG)).toBe(V.thresholds.paper);
    expect(distanceThreshold(DEV_CONFIG)).toBe(V.thresholds.dev);
    expect(distanceThreshold(TEST_CONFIG)).toBe(V.thresholds.test);
  });
});
