import type { Invariant } from '../../chain/app/module.js';
import { prefixEnd, readU64Key } from '../../chain/store/kv.js';
import type { RaceKeeper } from './keeper.js';
import { CONVICTION_KINDS, RacePrefix, single } from './keys.js';
import { windowsOf } from './timeline.js';

/** Epochs that hold entries under a `u64 epoch ‖ …` prefix, each once. */
function epochsUnder(keeper: RaceKeeper, ctx: Parameters<Invariant['check']>[0], prefix: RacePrefix): Set<bigint> {
  const out = new Set<bigint>();
  const p = single(prefix);
  for (const [k] of keeper.kv(ctx).iterate(p, prefixEnd(p))) out.add(readU64Key(k, 1));
  return out;
}

/**
 * Invariants over dispute state (issue 11): convictions name a registered participant and a past or current epoch
 * and are internally consistent; no dispute outlives its deadline (plans, reports and votes exist only for the
 * current and previous epoch, pruned at each boundary); once the check window is over every plan of the epoch has
 * its disputed nonces decided; every report comes from a checker the plan drew.
 */
export function disputeInvariants(keeper: RaceKeeper): Invariant[] {
  return [
    {
      name: 'convictions-reference-participants-and-epochs',
      check: (ctx) => {
        const current = keeper.getEpoch(ctx)?.epoch ?? 0n;
        for (const c of keeper.convictions(ctx)) {
          if (!keeper.getParticipant(ctx, c.participant))
            return `conviction of ${c.participant} (epoch ${c.epoch}) names no participant`;
          if (c.epoch > current) return `conviction of ${c.participant} is for future epoch ${c.epoch}`;
          if (!CONVICTION_KINDS.includes(c.kind)) return `conviction of ${c.participant} has unknown kind ${c.kind}`;
          if (c.wrong < 1 || c.wrong > c.of) return `conviction of ${c.participant} counts ${c.wrong} wrong of ${c.of}`;
        }
        return undefined;
      },
    },
    {
      name: 'no-dispute-past-its-deadline',
      check: (ctx) => {
        const rec = keeper.getEpoch(ctx);
        if (!rec) return undefined;
        for (const prefix of [RacePrefix.ClaimPlan, RacePrefix.CheckReport, RacePrefix.ReverifyVote])
          for (const e of epochsUnder(keeper, ctx, prefix))
            if (e > rec.epoch || e + 1n < rec.epoch)
              return `dispute state (prefix ${prefix}) of epoch ${e} outlived its epoch (now ${rec.epoch})`;
        const w = windowsOf(rec, keeper.getParams(ctx));
        const checksOver = BigInt(ctx.block.height) >= w.checkEnd - 1n;
        for (const plan of keeper.plans(ctx, rec.epoch)) {
          if (checksOver && plan.disputed === null)
            return `claim of ${plan.claimant} in epoch ${rec.epoch} has no disputed set after the check window`;
          const drawn = new Set(plan.checkers.flat());
          for (const checker of keeper.verdicts(ctx, 'check', rec.epoch, plan.claimant).keys())
            if (!drawn.has(checker)) return `${checker} reported on ${plan.claimant} without being drawn`;
        }
        return undefined;
      },
    },
  ];
}
