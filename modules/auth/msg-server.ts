/** auth's MsgUpdateParams, with gov as the authority. */
import { MsgUpdateParams, MsgUpdateParamsResponse } from 'cosmjs-types/cosmos/auth/v1beta1/tx';
import { declaredCodec } from '../../chain/app/declared-route.js';
import type { MsgServiceRouter } from '../../chain/app/router.js';
import { Errors } from '../../chain/types/errors.js';
import { snakeCase } from '../../chain/util/json-case.js';
import { assertGovAuthority } from '../gov/authority.js';
import { checkAddress } from '../gov/msg-server.js';
import { AUTH_MSGS } from './client/msgs.js';
import type { AuthKeeper } from './keeper.js';
import type { AuthParams } from './types.js';

/** The SDK's auth Params.Validate: every field positive. */
export function validateAuthParams(p: AuthParams): void {
  for (const [name, v] of Object.entries(p) as Array<[string, bigint]>) {
    if (v <= 0n) throw Errors.InvalidRequest.wrap(`invalid ${snakeCase(name)}: must be positive, got ${v}`);
  }
}

export function registerAuthMsgs(router: MsgServiceRouter, keeper: AuthKeeper): void {
  router.register<MsgUpdateParams>({
    ...declaredCodec(AUTH_MSGS.updateParams),
    module: 'auth',
    getSigners: (m) => [m.authority],
    validateBasic: (m) => {
      checkAddress(m.authority, 'authority');
      if (!m.params) throw Errors.InvalidRequest.wrap('params are required');
      validateAuthParams(m.params);
    },
    handler: (ctx, m) => {
      assertGovAuthority(m.authority);
      const p = m.params!;
      keeper.setParams(ctx, {
        maxMemoCharacters: p.maxMemoCharacters,
        txSigLimit: p.txSigLimit,
        txSizeCostPerByte: p.txSizeCostPerByte,
        sigVerifyCostEd25519: p.sigVerifyCostEd25519,
        sigVerifyCostSecp256k1: p.sigVerifyCostSecp256k1,
      });
      return {
        typeUrl: `${AUTH_MSGS.updateParams.typeUrl}Response`,
        value: MsgUpdateParamsResponse.encode({}).finish(),
      };
    },
  });
}
