import type { Context } from '../../chain/app/context.js';
import { fromBech32Checked } from '../../chain/crypto/address.js';
import { event } from '../../chain/types/events.js';
import type { Assignment, NonceFinding } from '../../proto/gen/race/race/v1/types.js';
import { disputeBeaconOutput } from './beacon-driver.js';
import { itemStatuses, disputedItems } from './dispute/detect.js';
import { planClaim } from './dispute/plan.js';
import { resolveClaim } from './dispute/resolve.js';
import type { Claim, ClaimPlan, Conviction, WeightedParty } from './dispute/types.js';
import { isExcluded, settleEpoch, unresolvedWithoutRandomness, type EpochVerdict } from './dispute/verdict.js';
import { RaceErrors } from './errors.js';
import type { RaceKeeper, StoredPlan, StoredVerdicts } from './keeper.js';
import { disputeParamsOf } from './params.js';
import { EpochRandomness } from './randomness/chain-randomness.js';
import { RANDOMNESS_DOMAINS } from './randomness/domains.js';
import { windowsOf, type EpochRecord } from './timeline.js';

/**
 * Race claims go through the dispute machine (race/module/dispute, docs/race-security.md §3): a committee per claim
 * drawn from the dispute beacon, re-verification of disputed nonces by the whole weight in force, a binding verdict.
 * This file reads and writes the store around the machine's pure functions.
 */
const DOMAINS = { sample: RANDOMNESS_DOMAINS.raceDisputeSample, checkers: RANDOMNESS_DOMAINS.raceDisputeCheckers };

/** The weights in force: who checks, who votes, and how much each vote counts. */
function validatorsInForce(ctx: Context, keeper: RaceKeeper): WeightedParty[] {
  return keeper
    .participants(ctx)
    .filter((p) => p.weight > 0n)
    .map((p) => ({ address: p.address, weight: p.weight }));
}

/** Whether a conviction still keeps `address` out of `epoch` (its claims are not planned and earn nothing). */
export function excludedByConviction(ctx: Context, keeper: RaceKeeper, address: string, epoch: bigint): boolean {
  return keeper.convictions(ctx, address).some((c) => isExcluded(c, epoch));
}

/** The epoch's claims: every registered participant with nonces, except those excluded by a conviction. */
function claimsOf(ctx: Context, keeper: RaceKeeper, epoch: bigint): Claim[] {
  const out: Claim[] = [];
  for (const s of keeper.proofSummaries(ctx, epoch)) {
    if (s.nonceCount === 0n) continue;
    const p = keeper.getParticipant(ctx, s.participant);
    if (!p || p.pubKey.length !== 33 || excludedByConviction(ctx, keeper, s.participant, epoch)) continue;
    out.push({
      id: fromBech32Checked(s.participant),
      claimant: s.participant,
      items: keeper.nonces(ctx, epoch, s.participant).map(String),
      value: s.nonceCount,
    });
  }
  return out;
}

function claimPlanOf(p: StoredPlan): ClaimPlan {
  return {
    claim: { id: fromBech32Checked(p.claimant), claimant: p.claimant, items: p.items, value: p.value },
    items: p.items,
    checkers: p.checkers,
  };
}

/**
 * At the dispute beacon's last height: the committee of every claim, from the beacon output (never a block hash).
 * Each checker's duty is stored as an Assignment (its sampled nonces of that claim), which Duties lists and the node
 * re-runs. A fallback beacon gives no plan: settleDisputes then applies `unresolvedWithoutRandomness`.
 */
