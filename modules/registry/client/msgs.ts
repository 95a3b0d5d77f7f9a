/** The registry messages (all governance-only), declared once for the msg server, the amino sign mode and every client. */
import { msgDecl } from '../../../chain/client/module-client.js';
import { MsgDeregisterModel, MsgRegisterModel, MsgUpdateParams } from '../../../proto/gen/race/registry/v1/tx.js';
import { modelFromAmino, modelToAmino } from '../model.js';

export const REGISTRY_URLS = {
  registerModel: '/race.registry.v1.MsgRegisterModel',
  deregisterModel: '/race.registry.v1.MsgDeregisterModel',
  updateParams: '/race.registry.v1.MsgUpdateParams',
} as const;

export const REGISTRY_MSGS = {
  registerModel: msgDecl<MsgRegisterModel>({
    typeUrl: REGISTRY_URLS.registerModel,
    codec: MsgRegisterModel,
    aminoName: 'race/MsgRegisterModel',
    toAmino: (m) => ({ ...(m.authority ? { authority: m.authority } : {}), model: modelToAmino(m.model!) }),
    fromAmino: (j: { authority?: string; model: Record<string, unknown> }) => ({
      authority: j.authority ?? '',
      model: modelFromAmino(j.model),
    }),
    gov: true,
  }),
  deregisterModel: msgDecl<MsgDeregisterModel>({
    typeUrl: REGISTRY_URLS.deregisterModel,
    codec: MsgDeregisterModel,
    aminoName: 'race/MsgDeregisterModel',
    toAmino: (m) => ({
      ...(m.authority ? { authority: m.authority } : {}),
      ...(m.modelId ? { model_id: m.modelId } : {}),
    }),
    fromAmino: (j: { authority?: string; model_id?: string }) => ({
      authority: j.authority ?? '',
      modelId: j.model_id ?? '',
    }),
    gov: true,
  }),
  updateParams: msgDecl<MsgUpdateParams>({
    typeUrl: REGISTRY_URLS.updateParams,
    codec: MsgUpdateParams,
    aminoName: 'race/x/registry/MsgUpdateParams',
    toAmino: (m) => ({
      ...(m.authority ? { authority: m.authority } : {}),
      params: m.params && m.params.maxModels !== 0n ? { max_models: m.params.maxModels.toString() } : {},
    }),
    gov: true,
  }),
};
