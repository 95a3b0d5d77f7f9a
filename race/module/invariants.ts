import type { Invariant } from '../../chain/app/module.js';
import type { RaceKeeper } from './keeper.js';
import { disputeInvariants } from './dispute-invariants.js';
import { consensusAddress } from './keys-crypto.js';
import { operatorIndexError } from './operator.js';
import { windowsOf } from './timeline.js';

/** Checks tests run after every block: the state is self-consistent. */
export function raceInvariants(keeper: RaceKeeper): Invariant[] {
  return [
    { name: 'operator-index', check: (ctx) => operatorIndexError(ctx, keeper) },
    ...disputeInvariants(keeper),
    {
      name: 'proof-counts',
      check: (ctx) => {
        for (const epoch of keeper.proofEpochs(ctx)) {
          for (const s of keeper.proofSummaries(ctx, epoch)) {
            const n = BigInt(keeper.nonces(ctx, epoch, s.participant).length);
            if (n !== s.nonceCount)
              return `${s.participant} has ${n} nonces stored in epoch ${epoch} but a count of ${s.nonceCount}`;
          }
        }
        return undefined;
      },
    },
    {
      name: 'consensus-index',
      check: (ctx) => {
        for (const p of keeper.participants(ctx)) {
          if (
            p.consensusPubKey.length > 0 &&
            keeper.participantByConsensusAddress(ctx, consensusAddress(p.consensusPubKey)) !== p.address
          )
            return `consensus key of ${p.address} is not indexed`;
        }
        return undefined;
      },
    },
    {
      name: 'validator-set-bounded',
      check: (ctx) => {
        const set = keeper.validatorSet(ctx);
        const max = keeper.getParams(ctx).maxValidators;
        if (set.some((v) => v.power <= 0n)) return 'a validator with power 0 is stored';
        return set.length > Math.max(max, keeper.participantCount(ctx))
          ? `${set.length} validators exceed max_validators ${max}`
          : undefined;
      },
    },
    {
      name: 'epoch-timeline',
      check: (ctx) => {
        const rec = keeper.getEpoch(ctx);
        if (!rec) return 'no epoch record';
        const w = windowsOf(rec, keeper.getParams(ctx));
        if (!(
          w.raceEnd <= w.checkStart &&
          w.checkStart <= w.checkEnd &&
          w.checkEnd <= w.validationEnd &&
          w.validationEnd <= w.beaconStart &&
          w.beaconStart < w.nextStart
        ))
          return 'windows overlap';
        return BigInt(ctx.block.height) >= w.nextStart
          ? `height ${ctx.block.height} is past the epoch end ${w.nextStart - 1n}`
          : undefined;
      },
    },
  ];
}