export function planDisputes(ctx: Context, keeper: RaceKeeper, rec: EpochRecord): number {
  const params = keeper.getParams(ctx);
  const beacon = disputeBeaconOutput(ctx, keeper, rec);
  const rnd = beacon ? EpochRandomness.of(beacon, rec.epoch) : undefined;
  const claims = claimsOf(ctx, keeper, rec.epoch);
  if (!rnd) {
    if (claims.length > 0)
      ctx.events.emit(
        event('race_dispute_no_randomness', [
          ['epoch', rec.epoch.toString()],
          ['claims', String(claims.length)],
        ]),
      );
    return 0;
  }
  const validators = validatorsInForce(ctx, keeper);
  const weightOf = new Map(validators.map((v) => [v.address, v.weight]));
  let duties = 0;
  for (const claim of claims) {
    let plan: ClaimPlan;
    try {
      plan = planClaim(claim, validators, rnd, DOMAINS, disputeParamsOf(params));
    } catch (e) {
      // Intake keeps claims well-formed, so this is a bug; one bad claim must not take the other plans down.
      ctx.log.error(
        { module: 'race', participant: claim.claimant, err: (e as Error).message },
        'race: claim could not be planned; it earns nothing this epoch',
      );
      ctx.events.emit(
        event('race_dispute_plan_error', [
          ['epoch', rec.epoch.toString()],
          ['participant', claim.claimant],
          ['error', (e as Error).message],
        ]),
      );
      continue;
    }
    keeper.setPlan(ctx, {
      epoch: rec.epoch,
      claimant: claim.claimant,
      value: claim.value,
      items: plan.items,
      checkers: plan.checkers,
      disputed: null,
    });
    const pubKey = keeper.getParticipant(ctx, claim.claimant)!.pubKey;
    const byChecker = new Map<string, bigint[]>();
    plan.items.forEach((item, i) => {
      for (const c of plan.checkers[i]!) byChecker.set(c, [...(byChecker.get(c) ?? []), BigInt(item)]);
    });
    for (const [checker, nonces] of byChecker) {
      keeper.setAssignment(ctx, {
        epoch: rec.epoch,
        participant: claim.claimant,
        participantPubKey: pubKey,
        validator: checker,
        validatorWeight: weightOf.get(checker) ?? 0n,
        nonces,
        done: false,
        passed: 0,
        failed: 0,
      });
      duties++;
    }
    ctx.events.emit(
      event('race_dispute_planned', [
        ['epoch', rec.epoch.toString()],
        ['participant', claim.claimant],
        ['nonces', claim.value.toString()],
        ['sampled', String(plan.items.length)],
        ['checkers', [...byChecker.keys()].join(',')],
      ]),
    );
  }
  return duties;
}

function readFindings(findings: readonly NonceFinding[], wanted: readonly string[]): StoredVerdicts {
  if (findings.length !== wanted.length)
    throw RaceErrors.InvalidFindings.wrap(`expected ${wanted.length} findings, got ${findings.length}`);
  const want = new Set(wanted);
  const out: StoredVerdicts = {};
  for (const f of findings) {
    const k = f.nonce.toString();
    if (!want.has(k)) throw RaceErrors.InvalidFindings.wrap(`nonce ${k} was not assigned`);
    if (out[k] !== undefined) throw RaceErrors.InvalidFindings.wrap(`nonce ${k} appears twice`);
    if (f.distance.length > 40) throw RaceErrors.InvalidFindings.wrap('distance text is longer than 40 characters');
    out[k] = f.pass ? 'pass' : 'fail';
  }
  return out;
}

/**
 * Findings on one claim. In the check window: a checker's verdicts on exactly its duty (its sampled nonces of that
 * claim). In the re-verification window: a vote of a validator with weight in force on exactly the claim's disputed
 * nonces. One post per party and claim and window; anything else is refused and changes nothing.
 */
