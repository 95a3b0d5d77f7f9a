import type { Context } from '../../chain/app/context.js';
import { event } from '../../chain/types/events.js';
import {
  applyBeaconMsg, beaconSeed, endBlock as beaconEndBlock, eventAttributes, fallbackSeed, finalizeBeacon, initBeacon, isBeaconError,
  type BeaconEvent, type BeaconMsg, type BeaconState,
} from '../beacon/index.js';
import { RaceErrors } from './errors.js';
import { fromHex, toHexLower } from '../../chain/types/bytes.js';
import type { RaceKeeper } from './keeper.js';
import { beaconParamsOf } from './params.js';
import type { EpochRecord } from './timeline.js';

function emitAll(ctx: Context, events: readonly BeaconEvent[]): void {
  for (const ev of events) ctx.events.emit(event(ev.type, eventAttributes(ev).map((a) => [a.key, a.value])));
}

/**
 * Starts the beacon for epoch e+1's seed: the group is the top `beacon_group_size` participants by the weight in
 * force (ties by address), each with its account key as encryption key. No weighted participant → no beacon; the
 * epoch boundary then falls back (with an event).
 */
export function startBeacon(ctx: Context, keeper: RaceKeeper, rec: EpochRecord, commitStart: bigint): BeaconState | undefined {
  const params = keeper.getParams(ctx);
  const group = keeper
    .participants(ctx)
    .filter((p) => p.weight > 0n && p.pubKey.length === 33)
    .sort((a, b) => (a.weight !== b.weight ? (a.weight > b.weight ? -1 : 1) : a.address < b.address ? -1 : 1))
    .slice(0, params.beaconGroupSize)
    .map((p) => ({ address: p.address, weight: p.weight, pubKey: p.pubKey }));
  if (group.length === 0) {
    keeper.setBeacon(ctx, undefined);
    ctx.events.emit(event('race_beacon_skipped', [['epoch', (rec.epoch + 1n).toString()], ['reason', 'no_weighted_participants']]));
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
  ctx.events.emit(event('race_beacon_start', [['epoch', String(state.epoch)], ['commit_start', commitStart.toString()], ['members', String(group.length)], ['threshold_points', String(state.thresholdPoints)]]));
  return state;
}

/** Routes a duty message to the running beacon; a refusal fails the tx and leaves the state as it was. */
export function applyBeacon(ctx: Context, keeper: RaceKeeper, msg: BeaconMsg): void {
  const state = keeper.getBeacon(ctx);
  if (!state) throw RaceErrors.Beacon.wrap('no beacon is running');
  try {
    const t = applyBeaconMsg(state, msg, ctx.block.height);
    keeper.setBeacon(ctx, t.state);
    emitAll(ctx, t.events);
  } catch (e) {
    if (isBeaconError(e)) throw RaceErrors.Beacon.wrap(`${e.code}: ${e.message}`);
    throw e;
  }
}

/** Every EndBlock: lets the beacon settle at the end of its reconstruction window. */
export function beaconTick(ctx: Context, keeper: RaceKeeper): void {
  const state = keeper.getBeacon(ctx);
  if (!state || state.result !== null) return;
  const t = beaconEndBlock(state, { height: ctx.block.height, lastBlockHash: blockHash(ctx) });
  if (t.state !== state) {
    keeper.setBeacon(ctx, t.state);
    emitAll(ctx, t.events);
  }
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
  ctx.events.emit(event('beacon_fallback', [
    ['epoch', (rec.epoch + 1n).toString()], ['height', String(ctx.block.height)], ['reason', 'no_beacon'], ['previousSeed', rec.seed], ['lastBlockHash', toHexLower(blockHash(ctx))],
  ]));
  return { seed, fallback: true };
}
