import { declaredCodec } from '../../chain/app/declared-route.js';
import type { MsgServiceRouter } from '../../chain/app/router.js';
import {
  MsgSubmitUnitPriceVote,
  MsgSubmitUnitPriceVoteResponse,
  MsgUpdateParams,
  MsgUpdateParamsResponse,
} from '../../proto/gen/race/pricing/v1/tx.js';
import { assertGovAuthority } from '../gov/authority.js';
import { checkAddress } from '../gov/msg-server.js';
import { PRICING_MSGS, PRICING_URLS } from './client/msgs.js';
import type { PricingKeeper } from './keeper.js';
import { pricingParamsFromProto, votePriceToNicoin } from './params.js';

export function registerPricingMsgs(router: MsgServiceRouter, keeper: PricingKeeper): void {
  router.register<MsgSubmitUnitPriceVote>({
    ...declaredCodec(PRICING_MSGS.submitUnitPriceVote),
    module: 'pricing',
    getSigners: (m) => [m.provider],
    validateBasic: (m) => {
      checkAddress(m.provider, 'provider');
      votePriceToNicoin(m.price);
    },
    handler: (ctx, m) => {
      const nicoin = votePriceToNicoin(m.price);
      keeper.submitVote(ctx, m.provider, nicoin);
      return {
        typeUrl: `${PRICING_URLS.submitUnitPriceVote}Response`,
        value: MsgSubmitUnitPriceVoteResponse.encode({ priceNicoin: nicoin.toString() }).finish(),
      };
    },
  });

  router.register<MsgUpdateParams>({
    ...declaredCodec(PRICING_MSGS.updateParams),
    module: 'pricing',
    getSigners: (m) => [m.authority],
    validateBasic: (m) => {
      checkAddress(m.authority, 'authority');
      pricingParamsFromProto(m.params);
    },
    handler: (ctx, m) => {
      assertGovAuthority(m.authority);
      keeper.setParams(ctx, pricingParamsFromProto(m.params));
      return { typeUrl: `${PRICING_URLS.updateParams}Response`, value: MsgUpdateParamsResponse.encode({}).finish() };
    },
  });
}