export function submitValidation(
  ctx: Context,
  keeper: RaceKeeper,
  validator: string,
  epoch: bigint,
  participant: string,
  findings: readonly NonceFinding[],
): void {
  const rec = keeper.getEpoch(ctx);
  if (!rec) throw RaceErrors.OutOfWindow.wrap('the race module has no epoch yet');
  if (epoch !== rec.epoch)
    throw RaceErrors.WrongEpoch.wrap(`findings are for epoch ${epoch}, the current epoch is ${rec.epoch}`);
  const w = windowsOf(rec, keeper.getParams(ctx));
  const height = BigInt(ctx.block.height);
  if (height >= w.checkStart && height < w.checkEnd) {
    const a = keeper.getAssignment(ctx, epoch, participant, validator);
    if (!a) throw RaceErrors.NotAssigned.wrap(`${validator} is not assigned to check ${participant} in epoch ${epoch}`);
    if (a.done) throw RaceErrors.InvalidFindings.wrap(`${validator} already posted findings on ${participant}`);
    const verdicts = readFindings(findings, a.nonces.map(String));
    const failed = Object.values(verdicts).filter((v) => v === 'fail').length;
    keeper.setVerdicts(ctx, 'check', epoch, participant, validator, verdicts);
    keeper.setAssignment(ctx, { ...a, done: true, passed: findings.length - failed, failed });
    ctx.events.emit(
      event('race_validation', [
        ['epoch', epoch.toString()],
        ['validator', validator],
        ['participant', participant],
        ['passed', String(findings.length - failed)],
        ['failed', String(failed)],
      ]),
    );
    return;
  }
  if (height >= w.checkEnd && height < w.validationEnd) {
    const plan = keeper.getPlan(ctx, epoch, participant);
    if (!plan?.disputed || plan.disputed.length === 0)
      throw RaceErrors.NotAssigned.wrap(`${participant} has no disputed nonces in epoch ${epoch}`);
    if ((keeper.getParticipant(ctx, validator)?.weight ?? 0n) === 0n)
      throw RaceErrors.NotAssigned.wrap(`${validator} has no weight in force, so it does not re-verify`);
    if (keeper.getVerdicts(ctx, 'vote', epoch, participant, validator))
      throw RaceErrors.InvalidFindings.wrap(`${validator} already voted on ${participant}`);
    const verdicts = readFindings(findings, plan.disputed);
    keeper.setVerdicts(ctx, 'vote', epoch, participant, validator, verdicts);
    ctx.events.emit(
      event('race_reverification', [
        ['epoch', epoch.toString()],
        ['validator', validator],
        ['participant', participant],
        ['failed', String(Object.values(verdicts).filter((v) => v === 'fail').length)],
      ]),
    );
    return;
  }
  throw RaceErrors.OutOfWindow.wrap(
    `findings of epoch ${epoch} are taken at heights ${w.checkStart}..${w.checkEnd - 1n} (checks) and ${w.checkEnd}..${w.validationEnd - 1n} (re-verification), this is height ${height}`,
  );
}

/** Re-verification duties of `voter`: each claim's disputed nonces it has not voted on yet (Duties lists them as Assignments). */
export function reverifyDuties(ctx: Context, keeper: RaceKeeper, epoch: bigint, voter: string): Assignment[] {
  const weight = keeper.getParticipant(ctx, voter)?.weight ?? 0n;
  if (weight === 0n) return [];
  const out: Assignment[] = [];
  for (const plan of keeper.plans(ctx, epoch)) {
    if (!plan.disputed || plan.disputed.length === 0 || keeper.getVerdicts(ctx, 'vote', epoch, plan.claimant, voter))
      continue;
    const pubKey = keeper.getParticipant(ctx, plan.claimant)?.pubKey ?? new Uint8Array(0);
    out.push({
      epoch,
      participant: plan.claimant,
      participantPubKey: pubKey,
      validator: voter,
      validatorWeight: weight,
      nonces: plan.disputed.map(BigInt),
      done: false,
      passed: 0,
      failed: 0,
    });
  }
  return out;
}

/** At the check window's last height: which sampled nonces go to re-verification (a fail or a missing check). */
export function markDisputes(ctx: Context, keeper: RaceKeeper, rec: EpochRecord): void {
  for (const plan of keeper.plans(ctx, rec.epoch)) {
    const disputed = disputedItems(
      itemStatuses(claimPlanOf(plan), keeper.verdicts(ctx, 'check', rec.epoch, plan.claimant)),
    );
    keeper.setPlan(ctx, { ...plan, disputed });
    if (disputed.length > 0) {
      ctx.events.emit(
        event('race_item_disputed', [
          ['epoch', rec.epoch.toString()],
          ['participant', plan.claimant],
          ['nonces', disputed.join(',')],
        ]),
      );
    }
  }
}

