/**
 * MsgUpdateParams of auth and bank, with gov as the authority. They live here (not in modules/auth, modules/bank) and
 * reach those modules only through their keepers' public getParams/setParams.
 */
import { MsgUpdateParams as AuthMsgUpdateParams, MsgUpdateParamsResponse as AuthMsgUpdateParamsResponse } from 'cosmjs-types/cosmos/auth/v1beta1/tx';
import { MsgUpdateParams as BankMsgUpdateParams, MsgUpdateParamsResponse as BankMsgUpdateParamsResponse } from 'cosmjs-types/cosmos/bank/v1beta1/tx';
import type { Context } from '../../chain/app/context.js';
import type { MsgServiceRouter } from '../../chain/app/router.js';
import { Errors } from '../../chain/types/errors.js';
import type { AuthParams } from '../auth/types.js';
import { assertGovAuthority } from './authority.js';
import { checkAddress } from './msg-server.js';

export const AUTH_UPDATE_PARAMS_URL = '/cosmos.auth.v1beta1.MsgUpdateParams';
export const BANK_UPDATE_PARAMS_URL = '/cosmos.bank.v1beta1.MsgUpdateParams';

export interface AuthParamsKeeper {
  getParams(ctx: Context): AuthParams;
  setParams(ctx: Context, params: AuthParams): void;
}

export interface BankParamsKeeper {
  getParams(ctx: Context): { defaultSendEnabled: boolean };
  setParams(ctx: Context, params: { defaultSendEnabled: boolean }): void;
}

/** The SDK's auth Params.Validate: every field positive. */
export function validateAuthParams(p: AuthParams): void {
  for (const [name, v] of Object.entries(p) as Array<[string, bigint]>) {
    if (v <= 0n) throw Errors.InvalidRequest.wrap(`invalid ${name.replace(/[A-Z0-9]+/g, (c) => '_' + c.toLowerCase())}: must be positive, got ${v}`);
  }
}

export function registerAuthBankParamsMsgs(router: MsgServiceRouter, keepers: { auth?: AuthParamsKeeper; bank?: BankParamsKeeper }): void {
  const { auth, bank } = keepers;
  if (auth) {
    router.register<AuthMsgUpdateParams>({
      typeUrl: AUTH_UPDATE_PARAMS_URL,
      module: 'auth',
      decode: (b) => AuthMsgUpdateParams.decode(b),
      encode: (m) => AuthMsgUpdateParams.encode(m).finish(),
      getSigners: (m) => [m.authority],
      validateBasic: (m) => {
        checkAddress(m.authority, 'authority');
        if (!m.params) throw Errors.InvalidRequest.wrap('params are required');
        validateAuthParams(m.params);
      },
      handler: (ctx, m) => {
        assertGovAuthority(m.authority);
        const p = m.params!;
        auth.setParams(ctx, {
          maxMemoCharacters: p.maxMemoCharacters,
          txSigLimit: p.txSigLimit,
          txSizeCostPerByte: p.txSizeCostPerByte,
          sigVerifyCostEd25519: p.sigVerifyCostEd25519,
          sigVerifyCostSecp256k1: p.sigVerifyCostSecp256k1,
        });
        return { typeUrl: `${AUTH_UPDATE_PARAMS_URL}Response`, value: AuthMsgUpdateParamsResponse.encode({}).finish() };
      },
    });
  }
  if (bank) {
    router.register<BankMsgUpdateParams>({
      typeUrl: BANK_UPDATE_PARAMS_URL,
      module: 'bank',
      decode: (b) => BankMsgUpdateParams.decode(b),
      encode: (m) => BankMsgUpdateParams.encode(m).finish(),
      getSigners: (m) => [m.authority],
      validateBasic: (m) => {
        checkAddress(m.authority, 'authority');
        if (!m.params) throw Errors.InvalidRequest.wrap('params are required');
        // SDK 0.47+ deprecated per-denom send_enabled in params (MsgSetSendEnabled replaces it); this chain has neither.
        if (m.params.sendEnabled.length > 0) throw Errors.InvalidRequest.wrap('use of send_enabled in params is no longer supported');
      },
      handler: (ctx, m) => {
        assertGovAuthority(m.authority);
        bank.setParams(ctx, { defaultSendEnabled: m.params!.defaultSendEnabled });
        return { typeUrl: `${BANK_UPDATE_PARAMS_URL}Response`, value: BankMsgUpdateParamsResponse.encode({}).finish() };
      },
    });
  }
}
