import { describe, expect, it } from '@jest/globals';
import { silentLogger } from '../../../chain/util/log.js';
import { MsgSubmitValidation } from '../../../proto/gen/race/race/v1/tx.js';
import type { Assignment } from '../../../proto/gen/race/race/v1/types.js';
import { REVERIFY_MARGIN, ValidatorDuty } from '../../../node/race/validator-duty.js';
import { raceConfigFrom } from '../../../node/race/race-model.js';
import { distanceThreshold } from '../../../race/engine/distance.js';
import type { VerifyJob } from '../../../node/race/verify-protocol.js';
import { epochInfo, params, RecordingSubmitter } from './fakes.js';

const ME = 'race1validator';
const assignment = (participant: string, nonces: bigint[], over: Partial<Assignment> = {}): Assignment => ({
  epoch: 0n,
  participant,
  participantPubKey: new Uint8Array(33).fill(2),
  validator: ME,
  validatorWeight: 1n,
  nonces,
  done: false,
  passed: 0,
  failed: 0,
  ...over,
});

function setup(fail = false) {
  const sub = new RecordingSubmitter();
  const jobs: VerifyJob[] = [];
  const duty = new ValidatorDuty(
    { device: 'cpu', threads: 1 },
    {
      address: ME,
      submit: sub.submit,
      log: silentLogger(),
      verifier: {
        run: async (job) => {
          jobs.push(job);
          if (fail) throw new Error('worker crashed');
          // odd nonces pass, even fail, nonce 0 could not be run
          return job.participants.map((p) => ({
            address: p.address,
            results: p.nonces.map((n) => ({ nonce: n, distance: n === 0n ? null : 1.25, pass: n % 2n === 1n })),
          }));
        },
      },
    },
  );
  const posted = () => sub.of('/race.race.v1.MsgSubmitValidation').map((m) => MsgSubmitValidation.decode(m.value));
  return { sub, jobs, duty, posted };
}

describe('ValidatorDuty', () => {
  it('re-runs each assignment off-thread with the epoch seed and posts one finding per assigned nonce', async () => {
    const { jobs, duty, posted } = setup();
    const e = epochInfo(0);
    duty.onBlock(11, e, params(), [
      assignment('race1p1', [1n, 2n, 0n]),
      assignment('race1p2', [3n]),
      assignment('race1p3', [5n], { done: true }),
      assignment('race1p4', [7n], { validator: 'race1other' }),
    ]);
    await duty.idle;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.epochSeed).toEqual(e.seed);
    expect(jobs[0]!.config.name).toBe('test');
    expect(jobs[0]!.participants.map((p) => p.address)).toEqual(['race1p1', 'race1p2']);
    const msgs = posted();
    expect(msgs.map((m) => [m.participant, m.validator, m.epoch])).toEqual([
      ['race1p1', ME, 0n],
      ['race1p2', ME, 0n],
    ]);
    expect(msgs[0]!.findings).toEqual([
      { nonce: 1n, pass: true, distance: '1.25' },
      { nonce: 2n, pass: false, distance: '1.25' },
      { nonce: 0n, pass: false, distance: '' },
    ]);
    // the same assignments seen again in the next block are not re-run
    duty.onBlock(12, e, params(), [assignment('race1p1', [1n, 2n, 0n])]);
    await duty.idle;
    expect(jobs).toHaveLength(1);
  });

  it('does not start once the validation window is over, and retries after a failed verification', async () => {
    const { jobs, duty, posted } = setup(true);
    duty.onBlock(16, epochInfo(0), params(), [assignment('race1p1', [1n])]); // next = 17 = validation end
    await duty.idle;
    expect(jobs).toHaveLength(0);
    duty.onBlock(12, epochInfo(0), params(), [assignment('race1p1', [1n])]);
    await duty.idle;
    duty.onBlock(13, epochInfo(0), params(), [assignment('race1p1', [1n])]);
    await duty.idle;
    expect(jobs).toHaveLength(2);
    expect(posted()).toHaveLength(0);
  });

  it('does not post findings that come back after the window closed', async () => {
    const { jobs, duty, posted } = setup();
    duty.onBlock(14, epochInfo(0), params(), [assignment('race1p1', [1n])]); // next = 15 < 17: starts
    duty.onBlock(16, epochInfo(0), params(), []); // the window closes while the worker runs
    await duty.idle;
    expect(jobs).toHaveLength(1);
    expect(posted()).toHaveLength(0);
  });

  it("re-verification votes fail a nonce only beyond the noise margin; checks use the verifier's own verdict", async () => {
    const sub = new RecordingSubmitter();
    const t = distanceThreshold(raceConfigFrom(params()));
    const near = t * (1 + REVERIFY_MARGIN / 2);
    const far = t * (1 + 2 * REVERIFY_MARGIN);
    const duty = new ValidatorDuty(
      { device: 'cpu', threads: 1 },
      {
        address: ME,
        submit: sub.submit,
        log: silentLogger(),
        verifier: {
          run: async (job) =>
            job.participants.map((p) => ({
              address: p.address,
              results: p.nonces.map((n) => ({ nonce: n, distance: n === 1n ? near : far, pass: false })),
            })),
        },
      },
    );
    duty.onBlock(12, epochInfo(0, { phase: 'validation' }), params(), [assignment('race1p1', [1n, 2n])]);
    await duty.idle;
    // The same claim owes a vote in the next window: it is a new duty, not a repeat of the check.
    duty.onBlock(14, epochInfo(0, { phase: 'reverification' }), params(), [assignment('race1p1', [1n, 2n])]);
    await duty.idle;
    const msgs = sub.of('/race.race.v1.MsgSubmitValidation').map((m) => MsgSubmitValidation.decode(m.value));
    expect(msgs.map((m) => m.findings.map((f) => f.pass))).toEqual([
      [false, false],
      [true, false],
    ]);
  });

  it('with RACE_TEST_LYING_VALIDATOR it posts the opposite of every verdict', async () => {
    const sub = new RecordingSubmitter();
    const duty = new ValidatorDuty(
      { device: 'cpu', threads: 1, lying: true },
      {
        address: ME,
        submit: sub.submit,
        log: silentLogger(),
        verifier: {
          run: async (job) =>
            job.participants.map((p) => ({
              address: p.address,
              results: p.nonces.map((n) => ({ nonce: n, distance: 1, pass: n % 2n === 1n })),
            })),
        },
      },
    );
    duty.onBlock(12, epochInfo(0, { phase: 'validation' }), params(), [assignment('race1p1', [1n, 2n])]);
    await duty.idle;
    const msgs = sub.of('/race.race.v1.MsgSubmitValidation').map((m) => MsgSubmitValidation.decode(m.value));
    expect(msgs[0]!.findings.map((f) => f.pass)).toEqual([false, true]);
  });
});
