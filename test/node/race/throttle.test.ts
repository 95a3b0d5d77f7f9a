import { describe, expect, it } from '@jest/globals';
import { DutyCycle, raceTestKnobs } from '../../../node/race/throttle.js';
import { ProofBatcher } from '../../../node/race/proof-batcher.js';
import { ManualTimers } from './fakes.js';

describe('race test knobs', () => {
  it('default to full speed and honest nonces, and parse the two env variables', () => {
    expect(raceTestKnobs({})).toEqual({ throttle: 1, forgeNonces: false, lyingValidator: false });
    expect(
      raceTestKnobs({ RACE_TEST_MINER_THROTTLE: '0.5', RACE_TEST_FORGE_NONCES: '1', RACE_TEST_LYING_VALIDATOR: '1' }),
    ).toEqual({ throttle: 0.5, forgeNonces: true, lyingValidator: true });
    expect(
      raceTestKnobs({ RACE_TEST_MINER_THROTTLE: '', RACE_TEST_FORGE_NONCES: '0', RACE_TEST_LYING_VALIDATOR: '0' }),
    ).toEqual({ throttle: 1, forgeNonces: false, lyingValidator: false });
  });

  it('refuse bad values with a clear error', () => {
    for (const v of ['0', '-1', '1.5', 'half', 'NaN'])
      expect(() => raceTestKnobs({ RACE_TEST_MINER_THROTTLE: v })).toThrow(
        /RACE_TEST_MINER_THROTTLE must be a number in \(0, 1\]/,
      );
    expect(() => raceTestKnobs({ RACE_TEST_FORGE_NONCES: 'yes' })).toThrow(/RACE_TEST_FORGE_NONCES must be 0 or 1/);
    expect(() => raceTestKnobs({ RACE_TEST_LYING_VALIDATOR: 'yes' })).toThrow(
      /RACE_TEST_LYING_VALIDATOR must be 0 or 1/,
    );
  });
});

describe('DutyCycle', () => {
  it('works a fraction of each period and stops cleanly', async () => {
    const timers = new ManualTimers();
    const log: string[] = [];
    const cycle = new DutyCycle(
      { fraction: 0.25, periodMs: 1000 },
      {
        timers,
        target: {
          pause: async () => {
            log.push(`pause@${timers.now}`);
          },
          resume: () => {
            log.push(`resume@${timers.now}`);
          },
        },
      },
    );
    cycle.start();
    await timers.advance(2100);
    expect(log).toEqual(['pause@250', 'resume@1000', 'pause@1250', 'resume@2000']);
    cycle.stop();
    await timers.advance(5000);
    expect(log).toHaveLength(4);
  });

  it('does nothing at full speed, and ends when the target can no longer pause', async () => {
    const timers = new ManualTimers();
    let calls = 0;
    new DutyCycle(
      { fraction: 1 },
      {
        timers,
        target: {
          pause: async () => {
            calls++;
          },
          resume: () => {
            calls++;
          },
        },
      },
    ).start();
    await timers.advance(10_000);
    expect(calls).toBe(0);
    const gone = new DutyCycle(
      { fraction: 0.5, periodMs: 100 },
      {
        timers,
        target: {
          pause: async () => {
            calls++;
            throw new Error('stopped');
          },
          resume: () => {
            calls++;
          },
        },
      },
    );
    gone.start();
    await timers.advance(1000);
    expect(calls).toBe(1);
  });
});

describe('ProofBatcher', () => {
  it('dedups, bounds batches, puts refused batches back first and skips nonces already on chain', () => {
    const b = new ProofBatcher(2);
    b.markDone(9n);
    for (const n of [1n, 2n, 2n, 3n, 9n, 4n, 5n]) b.add(n);
    expect(b.total).toBe(6);
    const [first, ...rest] = b.take(1);
    expect(first).toEqual([1n, 2n]);
    expect(rest).toEqual([]);
    b.putBack(first!);
    expect(b.take()).toEqual([[1n, 2n], [3n, 4n], [5n]]);
    expect(b.pending).toBe(0);
    expect(() => new ProofBatcher(0)).toThrow(/positive integer/);
  });
});
