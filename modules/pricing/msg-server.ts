import type { MsgServiceRouter } from '../../chain/app/router.js';
import { MsgSubmitUnitPriceVote, MsgSubmitUnitPriceVoteResponse, MsgUpdateParams, MsgUpdateParamsResponse } from '../../proto/gen/race/pricing/v1/tx.js';
import { assertGovAuthority } from '../gov/authority.js';
import { checkAddress } from '../gov/msg-server.js';
import type { PricingKeeper } from './keeper.js';
import { pricingParamsFromProto, votePriceToNicoin } from './params.js';

export const PRICING_URLS = {
  submitUnitPriceVote: '/race.pricing.v1.MsgSubmitUnitPriceVote',
  updateParams: '/race.pricing.v1.MsgUpdateParams',
} as const;

export function registerPricingMsgs(router: MsgServiceRouter, keeper: PricingKeeper): void {
  router.register<MsgSubmitUnitPriceVote>({
    typeUrl: PRICING_URLS.submitUnitPriceVote,
    module: 'pricing',
    decode: (b) => MsgSubmitUnitPriceVote.decode(b),
    encode: (m) => MsgSubmitUnitPriceVote.encode(m).finish(),
    getSigners: (m) => [m.provider],
    validateBasic: (m) => {
      checkAddress(m.provider, 'provider');
      votePriceToNicoin(m.price);
    },
    aminoName: 'race/MsgSubmitUnitPriceVote',
    toAminoJson: (m) => ({ ...(m.provider ? { provider: m.provider } : {}), price: { amount: m.price?.amount ?? '', denom: m.price?.denom ?? '' } }),
    handler: (ctx, m) => {
      const nicoin = votePriceToNicoin(m.price);
      keeper.submitVote(ctx, m.provider, nicoin);
      return { typeUrl: `${PRICING_URLS.submitUnitPriceVote}Response`, value: MsgSubmitUnitPriceVoteResponse.encode({ priceNicoin: nicoin.toString() }).finish() };
    },
  });

  router.register<MsgUpdateParams>({
    typeUrl: PRICING_URLS.updateParams,
    module: 'pricing',
    decode: (b) => MsgUpdateParams.decode(b),
    encode: (m) => MsgUpdateParams.encode(m).finish(),
    getSigners: (m) => [m.authority],
    validateBasic: (m) => {
      checkAddress(m.authority, 'authority');
      pricingParamsFromProto(m.params);
    },
    aminoName: 'race/x/pricing/MsgUpdateParams',
    toAminoJson: (m) => {
      const p: Record<string, string> = {};
      if (m.params?.genesisUnitPrice) p.genesis_unit_price = m.params.genesisUnitPrice;
      if (m.params?.minUnitPrice) p.min_unit_price = m.params.minUnitPrice;
      if (m.params?.maxUnitPrice) p.max_unit_price = m.params.maxUnitPrice;
      return { ...(m.authority ? { authority: m.authority } : {}), params: p };
    },
    handler: (ctx, m) => {
      assertGovAuthority(m.authority);
      keeper.setParams(ctx, pricingParamsFromProto(m.params));
      return { typeUrl: `${PRICING_URLS.updateParams}Response`, value: MsgUpdateParamsResponse.encode({}).finish() };
    },
  });
}
