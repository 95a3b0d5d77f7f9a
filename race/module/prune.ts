import type { Context } from '../../chain/app/context.js';
import { fromUtf8, utf8 } from '../../chain/store/kv.js';
import { event } from '../../chain/types/events.js';
import type { Participant } from '../../proto/gen/race/race/v1/types.js';
import type { RaceKeeper } from './keeper.js';
import { blockIntakeKey, idleSinceKey } from './keys.js';
import { forgetOperatorLink } from './operator.js';

/** The epoch since which `p` has had no weight (recorded when it first had none), or undefined while it has weight. */
export function idleSince(ctx: Context, keeper: RaceKeeper, address: string): bigint | undefined {
  const raw = keeper.kv(ctx).get(idleSinceKey(address));
  return raw ? BigInt(fromUtf8(raw)) : undefined;
}

/**
 * At the boundary into epoch `next`, after the weights of `next` are set (issue 11 item 6): a participant with
 * weight has no idle mark; one without gets one (the epoch it started being weightless) and is removed once it has
 * been weightless for `prune_after_epochs` epochs (0 = never). Nothing is refunded (registration_fee is burned, not
 * a deposit). A participant with a conviction stays, so the record rewards read keeps its subject; one in the
 * validator set stays until consensus has dropped it. Work: one read (and at most one write) per participant, all
 * bounded by `max_participants`, which the fee keeps spammers from filling for free.
 */
export function pruneIdle(ctx: Context, keeper: RaceKeeper, next: bigint, pruneAfterEpochs: bigint): string[] {
  const pruned: string[] = [];
  const inSet = new Set(keeper.validatorSet(ctx).map((v) => Buffer.from(v.consensusPubKey).toString('hex')));
  for (const p of keeper.participants(ctx)) {
    const key = idleSinceKey(p.address);
    if (p.weight > 0n) {
      if (keeper.kv(ctx).has(key)) keeper.kv(ctx).delete(key);
      continue;
    }
    const since = idleSince(ctx, keeper, p.address);
    if (since === undefined) {
      keeper.kv(ctx).set(key, utf8(next.toString()));
      continue;
    }
    if (pruneAfterEpochs === 0n || next - since < pruneAfterEpochs || !prunable(ctx, keeper, p, inSet)) continue;
    forgetOperatorLink(ctx, keeper, p.address);
    keeper.deleteParticipant(ctx, p.address);
    keeper.kv(ctx).delete(key);
    keeper.kv(ctx).delete(blockIntakeKey(p.address));
    pruned.push(p.address);
    ctx.events.emit(
      event('race_participant_pruned', [
        ['participant', p.address],
        ['idle_since_epoch', since.toString()],
        ['epoch', next.toString()],
      ]),
    );
  }
  return pruned;
}

function prunable(ctx: Context, keeper: RaceKeeper, p: Participant, inSet: Set<string>): boolean {
  if (inSet.has(Buffer.from(p.consensusPubKey).toString('hex'))) return false;
  return keeper.convictions(ctx, p.address).length === 0;
}
