import { declaredCodec } from '../../chain/app/declared-route.js';
import type { MsgServiceRouter } from '../../chain/app/router.js';
import { MsgUpdateParams, MsgUpdateParamsResponse } from '../../proto/gen/race/issuance/v1/tx.js';
import { assertGovAuthority } from '../gov/authority.js';
import { checkAddress } from '../gov/msg-server.js';
import { ISSUANCE_MSGS, ISSUANCE_URLS } from './client/msgs.js';
import type { IssuanceKeeper } from './keeper.js';
import { issuanceParamsFromProto } from './params.js';
import { assertTrainingShareChangeable } from './year-lock.js';

export function registerIssuanceMsgs(router: MsgServiceRouter, keeper: IssuanceKeeper): void {
  router.register<MsgUpdateParams>({
    ...declaredCodec(ISSUANCE_MSGS.updateParams),
    module: 'issuance',
    getSigners: (m) => [m.authority],
    validateBasic: (m) => {
      checkAddress(m.authority, 'authority');
      issuanceParamsFromProto(m.params);
    },
    handler: (ctx, m) => {
      assertGovAuthority(m.authority);
      const next = issuanceParamsFromProto(m.params);
      const now = keeper.getParams(ctx);
      assertTrainingShareChangeable(
        keeper.getCalendar(ctx),
        BigInt(ctx.block.height),
        now.trainingShareBps,
        next.trainingShareBps,
      );
      keeper.setParams(ctx, next);
      return { typeUrl: `${ISSUANCE_URLS.updateParams}Response`, value: MsgUpdateParamsResponse.encode({}).finish() };
    },
  });
}
