import type { Context } from '../../chain/app/context.js';
import { event } from '../../chain/types/events.js';
import {
  applyBeaconMsg,
  beaconSeed,
  endBlock as beaconEndBlock,
  eventAttributes,
  fallbackSeed,
  finalizeBeacon,
  initBeacon,
  isBeaconError,
  type BeaconEvent,
  type BeaconMsg,
  type BeaconState,
} from '../beacon/index.js';
import { RaceErrors } from './errors.js';
import { fromHex, toHexLower } from '../../chain/types/bytes.js';
import type { RaceKeeper } from './keeper.js';
import { beaconParamsOf } from './params.js';
import type { EpochRecord } from './timeline.js';

function emitAll(ctx: Context, events: readonly BeaconEvent[]): void {
  for (const ev of events)
    ctx.events.emit(
      event(
        ev.type,
        eventAttributes(ev).map((a) => [a.key, a.value]),
      ),
    );
}

/**
 * The beacon epoch number of epoch e's dispute beacon. Far above any seed beacon's number (e+1), so beacon messages,
 * node duties and derived bytes never confuse the two instances.
 */
export const DISPUTE_BEACON_EPOCH_OFFSET = 1n << 40n;
export const disputeBeaconEpoch = (epoch: bigint): number => Number(DISPUTE_BEACON_EPOCH_OFFSET + epoch);

/** The group: the top `beacon_group_size` participants by the weight in force (ties by address). */
function beaconGroup(ctx: Context, keeper: RaceKeeper) {
  return keeper
    .participants(ctx)
    .filter((p) => p.weight > 0n && p.pubKey.length === 33)
    .sort((a, b) => (a.weight !== b.weight ? (a.weight > b.weight ? -1 : 1) : a.address < b.address ? -1 : 1))
    .slice(0, keeper.getParams(ctx).beaconGroupSize)
    .map((p) => ({ address: p.address, weight: p.weight, pubKey: p.pubKey }));
}

/**
 * Starts epoch e's dispute beacon right after the race (docs/race-security.md §2): a second instance of the same
 * machine, same group rule and params, whose commits open only once every proof of e is in, so its output (the
 * randomness of samples and checkers) cannot steer where a claimant put its nonces.
 */
export function startDisputeBeacon(
  ctx: Context,
  keeper: RaceKeeper,
  rec: EpochRecord,
  commitStart: bigint,
): BeaconState | undefined {
  const group = beaconGroup(ctx, keeper);
  if (group.length === 0) {
    keeper.setDisputeBeacon(ctx, undefined);
    ctx.events.emit(
      event('race_dispute_beacon_skipped', [
        ['epoch', rec.epoch.toString()],
        ['reason', 'no_weighted_participants'],
      ]),
    );
    return undefined;
  }
  const state = initBeacon({
    epoch: disputeBeaconEpoch(rec.epoch),
    commitStart: Number(commitStart),
    params: beaconParamsOf(keeper.getParams(ctx)),
    group,
    previousSeed: rec.seed,
  });
  keeper.setDisputeBeacon(ctx, state);
  ctx.events.emit(
    event('race_dispute_beacon_start', [
      ['epoch', rec.epoch.toString()],
      ['beacon_epoch', String(state.epoch)],
      ['commit_start', commitStart.toString()],
      ['members', String(group.length)],
    ]),
  );
  return state;
}

/**
 * Epoch e's dispute beacon output, settled now if its window just ended. Undefined when it never ran or could not
 * settle; a fallback output is returned marked as such (EpochRandomness refuses it).
 */
export function disputeBeaconOutput(
  ctx: Context,
  keeper: RaceKeeper,
  rec: EpochRecord,
): { output: Uint8Array; fallback: boolean } | undefined {
  let state = keeper.getDisputeBeacon(ctx);
  if (!state || state.epoch !== disputeBeaconEpoch(rec.epoch)) return undefined;
  try {
    if (state.result === null) {
      const t = finalizeBeacon(state, { height: ctx.block.height, lastBlockHash: blockHash(ctx) });
      state = t.state;
      keeper.setDisputeBeacon(ctx, state);
      emitAll(ctx, t.events);
    }
    return { output: beaconSeed(state), fallback: state.result!.fallback };
  } catch (e) {
    ctx.log.error(
      { module: 'race', err: (e as Error).message },
      'dispute beacon could not settle; the epoch settles without randomness',
    );
    return undefined;
  }
}

/**
 * Starts the beacon for epoch e+1's seed: the group is the top `beacon_group_size` participants by the weight in
 * force (ties by address), each with its account key as encryption key. No weighted participant → no beacon; the
 * epoch boundary then falls back (with an event).
 */
