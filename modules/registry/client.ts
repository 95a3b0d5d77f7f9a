/**
 * Client side of the registry messages for CosmJS: the Registry entries (with the ts-proto/CJS type pitfall cast,
 * see toolchain-facts §4) and AminoConverters that render exactly what the chain's toAminoJson renders.
 */
import type { AminoConverters } from '@cosmjs/stargate';
import type { GeneratedType } from '@cosmjs/proto-signing';
import { MsgDeregisterModel, MsgRegisterModel, MsgUpdateParams } from '../../proto/gen/race/registry/v1/tx.js';
import { modelFromAmino, modelToAmino } from './model.js';

export const registryTypes: ReadonlyArray<[string, GeneratedType]> = [
  ['/race.registry.v1.MsgRegisterModel', MsgRegisterModel as unknown as GeneratedType],
  ['/race.registry.v1.MsgDeregisterModel', MsgDeregisterModel as unknown as GeneratedType],
  ['/race.registry.v1.MsgUpdateParams', MsgUpdateParams as unknown as GeneratedType],
];

export function createRegistryAminoConverters(): AminoConverters {
  return {
    '/race.registry.v1.MsgRegisterModel': {
      aminoType: 'race/MsgRegisterModel',
      toAmino: (m: MsgRegisterModel) => ({ ...(m.authority ? { authority: m.authority } : {}), model: modelToAmino(m.model!) }),
      fromAmino: (j: { authority?: string; model: Record<string, unknown> }): MsgRegisterModel => ({ authority: j.authority ?? '', model: modelFromAmino(j.model) }),
    },
    '/race.registry.v1.MsgDeregisterModel': {
      aminoType: 'race/MsgDeregisterModel',
      toAmino: (m: MsgDeregisterModel) => ({ ...(m.authority ? { authority: m.authority } : {}), ...(m.modelId ? { model_id: m.modelId } : {}) }),
      fromAmino: (j: { authority?: string; model_id?: string }): MsgDeregisterModel => ({ authority: j.authority ?? '', modelId: j.model_id ?? '' }),
    },
  };
}
