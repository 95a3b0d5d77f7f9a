/**
 * The validator duty: when the module assigns this node checks (Query/Duties, validation window: its sampled nonces of
 * each claim) or re-verification votes (reverification window: every disputed nonce of a claim), re-runs the nonces
 * with race/engine's Verifier in a worker thread and posts one MsgSubmitValidation per participant with a finding per
 * nonce, before the window closes.
 */
import type { Logger } from '../../chain/util/log.js';
import { distanceThreshold } from '../../race/engine/distance.js';
import { DEFAULT_MARGIN } from '../../race/engine/miner-loop.js';
import type { RaceDevice } from '../../race/engine/session.js';
import type { Assignment, EpochInfo, Params } from '../../proto/gen/race/race/v1/types.js';
import { validationMsg } from './duty-msgs.js';
import type { EncodedMsg } from './duty-tx.js';
import type { SubmitResult } from './duty-submitter.js';
import type { VerifyRunner } from './off-thread-verifier.js';
import { raceConfigFrom } from './race-model.js';
import type { VerifiedParticipant } from './verify-protocol.js';

export interface ValidatorDutyOpts {
  device: RaceDevice;
  threads: number;
  /** Test knob RACE_TEST_LYING_VALIDATOR: post the opposite of every verdict (e2e of the dispute machine only). */
  lying?: boolean;
}

export interface ValidatorDutyDeps {
  address: string;
  submit: (msgs: EncodedMsg[], what: string) => SubmitResult;
  verifier: VerifyRunner;
  log: Logger;
  onPosted?: (participant: string, passed: number, failed: number) => void;
}

/** A duty is one claim in one window: the same claim owes a check and, when disputed, a re-verification vote. */
const key = (epoch: bigint, phase: string, participant: string) => `${epoch}/${phase}/${participant}`;

/**
 * A re-verification vote fails a nonce only when its distance is beyond the threshold by more than the widest
 * float-noise margin miners keep (CUDA's): votes decide for the majority, so honest hardware differences near the
 * threshold must never add up to a majority against an honest nonce (docs/race-security.md §5).
 */
export const REVERIFY_MARGIN = DEFAULT_MARGIN.cuda;

export class ValidatorDuty {
  /** Assignments verified or being verified, so that none is run twice. */
  private readonly taken = new Set<string>();
  private inFlight: Promise<void> = Promise.resolve();
  /** The latest committed height seen. */
  private height = 0;

  constructor(
    private readonly opts: ValidatorDutyOpts,
    private readonly deps: ValidatorDutyDeps,
  ) {}

  /** The verification job in progress (tests and shutdown await it). */
  get idle(): Promise<void> {
    return this.inFlight;
  }

  /** After each committed block: start verifying the assignments not yet taken (in the background). */
  onBlock(height: number, epoch: EpochInfo, params: Params, owed: readonly Assignment[]): void {
    const validationEnd = Number(epoch.validationEndHeight);
    this.height = Math.max(this.height, height);
    if (height + 1 >= validationEnd) return;
    const phase = epoch.phase;
    const fresh = owed.filter(
      (a) => !a.done && a.validator === this.deps.address && !this.taken.has(key(a.epoch, phase, a.participant)),
    );
    if (fresh.length === 0) return;
    for (const a of fresh) this.taken.add(key(a.epoch, phase, a.participant));
    if (this.taken.size > 10_000) this.pruneBefore(epoch.epoch);
    const seed = Uint8Array.from(epoch.seed);
    const job = async () => {
      const config = raceConfigFrom(params);
      this.deps.log.info(
        {
          epoch: epoch.epoch.toString(),
          participants: fresh.length,
          nonces: fresh.reduce((n, a) => n + a.nonces.length, 0),
        },
        'race: validation assigned, re-running sampled nonces',
      );
      let verified: VerifiedParticipant[];
      try {
        verified = await this.deps.verifier.run({
          config,
          epochSeed: seed,
          device: this.opts.device,
          threads: this.opts.threads,
          participants: fresh.map((a) => ({
            address: a.participant,
            publicKey: a.participantPubKey,
            nonces: a.nonces,
          })),
        });
      } catch (e) {
        this.deps.log.error({ err: (e as Error).message }, 'race: verification failed; findings not posted');
        for (const a of fresh) this.taken.delete(key(a.epoch, phase, a.participant)); // retried after the next block
        return;
      }
      if (this.height + 1 >= validationEnd) {
        this.deps.log.warn(
          { epoch: epoch.epoch.toString(), height: this.height, validationEnd },
          'race: verification finished after the validation window; findings not posted',
        );
        return;
      }
      const failAbove = phase === 'reverification' ? distanceThreshold(config) * (1 + REVERIFY_MARGIN) : undefined;
      fresh.forEach((a, i) => this.post(a, phase, verified[i], failAbove));
    };
    this.inFlight = this.inFlight.then(job);
  }

  private post(a: Assignment, phase: string, v: VerifiedParticipant | undefined, failAbove: number | undefined): void {
    const results = v?.results ?? [];
    // One finding per assigned nonce; a nonce the verifier could not run (or a participant key it refused) fails.
    const findings = a.nonces.map((nonce, i) => {
      const r = results[i];
      const ran = r !== undefined && r.nonce === nonce;
      const ok = ran && (failAbove === undefined ? r.pass : r.distance !== null && r.distance < failAbove);
      if (this.opts.lying) return { nonce, pass: !ok, distance: '' };
      return { nonce, pass: ok, distance: r?.distance === null || r?.distance === undefined ? '' : String(r.distance) };
    });
    const passed = findings.filter((f) => f.pass).length;
    const res = this.deps.submit(
      [validationMsg(this.deps.address, a.epoch, a.participant, findings)],
      `validation of ${a.participant}`,
    );
    if (res.ok) {
      this.deps.onPosted?.(a.participant, passed, findings.length - passed);
      this.deps.log.info(
        {
          epoch: a.epoch.toString(),
          participant: a.participant,
          passed,
          failed: findings.length - passed,
          error: v?.error,
        },
        'race: validation findings posted',
      );
    } else {
      this.taken.delete(key(a.epoch, phase, a.participant));
    }
  }

  private pruneBefore(epoch: bigint): void {
    for (const k of this.taken) if (BigInt(k.split('/')[0]!) < epoch) this.taken.delete(k);
  }
}
