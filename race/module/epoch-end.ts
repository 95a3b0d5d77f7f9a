import type { Context } from '../../chain/app/context.js';
import { seedDetermined } from '../beacon/index.js';
import type { RaceKeeper } from './keeper.js';
import type { RaceParams } from './params.js';
import { windowsOf, type EpochRecord } from './timeline.js';

/**
 * Whether the block now executing is the last of epoch `rec` (issue 11 item 2): the latest end (`nextStart − 1`),
 * or the block after which the next seed is computable from state (every committed secret revealed or
 * reconstructed, seedDetermined). The next race opens on the following height, so nobody reading the chain can
 * race more than the one block in which the final reveal travels before honest nodes start. Reads only state the
 * block's txs wrote, so every EndBlock of the block (gov and pricing run before the Race's) gets the same answer.
 */
export function epochEndsNow(ctx: Context, keeper: RaceKeeper, rec: EpochRecord, params: RaceParams): boolean {
  const w = windowsOf(rec, params);
  const h = BigInt(ctx.block.height);
  if (h >= w.nextStart - 1n) return true;
  if (h < w.beaconStart) return false;
  const state = keeper.getBeacon(ctx);
  return state !== undefined && state.epoch === Number(rec.epoch + 1n) && seedDetermined(state, ctx.block.height);
}
