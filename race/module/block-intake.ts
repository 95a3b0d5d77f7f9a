import type { Context } from '../../chain/app/context.js';
import { fromUtf8, utf8 } from '../../chain/store/kv.js';
import { RaceErrors } from './errors.js';
import type { RaceKeeper } from './keeper.js';
import { blockIntakeKey } from './keys.js';
import type { RaceParams } from './params.js';

function usedIn(ctx: Context, keeper: RaceKeeper, key: Uint8Array): number {
  const raw = keeper.kv(ctx).get(key);
  if (!raw) return 0;
  const [h, n] = fromUtf8(raw).split(':');
  return Number(h) === ctx.block.height ? Number(n) : 0;
}

/**
 * Full batches one participant may land in one block. An honest H100 finds ~140 nonces per block at the paper's
 * settings (under one batch); the node sends at most two batches per block (miner-duty.ts), so two of its flushes
 * landing in the same block still fit.
 */
export const BATCHES_PER_PARTICIPANT_BLOCK = 4;

/**
 * Bounds what proof batches take in per block (issue 11 item 6): at most BATCHES_PER_PARTICIPANT_BLOCK ×
 * `max_batch_nonces` nonces per participant and `max_block_nonces` for all together, so a block's intake work (one
 * existence read and one write per nonce) has a fixed ceiling whatever is sent, and one participant cannot crowd
 * the others out of a block: filling it takes max_block_nonces / (4 × max_batch_nonces) registrations, each paying
 * registration_fee. Two counters ("height:count"); a batch that would cross either is refused whole and changes
 * nothing.
 */
export function takeBlockIntake(
  ctx: Context,
  keeper: RaceKeeper,
  participant: string,
  nonces: number,
  p: RaceParams,
): void {
  const mine = blockIntakeKey(participant);
  const all = blockIntakeKey();
  const usedMine = usedIn(ctx, keeper, mine);
  const usedAll = usedIn(ctx, keeper, all);
  const perParticipant = BATCHES_PER_PARTICIPANT_BLOCK * p.maxBatchNonces;
  if (usedMine + nonces > perParticipant)
    throw RaceErrors.BlockFull.wrap(
      `${participant} already added ${usedMine} nonces in this block, at most ${perParticipant} (${BATCHES_PER_PARTICIPANT_BLOCK} × max_batch_nonces) per block`,
    );
  if (usedAll + nonces > p.maxBlockNonces)
    throw RaceErrors.BlockFull.wrap(
      `this block already took ${usedAll} nonces of max_block_nonces ${p.maxBlockNonces}; the batch waits for the next`,
    );
  keeper.kv(ctx).set(mine, utf8(`${ctx.block.height}:${usedMine + nonces}`));
  keeper.kv(ctx).set(all, utf8(`${ctx.block.height}:${usedAll + nonces}`));
}
