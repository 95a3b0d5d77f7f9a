import type { Invariant } from '../../chain/app/module.js';
import { moduleAddress } from '../auth/types.js';
import { BASE_DENOM } from '../bank/denoms.js';
import { InferenceStatus } from '../../proto/gen/race/inference/v1/types.js';
import type { InferenceKeeper } from './keeper.js';
import { ESCROW_ACCOUNT, PENDING_REWARDS_ACCOUNT } from './keys.js';

/** Every coin is accounted for: each module account holds exactly what its records say. */
export function inferenceInvariants(keeper: InferenceKeeper): Invariant[] {
  return [
    {
      name: 'model-index',
      check: (ctx) => {
        for (const e of keeper.executors(ctx)) {
          for (const m of e.models)
            if (!keeper.executorsOf(ctx, m).includes(e.address))
              return `${e.address} serves ${m} but is not indexed under it`;
        }
        return undefined;
      },
    },
    {
      name: 'escrow-balance',
      check: (ctx) => {
        let open = 0n;
        for (const id of keeper.openIds(ctx)) {
          const r = keeper.getInference(ctx, id);
          if (!r || r.status !== InferenceStatus.INFERENCE_STATUS_STARTED)
            return `open index holds a record that is not started: ${Buffer.from(id).toString('hex')}`;
          open += BigInt(r.escrow);
        }
        const held = keeper.deps.bank.getBalance(ctx, moduleAddress(ESCROW_ACCOUNT), BASE_DENOM, false).amount;
        return held === open ? undefined : `escrow account holds ${held}nicoin but open requests escrow ${open}nicoin`;
      },
    },
    {
      name: 'pending-rewards-balance',
      check: (ctx) => {
        const owed = keeper.pendingRewards(ctx).reduce((s, p) => s + BigInt(p.amount), 0n);
        const held = keeper.deps.bank.getBalance(ctx, moduleAddress(PENDING_REWARDS_ACCOUNT), BASE_DENOM, false).amount;
        return held === owed ? undefined : `pending-rewards account holds ${held}nicoin but records owe ${owed}nicoin`;
      },
    },
  ];
}
