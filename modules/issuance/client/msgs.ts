/** The issuance messages, declared once for the msg server, the amino sign mode and every client. */
import { msgDecl } from '../../../chain/client/module-client.js';
import { MsgUpdateParams } from '../../../proto/gen/race/issuance/v1/tx.js';

export const ISSUANCE_URLS = {
  updateParams: '/race.issuance.v1.MsgUpdateParams',
} as const;

export const ISSUANCE_MSGS = {
  updateParams: msgDecl<MsgUpdateParams>({
    typeUrl: ISSUANCE_URLS.updateParams,
    codec: MsgUpdateParams,
    aminoName: 'race/x/issuance/MsgUpdateParams',
    toAmino: (m) => {
      const p: Record<string, string | number> = {};
      if (m.params?.trainingShareBps) p.training_share_bps = m.params.trainingShareBps;
      if (m.params?.guardWeightNum) p.guard_weight_num = m.params.guardWeightNum.toString();
      if (m.params?.guardWeightDen) p.guard_weight_den = m.params.guardWeightDen.toString();
      return { ...(m.authority ? { authority: m.authority } : {}), params: p };
    },
    gov: true,
  }),
};
