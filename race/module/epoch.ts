import type { ValidatorUpdate } from '../../chain/abci.js';
import type { Context } from '../../chain/app/context.js';
import { event } from '../../chain/types/events.js';
import { beaconTick, nextSeed, startBeacon, startDisputeBeacon } from './beacon-driver.js';
import { nextReputation } from './dispute/reputation.js';
import { toHexLower } from '../../chain/types/bytes.js';
import { epochEndsNow } from './epoch-end.js';
import type { RaceKeeper } from './keeper.js';
import { pruneIdle } from './prune.js';
import { windowsOf, type EpochRecord } from './timeline.js';
import { excludedByConviction, markDisputes, planDisputes, recordConviction, settleDisputes } from './validation.js';
import { selectValidatorSet, validatorSetDiff } from './validator-set.js';

/**
 * BeginBlock: evidence of double signing convicts the offender like a forger (kind 'double-sign', the epoch the
 * evidence arrived in, `exclusion_epochs`): reputation resets, it is out of the next set and earns nothing while
 * excluded (validation.ts, epochBoundary). Its weight in force drops to 0 at once, so gov tallies, pricing's median,
 * the checker draw and any beacon group drawn from now on ignore it for the rest of this epoch too; the consensus
 * power it already holds changes only at the boundary, like every set change.
 */
export function handleEvidence(ctx: Context, keeper: RaceKeeper): void {
  const evidence = ctx.block.misbehavior ?? [];
  if (evidence.length === 0) return;
  const epoch = keeper.getEpoch(ctx)?.epoch ?? 0n;
  const exclusionEpochs = keeper.getParams(ctx).exclusionEpochs;
  for (const ev of evidence) {
    const address = keeper.participantByConsensusAddress(ctx, ev.validatorAddress);
    if (!address) {
      ctx.log.warn(
        { module: 'race', validator: toHexLower(ev.validatorAddress) },
        'double-sign evidence for a validator that is not a participant',
      );
      continue;
    }
    const p = keeper.getParticipant(ctx, address);
    if (!p) continue;
    keeper.setParticipant(ctx, { ...p, weight: 0n, doubleSignCount: p.doubleSignCount + 1n });
    // Several pieces of evidence in one epoch are one conviction that counts them all (its key is per epoch and kind).
    const prev = keeper.convictions(ctx, address).find((c) => c.epoch === epoch && c.kind === 'double-sign');
    const count = (prev?.wrong ?? 0) + 1;
    recordConviction(ctx, keeper, {
      participant: address,
      epoch,
      kind: 'double-sign',
      wrong: count,
      of: count,
      exclusionEpochs,
    });
    ctx.events.emit(
      event('race_double_sign', [
        ['participant', address],
        ['height', String(ev.height)],
        ['excluded_epoch', (epoch + 1n).toString()],
      ]),
    );
  }
}

/** EndBlock: the epoch's hooks at their heights. Returns validator updates at the epoch's last block. */
export function raceEndBlock(ctx: Context, keeper: RaceKeeper): ValidatorUpdate[] {
  const rec = keeper.getEpoch(ctx);
  if (!rec) return [];
  const params = keeper.getParams(ctx);
  const w = windowsOf(rec, params);
  const h = BigInt(ctx.block.height);
  if (h === w.raceEnd - 1n) {
    startDisputeBeacon(ctx, keeper, rec, w.raceEnd);
    ctx.events.emit(
      event('race_end', [
        ['epoch', rec.epoch.toString()],
        ['height', h.toString()],
      ]),
    );
  }
  if (h === w.checkStart - 1n) {
    const n = planDisputes(ctx, keeper, rec);
    ctx.events.emit(
      event('race_checks_start', [
        ['epoch', rec.epoch.toString()],
        ['height', h.toString()],
        ['assignments', String(n)],
      ]),
    );
  }
  if (h === w.checkEnd - 1n) markDisputes(ctx, keeper, rec);
  if (h === w.validationEnd - 1n) {
    settleDisputes(ctx, keeper, rec);
    ctx.events.emit(
      event('race_validation_end', [
        ['epoch', rec.epoch.toString()],
        ['height', h.toString()],
      ]),
    );
  }
  if (h === w.beaconStart - 1n) startBeacon(ctx, keeper, rec, w.beaconStart);
  beaconTick(ctx, keeper);
  if (epochEndsNow(ctx, keeper, rec, params)) return epochBoundary(ctx, keeper, rec);
  return [];
}

