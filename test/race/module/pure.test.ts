import { describe, expect, it } from '@jest/globals';
import { allowedFailures } from '../../../race/module/binomial.js';
import { drawWeighted, sampleNonces, SeededDraw } from '../../../race/module/draw.js';
import { epochWindows, phaseAt } from '../../../race/module/timeline.js';
import { TEST_RACE_PARAMS } from '../../../race/module/params.js';
import { selectValidatorSet, validatorSetDiff } from '../../../race/module/validator-set.js';

describe('binomial tolerance', () => {
  it('is the smallest f with P[Bin(k, p) > f] ≤ tolerance, computed exactly', () => {
    // p = 0.1 %, tolerance 1e-6, k = 100: P[X > 3] ≈ 3.6e-6, P[X > 4] ≈ 7.0e-8.
    expect(allowedFailures(100, 1000n, 1n)).toBe(4);
    // No mismatches expected: zero failures tolerated.
    expect(allowedFailures(50, 0n, 1n)).toBe(0);
    // p = 1 %, k = 16: P[X > 3] ≈ 1.7e-5, P[X > 4] ≈ 4.0e-7.
    expect(allowedFailures(16, 10_000n, 1n)).toBe(4);
    expect(allowedFailures(0, 1000n, 1n)).toBe(0);
  });
});

describe('seeded draws', () => {
  const rng = (tag: string) => SeededDraw.from('test', new TextEncoder().encode(tag));

  it('are deterministic, distinct, and proportional to weight', () => {
    const cands = [
      { address: 'a', weight: 1n },
      { address: 'b', weight: 3n },
      { address: 'c', weight: 0n },
    ];
    expect(drawWeighted(cands, 2, rng('x'))).toEqual(drawWeighted(cands, 2, rng('x')));
    const two = drawWeighted(cands, 5, rng('y'));
    expect(two.map((c) => c.address).sort()).toEqual(['a', 'b']);
    let b = 0;
    for (let i = 0; i < 4000; i++) if (drawWeighted(cands, 1, rng(`z${i}`))[0]!.address === 'b') b++;
    // Binomial(4000, 3/4): mean 3000, σ ≈ 27; ±150 is over 5σ.
    expect(Math.abs(b - 3000)).toBeLessThan(150);
  });

  it('samples k distinct nonces in order, or all of them when fewer', () => {
    const nonces = Array.from({ length: 100 }, (_, i) => BigInt(i * 7));
    const s = sampleNonces(nonces, 10, rng('s'));
    expect(s).toHaveLength(10);
    expect(new Set(s).size).toBe(10);
    expect([...s].sort((a, b) => (a < b ? -1 : 1))).toEqual(s);
    expect(s.every((n) => nonces.includes(n))).toBe(true);
    expect(sampleNonces([3n, 1n], 10, rng('t'))).toEqual([1n, 3n]);
  });
});

describe('timeline', () => {
  it('puts race, dispute beacon, checks, re-verification, idle and the four seed-beacon windows inside one epoch', () => {
    const w = epochWindows(31n, TEST_RACE_PARAMS);
    expect(w).toEqual({
      start: 31n,
      raceEnd: 39n,
      checkStart: 50n,
      checkEnd: 56n,
      validationEnd: 62n,
      beaconStart: 65n,
      commitEnd: 68n,
      complaintEnd: 70n,
      revealEnd: 73n,
      nextStart: 76n,
    });
    expect(
      [31n, 38n, 39n, 49n, 50n, 55n, 56n, 61n, 62n, 65n, 68n, 70n, 73n, 75n, 76n].map((h) => phaseAt(w, h)),
    ).toEqual([
      'race',
      'race',
      'dispute_beacon',
      'dispute_beacon',
      'validation',
      'validation',
      'reverification',
      'reverification',
      'idle',
      'beacon_commit',
      'beacon_complaint',
      'beacon_reveal',
      'beacon_reconstruct',
      'beacon_reconstruct',
      'after',
    ]);
  });
});

describe('validator set', () => {
  const key = (n: number) => new Uint8Array(32).fill(n);
  it('takes the top max by weight, skips excluded and keyless participants, and diffs with power 0 for leavers', () => {
    const set = selectValidatorSet(
      [
        { address: 'a', weight: 5n, consensusPubKey: key(1), excluded: false },
        { address: 'b', weight: 9n, consensusPubKey: key(2), excluded: true },
        { address: 'c', weight: 7n, consensusPubKey: key(3), excluded: false },
        { address: 'd', weight: 7n, consensusPubKey: new Uint8Array(0), excluded: false },
        { address: 'e', weight: 1n, consensusPubKey: key(5), excluded: false },
      ],
      2,
    );
    expect(set.map((s) => s.address)).toEqual(['c', 'a']);
    const diff = validatorSetDiff(
      [
        { consensusPubKey: key(1), power: 5n },
        { consensusPubKey: key(2), power: 9n },
      ],
      set,
    );
    expect(diff).toEqual([
      { consensusPubKey: key(2), power: 0n },
      { consensusPubKey: key(3), power: 7n },
    ]);
  });
});