function verdictOf(ctx: Context, keeper: RaceKeeper, rec: EpochRecord): EpochVerdict {
  const dp = disputeParamsOf(keeper.getParams(ctx));
  const validators = validatorsInForce(ctx, keeper);
  const plans = keeper.plans(ctx, rec.epoch);
  const claims = claimsOf(ctx, keeper, rec.epoch);
  // Claims without plans means the dispute beacon gave no usable output: nobody grows, nobody is convicted.
  if (plans.length === 0) return unresolvedWithoutRandomness(rec.epoch, claims, validators);
  const resolutions = plans.map((p) =>
    resolveClaim(
      claimPlanOf(p),
      keeper.verdicts(ctx, 'check', rec.epoch, p.claimant),
      keeper.verdicts(ctx, 'vote', rec.epoch, p.claimant),
      validators,
      dp,
    ),
  );
  for (const r of resolutions) {
    if (r.status === 'unresolved')
      ctx.events.emit(
        event('race_claim_unresolved', [
          ['epoch', rec.epoch.toString()],
          ['participant', r.claimant],
          ['undecided', String(r.undecided)],
        ]),
      );
  }
  return settleEpoch(rec.epoch, resolutions, dp);
}

/** Stores a conviction (the one store rewards read), resets reputation, emits race_conviction. */
export function recordConviction(ctx: Context, keeper: RaceKeeper, c: Conviction): void {
  keeper.addConviction(ctx, c);
  const p = keeper.getParticipant(ctx, c.participant);
  if (p)
    keeper.setParticipant(ctx, {
      ...p,
      reputation: 0n,
      failedEpochs: p.failedEpochs + (c.kind === 'forgery' ? 1n : 0n),
    });
  ctx.events.emit(
    event('race_conviction', [
      ['participant', c.participant],
      ['epoch', c.epoch.toString()],
      ['kind', c.kind],
      ['wrong', String(c.wrong)],
      ['of', String(c.of)],
      ['exclusion_epochs', c.exclusionEpochs.toString()],
    ]),
  );
}

/**
 * At the re-verification window's last height: the binding verdict of the epoch. Every claimant's (and convicted
 * validator's) next weight goes to the outcomes, convictions are recorded (reputation reset, exclusion), missed
 * duties are counted on their validators.
 */
export function settleDisputes(ctx: Context, keeper: RaceKeeper, rec: EpochRecord): void {
  keeper.clearOutcomes(ctx);
  const verdict = verdictOf(ctx, keeper, rec);
  const counts = new Map(keeper.proofSummaries(ctx, rec.epoch).map((s) => [s.participant, s.nonceCount]));
  for (const [participant, weight] of verdict.weights) {
    const standing = verdict.standing.get(participant)!;
    const nonceCount = counts.get(participant) ?? 0n;
    keeper.setOutcome(ctx, {
      epoch: rec.epoch,
      participant,
      nonceCount,
      accepted: standing === 'accepted',
      acceptWeight: 0n,
      rejectWeight: 0n,
      missingWeight: 0n,
      weight,
    });
    const attrs: Array<[string, string]> = [
      ['epoch', rec.epoch.toString()],
      ['participant', participant],
      ['nonces', nonceCount.toString()],
      ['weight', weight.toString()],
    ];
    if (standing === 'accepted') ctx.events.emit(event('race_participant_accepted', attrs));
    else ctx.events.emit(event('race_participant_failed', [...attrs, ['reason', standing]]));
  }
  for (const c of verdict.convictions) recordConviction(ctx, keeper, c);
  for (const [validator, n] of verdict.missed) {
    const v = keeper.getParticipant(ctx, validator);
    if (!v) continue;
    keeper.setParticipant(ctx, { ...v, missedValidations: v.missedValidations + BigInt(n) });
    ctx.events.emit(
      event('race_validation_missed', [
        ['epoch', rec.epoch.toString()],
        ['validator', validator],
        ['count', String(n)],
      ]),
    );
  }
}
