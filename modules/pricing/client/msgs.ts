/** The pricing messages, declared once for the msg server, the amino sign mode and every client. */
import { msgDecl } from '../../../chain/client/module-client.js';
import { MsgSubmitUnitPriceVote, MsgUpdateParams } from '../../../proto/gen/race/pricing/v1/tx.js';

export const PRICING_URLS = {
  submitUnitPriceVote: '/race.pricing.v1.MsgSubmitUnitPriceVote',
  updateParams: '/race.pricing.v1.MsgUpdateParams',
} as const;

export const PRICING_MSGS = {
  submitUnitPriceVote: msgDecl<MsgSubmitUnitPriceVote>({
    typeUrl: PRICING_URLS.submitUnitPriceVote,
    codec: MsgSubmitUnitPriceVote,
    aminoName: 'race/MsgSubmitUnitPriceVote',
    toAmino: (m) => ({
      ...(m.provider ? { provider: m.provider } : {}),
      price: { amount: m.price?.amount ?? '', denom: m.price?.denom ?? '' },
    }),
    fromAmino: (j: { provider?: string; price: { amount: string; denom: string } }) => ({
      provider: j.provider ?? '',
      price: j.price,
    }),
  }),
  updateParams: msgDecl<MsgUpdateParams>({
    typeUrl: PRICING_URLS.updateParams,
    codec: MsgUpdateParams,
    aminoName: 'race/x/pricing/MsgUpdateParams',
    toAmino: (m) => {
      const p: Record<string, string> = {};
      if (m.params?.genesisUnitPrice) p.genesis_unit_price = m.params.genesisUnitPrice;
      if (m.params?.minUnitPrice) p.min_unit_price = m.params.minUnitPrice;
      if (m.params?.maxUnitPrice) p.max_unit_price = m.params.maxUnitPrice;
      return { ...(m.authority ? { authority: m.authority } : {}), params: p };
    },
    gov: true,
  }),
};
