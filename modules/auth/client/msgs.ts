/** The auth messages: only MsgUpdateParams, which gov alone sends. */
import { MsgUpdateParams } from 'cosmjs-types/cosmos/auth/v1beta1/tx';
import { msgDecl } from '../../../chain/client/module-client.js';

export const AUTH_MSGS = {
  updateParams: msgDecl<MsgUpdateParams>({
    typeUrl: '/cosmos.auth.v1beta1.MsgUpdateParams',
    codec: MsgUpdateParams,
    gov: true,
  }),
};