export function startBeacon(
  ctx: Context,
  keeper: RaceKeeper,
  rec: EpochRecord,
  commitStart: bigint,
): BeaconState | undefined {
  const params = keeper.getParams(ctx);
  const group = beaconGroup(ctx, keeper);
  if (group.length === 0) {
    keeper.setBeacon(ctx, undefined);
    ctx.events.emit(
      event('race_beacon_skipped', [
        ['epoch', (rec.epoch + 1n).toString()],
        ['reason', 'no_weighted_participants'],
      ]),
    );
    return undefined;
  }
  const state = initBeacon({
    epoch: Number(rec.epoch + 1n),
    commitStart: Number(commitStart),
    params: beaconParamsOf(params),
    group,
    previousSeed: rec.seed,
  });
  keeper.setBeacon(ctx, state);
  ctx.events.emit(
    event('race_beacon_start', [
      ['epoch', String(state.epoch)],
      ['commit_start', commitStart.toString()],
      ['members', String(group.length)],
      ['threshold_points', String(state.thresholdPoints)],
    ]),
  );
  return state;
}

/** The beacon instance a message or duty is for: the dispute beacon's epoch numbers lie above DISPUTE_BEACON_EPOCH_OFFSET. */
function instanceFor(epoch: number): 'seed' | 'dispute' {
  return BigInt(epoch) >= DISPUTE_BEACON_EPOCH_OFFSET ? 'dispute' : 'seed';
}

/** The beacon whose windows come latest (the one running now, or the last one to run): what queries and duties show. */
export function activeBeacon(ctx: Context, keeper: RaceKeeper): { state: BeaconState; json: string } | undefined {
  const seed = keeper.getBeacon(ctx);
  const dispute = keeper.getDisputeBeacon(ctx);
  if (dispute && (!seed || dispute.schedule.commitStart > seed.schedule.commitStart))
    return { state: dispute, json: keeper.getDisputeBeaconJson(ctx)! };
  return seed ? { state: seed, json: keeper.getBeaconJson(ctx)! } : undefined;
}

/** Routes a duty message to the running beacon; a refusal fails the tx and leaves the state as it was. */
export function applyBeacon(ctx: Context, keeper: RaceKeeper, msg: BeaconMsg): void {
  const which = instanceFor(msg.epoch);
  const state = which === 'dispute' ? keeper.getDisputeBeacon(ctx) : keeper.getBeacon(ctx);
  if (!state) throw RaceErrors.Beacon.wrap(`no ${which} beacon is running`);
  try {
    const t = applyBeaconMsg(state, msg, ctx.block.height);
    if (which === 'dispute') keeper.setDisputeBeacon(ctx, t.state);
    else keeper.setBeacon(ctx, t.state);
    emitAll(ctx, t.events);
  } catch (e) {
    if (isBeaconError(e)) throw RaceErrors.Beacon.wrap(`${e.code}: ${e.message}`);
    throw e;
  }
}

/** Every EndBlock: lets each beacon instance settle at the end of its reconstruction window. */
export function beaconTick(ctx: Context, keeper: RaceKeeper): void {
  const tick = (state: BeaconState | undefined, save: (s: BeaconState) => void) => {
    if (!state || state.result !== null) return;
    const t = beaconEndBlock(state, { height: ctx.block.height, lastBlockHash: blockHash(ctx) });
    if (t.state !== state) {
      save(t.state);
      emitAll(ctx, t.events);
    }
  };
  tick(keeper.getBeacon(ctx), (s) => keeper.setBeacon(ctx, s));
  tick(keeper.getDisputeBeacon(ctx), (s) => keeper.setDisputeBeacon(ctx, s));
}

function blockHash(ctx: Context): Uint8Array {
  const h = ctx.block.hash;
  return h && h.length === 32 ? h : new Uint8Array(32);
}

/** The seed of epoch e+1 at the boundary: the beacon's, or the fallback H(previous seed ‖ this block) with an event. */
export function nextSeed(ctx: Context, keeper: RaceKeeper, rec: EpochRecord): { seed: string; fallback: boolean } {
  let state = keeper.getBeacon(ctx);
  if (state && state.epoch === Number(rec.epoch + 1n)) {
    try {
      if (state.result === null) {
        const t = finalizeBeacon(state, { height: ctx.block.height, lastBlockHash: blockHash(ctx) });
        state = t.state;
        keeper.setBeacon(ctx, state);
        emitAll(ctx, t.events);
      }
      return { seed: toHexLower(beaconSeed(state)), fallback: state.result!.fallback };
    } catch (e) {
      ctx.log.error({ module: 'race', err: (e as Error).message }, 'beacon could not settle; falling back');
    }
  }
  const seed = toHexLower(fallbackSeed(Number(rec.epoch + 1n), fromHex(rec.seed), blockHash(ctx)));
  ctx.events.emit(
    event('beacon_fallback', [
      ['epoch', (rec.epoch + 1n).toString()],
      ['height', String(ctx.block.height)],
      ['reason', 'no_beacon'],
      ['previousSeed', rec.seed],
      ['lastBlockHash', toHexLower(blockHash(ctx))],
    ]),
  );
  return { seed, fallback: true };
}
