import { describe, expect, it } from '@jest/globals';
import {
  beaconLength,
  beaconSchedule,
  eventAttributes,
  phaseAt,
  validateBeaconParams,
} from '../../../race/beacon/index.js';

describe('beacon schedule', () => {
  const params = validateBeaconParams({ commitBlocks: 3, complaintBlocks: 2, revealBlocks: 4, reconstructBlocks: 1 });
  const s = beaconSchedule(params, 100);

  it('lays the windows end to end as half-open height ranges', () => {
    expect(s).toEqual({ commitStart: 100, commitEnd: 103, complaintEnd: 105, revealEnd: 109, reconstructEnd: 110 });
    expect(beaconLength(params)).toBe(10);
    const phases = Array.from({ length: 12 }, (_, i) => phaseAt(s, 99 + i));
    expect(phases).toEqual([
      'before',
      'commit',
      'commit',
      'commit',
      'complaint',
      'complaint',
      'reveal',
      'reveal',
      'reveal',
      'reveal',
      'reconstruct',
      'after',
    ]);
  });

  it('refuses a start height that is not a non-negative integer', () => {
    expect(() => beaconSchedule(params, -1)).toThrow(/commitStart/);
    expect(() => beaconSchedule(params, 1.5)).toThrow(/commitStart/);
  });
});

describe('beacon events', () => {
  it('flatten to ABCI string attributes', () => {
    expect(
      eventAttributes({ type: 'beacon_final', epoch: 3, height: 42, seed: 'ab', fallback: false, dealers: ['a', 'b'] }),
    ).toEqual([
      { key: 'epoch', value: '3' },
      { key: 'height', value: '42' },
      { key: 'seed', value: 'ab' },
      { key: 'fallback', value: 'false' },
      { key: 'dealers', value: 'a,b' },
    ]);
  });
});
