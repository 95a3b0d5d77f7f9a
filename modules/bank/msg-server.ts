import {
  MsgMultiSend,
  MsgMultiSendResponse,
  MsgSend,
  MsgSendResponse,
  MsgUpdateParams,
  MsgUpdateParamsResponse,
} from 'cosmjs-types/cosmos/bank/v1beta1/tx';
import { declaredCodec } from '../../chain/app/declared-route.js';
import type { MsgServiceRouter } from '../../chain/app/router.js';
import { fromBech32Checked } from '../../chain/crypto/address.js';
import { coinFromProto, coinsToString, validateCoins, type Coin } from '../../chain/types/coins.js';
import { Errors } from '../../chain/types/errors.js';
import { event } from '../../chain/types/events.js';
import { BASE_DENOM, DENOM_EXPONENTS } from './denoms.js';
import { assertGovAuthority } from '../gov/authority.js';
import { checkAddress as checkAuthority } from '../gov/msg-server.js';
import { BANK_MSGS } from './client/msgs.js';
import type { BankKeeper } from './keeper.js';

const SEND_URL = BANK_MSGS.send.typeUrl;
const MULTI_SEND_URL = BANK_MSGS.multiSend.typeUrl;

function checkAddress(addr: string, field: string): void {
  try {
    fromBech32Checked(addr);
  } catch (e) {
    throw Errors.InvalidAddress.wrap(`invalid ${field} address (${(e as Error).message})`);
  }
}

/** Message coins, validated like the SDK's Coins.Validate; display units of our coin are refused with a hint. */
function msgCoins(coins: Array<{ denom: string; amount: string }>): Coin[] {
  const out = coins.map(coinFromProto);
  validateCoins(out);
  for (const c of out) {
    if (c.denom !== BASE_DENOM && DENOM_EXPONENTS[c.denom] !== undefined) {
      throw Errors.InvalidCoins.wrap(
        `${c.amount}${c.denom}: on chain every amount is in ${BASE_DENOM} (1 ${c.denom} = 10^${DENOM_EXPONENTS[c.denom]} ${BASE_DENOM})`,
      );
    }
  }
  return out;
}

export function registerBankMsgs(router: MsgServiceRouter, keeper: BankKeeper): void {
  router.register<MsgSend>({
    ...declaredCodec(BANK_MSGS.send),
    module: 'bank',
    getSigners: (m) => [m.fromAddress],
    validateBasic: (m) => {
      checkAddress(m.fromAddress, 'from');
      checkAddress(m.toAddress, 'to');
      const coins = msgCoins(m.amount);
      if (coins.length === 0) throw Errors.InvalidCoins.wrap(`${coinsToString(coins)}`);
    },
    handler: (ctx, m) => {
      const params = keeper.getParams(ctx);
      if (!params.defaultSendEnabled) throw Errors.InvalidRequest.wrap('transfers are currently disabled');
      keeper.sendCoins(ctx, m.fromAddress, m.toAddress, m.amount.map(coinFromProto));
      return { typeUrl: `${SEND_URL}Response`, value: MsgSendResponse.encode({}).finish() };
    },
  });

  router.register<MsgMultiSend>({
    ...declaredCodec(BANK_MSGS.multiSend),
    module: 'bank',
    getSigners: (m) => m.inputs.map((i) => i.address),
    validateBasic: (m) => {
      // SDK 0.50: exactly one input; the sum of outputs equals the input.
      if (m.inputs.length === 0) throw Errors.InvalidRequest.wrap('no inputs to send transaction');
      if (m.inputs.length > 1) throw Errors.InvalidRequest.wrap('multiple senders not allowed');
      if (m.outputs.length === 0) throw Errors.InvalidRequest.wrap('no outputs to send transaction');
      const totals = new Map<string, bigint>();
      for (const i of m.inputs) {
        checkAddress(i.address, 'input');
        for (const c of msgCoins(i.coins)) totals.set(c.denom, (totals.get(c.denom) ?? 0n) + c.amount);
      }
      for (const o of m.outputs) {
        checkAddress(o.address, 'output');
        for (const c of msgCoins(o.coins)) totals.set(c.denom, (totals.get(c.denom) ?? 0n) - c.amount);
      }
      if ([...totals.values()].some((v) => v !== 0n)) throw Errors.InvalidCoins.wrap('sum inputs != sum outputs');
    },
    handler: (ctx, m) => {
      const input = m.inputs[0]!;
      keeper.inputOutputCoins(
        ctx,
        { address: input.address, coins: input.coins.map(coinFromProto) },
        m.outputs.map((o) => ({ address: o.address, coins: o.coins.map(coinFromProto) })),
      );
      ctx.events.emit(event('message', [['sender', input.address]]));
      return { typeUrl: `${MULTI_SEND_URL}Response`, value: MsgMultiSendResponse.encode({}).finish() };
    },
  });

  router.register<MsgUpdateParams>({
    ...declaredCodec(BANK_MSGS.updateParams),
    module: 'bank',
    getSigners: (m) => [m.authority],
    validateBasic: (m) => {
      checkAuthority(m.authority, 'authority');
      if (!m.params) throw Errors.InvalidRequest.wrap('params are required');
      // SDK 0.47+ deprecated per-denom send_enabled in params (MsgSetSendEnabled replaces it); this chain has neither.
      if (m.params.sendEnabled.length > 0)
        throw Errors.InvalidRequest.wrap('use of send_enabled in params is no longer supported');
    },
    handler: (ctx, m) => {
      assertGovAuthority(m.authority);
      keeper.setParams(ctx, { defaultSendEnabled: m.params!.defaultSendEnabled });
      return {
        typeUrl: `${BANK_MSGS.updateParams.typeUrl}Response`,
        value: MsgUpdateParamsResponse.encode({}).finish(),
      };
    },
  });
}
