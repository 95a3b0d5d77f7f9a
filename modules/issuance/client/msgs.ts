/** The issuance messages, declared once for the msg server, the amino sign mode and every client. */
import { msgDecl } from '../../../chain/client/module-client.js';
import {
  MsgBridgeDeposit,
  MsgBuyFromPool,
  MsgSellToPool,
  MsgUpdateParams,
} from '../../../proto/gen/race/issuance/v1/tx.js';

export const ISSUANCE_URLS = {
  updateParams: '/race.issuance.v1.MsgUpdateParams',
  bridgeDeposit: '/race.issuance.v1.MsgBridgeDeposit',
  buyFromPool: '/race.issuance.v1.MsgBuyFromPool',
  sellToPool: '/race.issuance.v1.MsgSellToPool',
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
      if (m.params?.bridge) p.bridge = m.params.bridge;
      if (m.params?.quoteDenom) p.quote_denom = m.params.quoteDenom;
      const schedule = (m.params?.poolSchedule ?? []).map((t) => ({ size: t.size, price: t.price }));
      return { ...(m.authority ? { authority: m.authority } : {}), params: { ...p, pool_schedule: schedule } };
    },
    gov: true,
  }),
  bridgeDeposit: msgDecl<MsgBridgeDeposit>({
    typeUrl: ISSUANCE_URLS.bridgeDeposit,
    codec: MsgBridgeDeposit,
    aminoName: 'race/MsgBridgeDeposit',
  }),
  buyFromPool: msgDecl<MsgBuyFromPool>({
    typeUrl: ISSUANCE_URLS.buyFromPool,
    codec: MsgBuyFromPool,
    aminoName: 'race/MsgBuyFromPool',
  }),
  sellToPool: msgDecl<MsgSellToPool>({
    typeUrl: ISSUANCE_URLS.sellToPool,
    codec: MsgSellToPool,
    aminoName: 'race/MsgSellToPool',
  }),
};
