import { declaredCodec } from '../../chain/app/declared-route.js';
import type { MsgServiceRouter } from '../../chain/app/router.js';
import { event } from '../../chain/types/events.js';
import {
  MsgDeregisterModel,
  MsgDeregisterModelResponse,
  MsgRegisterModel,
  MsgRegisterModelResponse,
  MsgUpdateParams,
  MsgUpdateParamsResponse,
} from '../../proto/gen/race/registry/v1/tx.js';
import { assertGovAuthority } from '../gov/authority.js';
import { checkAddress } from '../gov/msg-server.js';
import { REGISTRY_MSGS, REGISTRY_URLS } from './client/msgs.js';
import type { RegistryKeeper } from './keeper.js';
import { validateModel, validateRegistryParams } from './model.js';

/** Every registry message is governance-only: the authority must be the gov module account. */
export function registerRegistryMsgs(router: MsgServiceRouter, keeper: RegistryKeeper): void {
  router.register<MsgRegisterModel>({
    ...declaredCodec(REGISTRY_MSGS.registerModel),
    module: 'registry',
    getSigners: (m) => [m.authority],
    validateBasic: (m) => {
      checkAddress(m.authority, 'authority');
      validateModel(m.model);
    },
    handler: (ctx, m) => {
      assertGovAuthority(m.authority);
      const model = validateModel(m.model);
      keeper.register(ctx, model, BigInt(ctx.block.height));
      ctx.events.emit(
        event('register_model', [
          ['model_id', model.id],
          ['units_per_input_token', model.unitsPerInputToken.toString()],
          ['units_per_output_token', model.unitsPerOutputToken.toString()],
        ]),
      );
      return { typeUrl: `${REGISTRY_URLS.registerModel}Response`, value: MsgRegisterModelResponse.encode({}).finish() };
    },
  });

  router.register<MsgDeregisterModel>({
    ...declaredCodec(REGISTRY_MSGS.deregisterModel),
    module: 'registry',
    getSigners: (m) => [m.authority],
    validateBasic: (m) => checkAddress(m.authority, 'authority'),
    handler: (ctx, m) => {
      assertGovAuthority(m.authority);
      keeper.deregister(ctx, m.modelId);
      ctx.events.emit(event('deregister_model', [['model_id', m.modelId]]));
      return {
        typeUrl: `${REGISTRY_URLS.deregisterModel}Response`,
        value: MsgDeregisterModelResponse.encode({}).finish(),
      };
    },
  });

  router.register<MsgUpdateParams>({
    ...declaredCodec(REGISTRY_MSGS.updateParams),
    module: 'registry',
    getSigners: (m) => [m.authority],
    validateBasic: (m) => {
      checkAddress(m.authority, 'authority');
      validateRegistryParams(m.params);
    },
    handler: (ctx, m) => {
      assertGovAuthority(m.authority);
      keeper.setParams(ctx, validateRegistryParams(m.params));
      return { typeUrl: `${REGISTRY_URLS.updateParams}Response`, value: MsgUpdateParamsResponse.encode({}).finish() };
    },
  });
}
