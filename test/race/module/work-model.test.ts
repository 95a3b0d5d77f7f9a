import { describe, expect, it } from '@jest/globals';
import { spreadSpeeds, validationWork } from '../../../race/module/work-model.js';
import { PAPER_RACE_PARAMS } from '../../../race/module/params.js';

describe('validation work model', () => {
  it('counts m·min(k, proofs) re-runs per node against all nonces tried', () => {
    // Two nodes: 9000 and 900 nonces tried at N = 900 → 10 and 1 proofs; m = 1 (the other node), k = 4.
    const r = validationWork({
      noncesPerSecond: [90, 9],
      raceSeconds: 100,
      difficulty: 900,
      sampleSize: 4,
      validatorsPerParticipant: 3,
    });
    expect(r.raceWork).toBe(9900);
    expect(r.validationWork).toBe(4 + 1);
    expect(r.fraction).toBeCloseTo(5 / 9900, 12);
    expect(r.bound).toBeCloseTo(1 / 900, 12);
  });

  it('stays under m/N for any speeds and far under 5 % at the paper settings', () => {
    const speeds = spreadSpeeds(200, 20_000, 1);
    const r = validationWork({
      noncesPerSecond: speeds,
      raceSeconds: 600,
      difficulty: Number(PAPER_RACE_PARAMS.targetDifficulty),
      sampleSize: PAPER_RACE_PARAMS.sampleSize,
      validatorsPerParticipant: PAPER_RACE_PARAMS.validatorsPerParticipant,
    });
    expect(r.fraction).toBeLessThanOrEqual(r.bound);
    expect(r.bound).toBeLessThan(0.05);
    expect(speeds[0]).toBe(20_000);
    expect(speeds[199]).toBe(1);
  });
});
