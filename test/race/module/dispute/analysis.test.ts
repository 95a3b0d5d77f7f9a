import { describe, expect, it } from '@jest/globals';
import { flopsPerNonce, getRaceConfig } from '../../../../race/engine/config.js';
import { forgingOutcome, toNumber } from '../../../../race/module/dispute/forging-gain.js';
import { DEFAULT_DISPUTE_PARAMS } from '../../../../race/module/dispute/params.js';
import { disputeWork } from '../../../../race/module/dispute/work.js';
import { PAPER_RACE_PARAMS } from '../../../../race/module/params.js';
import { spreadSpeeds } from '../../../../race/module/work-model.js';

const P = DEFAULT_DISPUTE_PARAMS;

describe('the expected gain of forging (exact arithmetic)', () => {
  it('is negative for every forged count from 1 to 200 and for fractions up to 99 % (real work 1000, lone forger)', () => {
    const real = 1000n;
    const counts = [
      ...Array.from({ length: 200 }, (_, i) => BigInt(i + 1)),
      300n,
      500n,
      1000n,
      3000n,
      10_000n,
      99_000n,
    ];
    for (const forged of counts) {
      const o = forgingOutcome(real, forged, P);
      expect([forged, o.gain.num < 0n]).toEqual([forged, true]);
    }
  });

  it('is negative with a coalition covering forged items (30 % and 45 %: cover ≤ c² with two checkers per item)', () => {
    for (const c of [30n, 45n]) {
      const cover = { num: c * c, den: 10_000n };
      for (const forged of [1n, 2n, 5n, 10n, 30n, 100n, 1000n]) {
        expect([c, forged, forgingOutcome(1000n, forged, P, cover).gain.num < 0n]).toEqual([c, forged, true]);
      }
    }
  });

  it('is zero for no forgery and counts the exclusion epochs when convicted', () => {
    const none = forgingOutcome(1000n, 0n, P);
    expect(none.gain.num).toBe(0n);
    expect(none.conviction.num).toBe(0n);
    // Half forged: conviction is certain for practical purposes and costs 1 + 7 epochs of real work.
    const half = forgingOutcome(1000n, 1000n, P);
    expect(toNumber(half.conviction)).toBeCloseTo(1, 12);
    expect(toNumber(half.gain)).toBeCloseTo(-8000, 3);
    // 1 %: mostly not convicted; loses about penalty−1 times what it forged, i.e. ≈ one forged item per forged item.
    const one = forgingOutcome(990n, 10n, P);
    expect(toNumber(one.gain)).toBeLessThan(-9);
  });
});

describe("validation work of the dispute machine at the paper's settings", () => {
  it('stays far under 5 % of race work, honest and under a dispute-everything attack', () => {
    // The same node model as `npm run validation:work` (100 nodes at 100 TFLOP/s down to 1 %, a 10-minute race).
    const config = getRaceConfig(PAPER_RACE_PARAMS.modelConfig);
    const fastest = 100e12 / flopsPerNonce(config);
    const w = disputeWork(
      {
        noncesPerSecond: spreadSpeeds(100, fastest, fastest * 0.01),
        raceSeconds: Number(PAPER_RACE_PARAMS.raceBlocks) * 6,
        difficulty: Number(PAPER_RACE_PARAMS.targetDifficulty),
      },
      P,
    );
    expect(w.honestFraction).toBeLessThan(0.0005);
    expect(w.attackFraction).toBeLessThan(0.05);
    expect(w.attackFraction).toBeGreaterThan(w.honestFraction);
  });
});
