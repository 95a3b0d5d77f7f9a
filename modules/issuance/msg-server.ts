import { declaredCodec } from '../../chain/app/declared-route.js';
import type { MsgServiceRouter } from '../../chain/app/router.js';
import {
  MsgBridgeDeposit,
  MsgBridgeDepositResponse,
  MsgBuyFromPool,
  MsgBuyFromPoolResponse,
  MsgSellToPool,
  MsgSellToPoolResponse,
  MsgUpdateParams,
  MsgUpdateParamsResponse,
} from '../../proto/gen/race/issuance/v1/tx.js';
import { IssuanceErrors } from './errors.js';
import { bridgeDeposit, buyFromLiquidityPool, sellToLiquidityPool } from './money-flow.js';
import { assertGovAuthority } from '../gov/authority.js';
import { checkAddress } from '../gov/msg-server.js';
import { ISSUANCE_MSGS, ISSUANCE_URLS } from './client/msgs.js';
import type { IssuanceKeeper } from './keeper.js';
import { issuanceParamsFromProto } from './params.js';
import { assertTrainingShareChangeable } from './year-lock.js';

/** A positive integer amount typed as a decimal string. */
function positive(v: string, what: string): bigint {
  if (!/^[1-9][0-9]{0,76}$/.test(v))
    throw IssuanceErrors.InvalidAmount.wrap(`${what} must be a positive integer, got ${JSON.stringify(v)}`);
  return BigInt(v);
}

export function registerIssuanceMsgs(router: MsgServiceRouter, keeper: IssuanceKeeper): void {
  router.register<MsgBridgeDeposit>({
    ...declaredCodec(ISSUANCE_MSGS.bridgeDeposit),
    module: 'issuance',
    getSigners: (m) => [m.bridge],
    validateBasic: (m) => {
      checkAddress(m.bridge, 'bridge');
      checkAddress(m.recipient, 'recipient');
      positive(m.amount, 'amount');
    },
    handler: (ctx, m) => {
      bridgeDeposit(ctx, keeper, m.bridge, m.recipient, positive(m.amount, 'amount'));
      return { typeUrl: `${ISSUANCE_URLS.bridgeDeposit}Response`, value: MsgBridgeDepositResponse.encode({}).finish() };
    },
  });

  router.register<MsgBuyFromPool>({
    ...declaredCodec(ISSUANCE_MSGS.buyFromPool),
    module: 'issuance',
    getSigners: (m) => [m.buyer],
    validateBasic: (m) => {
      checkAddress(m.buyer, 'buyer');
      positive(m.quoteAmount, 'quote_amount');
    },
    handler: (ctx, m) => {
      const r = buyFromLiquidityPool(ctx, keeper, m.buyer, positive(m.quoteAmount, 'quote_amount'));
      return {
        typeUrl: `${ISSUANCE_URLS.buyFromPool}Response`,
        value: MsgBuyFromPoolResponse.encode({ coins: r.coins.toString(), paid: r.paid.toString() }).finish(),
      };
    },
  });

  router.register<MsgSellToPool>({
    ...declaredCodec(ISSUANCE_MSGS.sellToPool),
    module: 'issuance',
    getSigners: (m) => [m.seller],
    validateBasic: (m) => {
      checkAddress(m.seller, 'seller');
      positive(m.amount, 'amount');
    },
    handler: (ctx, m) => {
      const r = sellToLiquidityPool(ctx, keeper, m.seller, positive(m.amount, 'amount'));
      return {
        typeUrl: `${ISSUANCE_URLS.sellToPool}Response`,
        value: MsgSellToPoolResponse.encode({
          coinsTaken: r.coinsTaken.toString(),
          quoteOut: r.quoteOut.toString(),
        }).finish(),
      };
    },
  });

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
