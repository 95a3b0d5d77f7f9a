import type { Context } from '../../chain/app/context.js';
import { fromBech32Checked } from '../../chain/crypto/address.js';
import { event } from '../../chain/types/events.js';
import type { NonceFinding, Participant } from '../../proto/gen/race/race/v1/types.js';
import { drawWeighted, sampleNonces, SeededDraw } from './draw.js';
import { RaceErrors } from './errors.js';
import { fromHex } from '../../chain/types/bytes.js';
import type { RaceKeeper } from './keeper.js';
import { tallyParticipant } from './tally.js';
import { epochWindows, type EpochRecord } from './timeline.js';

/**
 * At the race's last height: for every participant with nonces, validators drawn by weight (the weights in force)
 * from the epoch seed and this block's hash, each with its own sample of the nonces. A participant is not its own
 * validator unless nobody else has weight (a one-node network validates itself).
 */
export function assignValidators(ctx: Context, keeper: RaceKeeper, rec: EpochRecord): number {
  const params = keeper.getParams(ctx);
  const weighted = keeper.participants(ctx).filter((p) => p.weight > 0n);
  const seed = fromHex(rec.seed);
  const blockHash = ctx.block.hash ?? new Uint8Array(0);
  let count = 0;
  for (const summary of keeper.proofSummaries(ctx, rec.epoch)) {
    if (summary.nonceCount === 0n) continue;
    const participant = keeper.getParticipant(ctx, summary.participant);
    if (!participant || participant.pubKey.length !== 33) continue;
    const others = weighted.filter((v) => v.address !== summary.participant);
    const pool = others.length > 0 ? others : weighted;
    const addr = fromBech32Checked(summary.participant);
    const chosen = drawWeighted(
      pool.map((v) => ({ address: v.address, weight: v.weight })),
      params.validatorsPerParticipant,
      SeededDraw.from('race/v1/assign', seed, blockHash, addr),
    );
    const nonces = keeper.nonces(ctx, rec.epoch, summary.participant);
    for (const v of chosen) {
      const sample = sampleNonces(nonces, params.sampleSize, SeededDraw.from('race/v1/sample', seed, blockHash, addr, fromBech32Checked(v.address)));
      keeper.setAssignment(ctx, {
        epoch: rec.epoch, participant: summary.participant, participantPubKey: participant.pubKey, validator: v.address,
        validatorWeight: v.weight, nonces: sample, done: false, passed: 0, failed: 0,
      });
      count++;
    }
    ctx.events.emit(event('race_validators_assigned', [
      ['epoch', rec.epoch.toString()], ['participant', summary.participant], ['validators', chosen.map((c) => c.address).join(',')], ['nonces', summary.nonceCount.toString()],
    ]));
  }
  return count;
}

/** An assigned validator's findings: exactly one per sampled nonce, within the validation window. */
export function submitValidation(ctx: Context, keeper: RaceKeeper, validator: string, epoch: bigint, participant: string, findings: readonly NonceFinding[]): void {
  const rec = keeper.getEpoch(ctx);
  if (!rec) throw RaceErrors.OutOfWindow.wrap('the race module has no epoch yet');
  if (epoch !== rec.epoch) throw RaceErrors.WrongEpoch.wrap(`findings are for epoch ${epoch}, the current epoch is ${rec.epoch}`);
  const w = epochWindows(rec.startHeight, keeper.getParams(ctx));
  const height = BigInt(ctx.block.height);
  if (height < w.raceEnd || height >= w.validationEnd) {
    throw RaceErrors.OutOfWindow.wrap(`validation of epoch ${epoch} is open at heights ${w.raceEnd}..${w.validationEnd - 1n}, this is height ${height}`);
  }
  const a = keeper.getAssignment(ctx, epoch, participant, validator);
  if (!a) throw RaceErrors.NotAssigned.wrap(`${validator} is not assigned to validate ${participant} in epoch ${epoch}`);
  if (a.done) throw RaceErrors.InvalidFindings.wrap(`${validator} already posted findings on ${participant}`);
  if (findings.length !== a.nonces.length) throw RaceErrors.InvalidFindings.wrap(`expected ${a.nonces.length} findings, got ${findings.length}`);
  const wanted = new Set(a.nonces.map((n) => n.toString()));
  const seen = new Set<string>();
  let failed = 0;
  for (const f of findings) {
    const k = f.nonce.toString();
    if (!wanted.has(k)) throw RaceErrors.InvalidFindings.wrap(`nonce ${k} was not assigned`);
    if (seen.has(k)) throw RaceErrors.InvalidFindings.wrap(`nonce ${k} appears twice`);
    if (f.distance.length > 40) throw RaceErrors.InvalidFindings.wrap('distance text is longer than 40 characters');
    seen.add(k);
    if (!f.pass) failed++;
  }
  keeper.setAssignment(ctx, { ...a, done: true, passed: findings.length - failed, failed });
  ctx.events.emit(event('race_validation', [
    ['epoch', epoch.toString()], ['validator', validator], ['participant', participant], ['passed', String(findings.length - failed)], ['failed', String(failed)],
  ]));
}

/**
 * At the validation window's last height: every participant's next weight (its nonce count when accepted, else 0,
 * with an event), and every skipped duty recorded on its validator.
 */
export function tallyEpoch(ctx: Context, keeper: RaceKeeper, rec: EpochRecord): void {
  const params = keeper.getParams(ctx);
  keeper.clearOutcomes(ctx);
  const missed = new Map<string, number>();
  for (const summary of keeper.proofSummaries(ctx, rec.epoch)) {
    const assignments = keeper.assignments(ctx, rec.epoch, summary.participant);
    for (const a of assignments) if (!a.done) missed.set(a.validator, (missed.get(a.validator) ?? 0) + 1);
    const t = tallyParticipant(
      assignments.map((a) => ({ validatorWeight: a.validatorWeight, sampled: a.nonces.length, done: a.done, failed: a.failed })),
      params.mismatchRatePpm,
      params.tolerancePpm,
    );
    const weight = t.accepted ? summary.nonceCount : 0n;
    keeper.setOutcome(ctx, {
      epoch: rec.epoch, participant: summary.participant, nonceCount: summary.nonceCount, accepted: t.accepted,
      acceptWeight: t.acceptWeight, rejectWeight: t.rejectWeight, missingWeight: t.missingWeight, weight,
    });
    const attrs: Array<[string, string]> = [
      ['epoch', rec.epoch.toString()], ['participant', summary.participant], ['nonces', summary.nonceCount.toString()],
      ['accept_weight', t.acceptWeight.toString()], ['reject_weight', t.rejectWeight.toString()], ['missing_weight', t.missingWeight.toString()],
    ];
    const p = keeper.getParticipant(ctx, summary.participant);
    if (t.accepted) {
      ctx.events.emit(event('race_participant_accepted', attrs));
    } else {
      ctx.events.emit(event('race_participant_failed', [...attrs, ['reason', t.acceptWeight + t.rejectWeight === 0n ? 'no_validations' : 'rejected']]));
      if (p) keeper.setParticipant(ctx, { ...p, reputation: 0n, failedEpochs: p.failedEpochs + 1n });
    }
  }
  for (const [validator, n] of missed) {
    const v: Participant | undefined = keeper.getParticipant(ctx, validator);
    if (!v) continue;
    keeper.setParticipant(ctx, { ...v, missedValidations: v.missedValidations + BigInt(n) });
    ctx.events.emit(event('race_validation_missed', [['epoch', rec.epoch.toString()], ['validator', validator], ['count', String(n)]]));
  }
}