/**
 * The last block of epoch e (its latest end, or the block that made e+1's seed computable, epoch-end.ts): seed of e+1, weights of e+1 from the tally, params of e+1, the validator set of e+1
 * (applied by consensus at height + 2), pruning of epoch e−1's proofs.
 */
function epochBoundary(ctx: Context, keeper: RaceKeeper, rec: EpochRecord): ValidatorUpdate[] {
  const next = rec.epoch + 1n;
  const { seed, fallback } = nextSeed(ctx, keeper, rec);
  const outcomes = new Map(
    keeper
      .outcomes(ctx)
      .filter((o) => o.epoch === rec.epoch)
      .map((o) => [o.participant, o]),
  );
  // A race that accepted nobody (mining off everywhere, validators offline) must not zero the whole network: gov
  // would lose every voter and consensus every validator. The weights in force carry over, with an event.
  const anyAccepted = [...outcomes.values()].some((o) => o.accepted && o.weight > 0n);
  if (!anyAccepted)
    ctx.events.emit(
      event('race_weights_kept', [
        ['epoch', next.toString()],
        ['reason', 'no_participant_accepted'],
      ]),
    );
  const convicted = new Set(
    keeper
      .convictions(ctx)
      .filter((c) => c.epoch === rec.epoch)
      .map((c) => c.participant),
  );
  for (const p of keeper.participants(ctx)) {
    const o = outcomes.get(p.address);
    // Carried over, except for a participant convicted on this epoch's evidence or still excluded by a conviction.
    const out = convicted.has(p.address) || excludedByConviction(ctx, keeper, p.address, next);
    const weight = out ? 0n : anyAccepted ? (o?.weight ?? 0n) : p.weight;
    // Convictions already reset reputation when they were recorded (validation.ts); acceptance extends it.
    const reputation = nextReputation(p.reputation, o?.accepted ? 'accepted' : 'absent');
    if (weight !== p.weight || reputation !== p.reputation) keeper.setParticipant(ctx, { ...p, weight, reputation });
  }
  const pending = keeper.getPendingParams(ctx);
  if (pending) {
    keeper.setParams(ctx, pending);
    keeper.setPendingParams(ctx, undefined);
    ctx.events.emit(event('race_params_applied', [['epoch', next.toString()]]));
  }
  const params = keeper.getParams(ctx);
  const nextSet = selectValidatorSet(
    keeper.participants(ctx).map((p) => ({
      address: p.address,
      weight: p.weight,
      consensusPubKey: p.consensusPubKey,
      excluded: excludedByConviction(ctx, keeper, p.address, next),
    })),
    params.maxValidators,
  );
  let updates: ValidatorUpdate[] = [];
  if (nextSet.length === 0) {
    // Never hand consensus an empty set: the chain would halt. The current validators stay until weights return.
    ctx.events.emit(
      event('race_validator_set_kept', [
        ['epoch', next.toString()],
        ['reason', 'no_weighted_participants'],
      ]),
    );
  } else {
    const diff = validatorSetDiff(keeper.validatorSet(ctx), nextSet);
    for (const u of diff) keeper.setValidatorPower(ctx, u.consensusPubKey, u.power);
    updates = diff.map((u) => ({ pubKey: u.consensusPubKey, power: u.power }));
  }
  pruneIdle(ctx, keeper, next, params.pruneAfterEpochs);
  if (rec.epoch > 0n) keeper.pruneProofs(ctx, rec.epoch - 1n);
  keeper.setEpoch(ctx, { epoch: next, startHeight: BigInt(ctx.block.height) + 1n, seed, seedFallback: fallback });
  ctx.events.emit(
    event('race_epoch_start', [
      ['epoch', next.toString()],
      ['start_height', (BigInt(ctx.block.height) + 1n).toString()],
      ['seed', seed],
      ['fallback', String(fallback)],
      ['validators', String(nextSet.length)],
      ['total_weight', nextSet.reduce((s, v) => s + v.power, 0n).toString()],
    ]),
  );
  return updates;
}
