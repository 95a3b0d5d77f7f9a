/** The inference messages, declared once for the msg server, the amino sign mode and every client. */
import { msgDecl } from '../../../chain/client/module-client.js';
import {
  MsgFinishInferences,
  MsgRegisterExecutor,
  MsgRetryInferences,
  MsgStartInferences,
  MsgUpdateParams,
} from '../../../proto/gen/race/inference/v1/tx.js';

export const INFERENCE_URLS = {
  registerExecutor: '/race.inference.v1.MsgRegisterExecutor',
  startInferences: '/race.inference.v1.MsgStartInferences',
  finishInferences: '/race.inference.v1.MsgFinishInferences',
  retryInferences: '/race.inference.v1.MsgRetryInferences',
  updateParams: '/race.inference.v1.MsgUpdateParams',
} as const;

export const INFERENCE_MSGS = {
  registerExecutor: msgDecl<MsgRegisterExecutor>({
    typeUrl: INFERENCE_URLS.registerExecutor,
    codec: MsgRegisterExecutor,
    aminoName: 'race/MsgRegisterExecutor',
  }),
  startInferences: msgDecl<MsgStartInferences>({
    typeUrl: INFERENCE_URLS.startInferences,
    codec: MsgStartInferences,
    aminoName: 'race/MsgStartInferences',
  }),
  finishInferences: msgDecl<MsgFinishInferences>({
    typeUrl: INFERENCE_URLS.finishInferences,
    codec: MsgFinishInferences,
    aminoName: 'race/MsgFinishInferences',
  }),
  retryInferences: msgDecl<MsgRetryInferences>({
    typeUrl: INFERENCE_URLS.retryInferences,
    codec: MsgRetryInferences,
    aminoName: 'race/MsgRetryInferences',
  }),
  updateParams: msgDecl<MsgUpdateParams>({
    typeUrl: INFERENCE_URLS.updateParams,
    codec: MsgUpdateParams,
    aminoName: 'race/x/inference/MsgUpdateParams',
    gov: true,
  }),
};
