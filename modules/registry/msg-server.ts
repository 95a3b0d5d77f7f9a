import type { MsgServiceRouter } from '../../chain/app/router.js';
import { event } from '../../chain/types/events.js';
import {
  MsgDeregisterModel, MsgDeregisterModelResponse, MsgRegisterModel, MsgRegisterModelResponse, MsgUpdateParams, MsgUpdateParamsResponse,
} from '../../proto/gen/race/registry/v1/tx.js';
import { assertGovAuthority } from '../gov/authority.js';
import { checkAddress } from '../gov/msg-server.js';
import type { RegistryKeeper } from './keeper.js';
import { modelToAmino, validateModel, validateRegistryParams } from './model.js';

export const REGISTRY_URLS = {
  registerModel: '/race.registry.v1.MsgRegisterModel',
  deregisterModel: '/race.registry.v1.MsgDeregisterModel',
  updateParams: '/race.registry.v1.MsgUpdateParams',
} as const;

/** Every registry message is governance-only: the authority must be the gov module account. */
export function registerRegistryMsgs(router: MsgServiceRouter, keeper: RegistryKeeper): void {
  router.register<MsgRegisterModel>({
    typeUrl: REGISTRY_URLS.registerModel,
    module: 'registry',
    decode: (b) => MsgRegisterModel.decode(b),
    encode: (m) => MsgRegisterModel.encode(m).finish(),
    getSigners: (m) => [m.authority],
    validateBasic: (m) => {
      checkAddress(m.authority, 'authority');
      validateModel(m.model);
    },
    aminoName: 'race/MsgRegisterModel',
    toAminoJson: (m) => ({ ...(m.authority ? { authority: m.authority } : {}), model: modelToAmino(m.model!) }),
    handler: (ctx, m) => {
      assertGovAuthority(m.authority);
      const model = validateModel(m.model);
      keeper.register(ctx, model, BigInt(ctx.block.height));
      ctx.events.emit(event('register_model', [['model_id', model.id], ['units_per_input_token', model.unitsPerInputToken.toString()], ['units_per_output_token', model.unitsPerOutputToken.toString()]]));
      return { typeUrl: `${REGISTRY_URLS.registerModel}Response`, value: MsgRegisterModelResponse.encode({}).finish() };
    },
  });

  router.register<MsgDeregisterModel>({
    typeUrl: REGISTRY_URLS.deregisterModel,
    module: 'registry',
    decode: (b) => MsgDeregisterModel.decode(b),
    encode: (m) => MsgDeregisterModel.encode(m).finish(),
    getSigners: (m) => [m.authority],
    validateBasic: (m) => checkAddress(m.authority, 'authority'),
    aminoName: 'race/MsgDeregisterModel',
    toAminoJson: (m) => ({ ...(m.authority ? { authority: m.authority } : {}), ...(m.modelId ? { model_id: m.modelId } : {}) }),
    handler: (ctx, m) => {
      assertGovAuthority(m.authority);
      keeper.deregister(ctx, m.modelId);
      ctx.events.emit(event('deregister_model', [['model_id', m.modelId]]));
      return { typeUrl: `${REGISTRY_URLS.deregisterModel}Response`, value: MsgDeregisterModelResponse.encode({}).finish() };
    },
  });

  router.register<MsgUpdateParams>({
    typeUrl: REGISTRY_URLS.updateParams,
    module: 'registry',
    decode: (b) => MsgUpdateParams.decode(b),
    encode: (m) => MsgUpdateParams.encode(m).finish(),
    getSigners: (m) => [m.authority],
    validateBasic: (m) => {
      checkAddress(m.authority, 'authority');
      validateRegistryParams(m.params);
    },
    aminoName: 'race/x/registry/MsgUpdateParams',
    toAminoJson: (m) => ({
      ...(m.authority ? { authority: m.authority } : {}),
      params: m.params && m.params.maxModels !== 0n ? { max_models: m.params.maxModels.toString() } : {},
    }),
    handler: (ctx, m) => {
      assertGovAuthority(m.authority);
      keeper.setParams(ctx, validateRegistryParams(m.params));
      return { typeUrl: `${REGISTRY_URLS.updateParams}Response`, value: MsgUpdateParamsResponse.encode({}).finish() };
    },
  });
}
