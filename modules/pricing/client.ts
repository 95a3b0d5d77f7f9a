/** Client side of the pricing messages for CosmJS: Registry entries and AminoConverters matching the chain's amino JSON. */
import type { AminoConverters } from '@cosmjs/stargate';
import type { GeneratedType } from '@cosmjs/proto-signing';
import { MsgSubmitUnitPriceVote, MsgUpdateParams } from '../../proto/gen/race/pricing/v1/tx.js';

export const pricingTypes: ReadonlyArray<[string, GeneratedType]> = [
  ['/race.pricing.v1.MsgSubmitUnitPriceVote', MsgSubmitUnitPriceVote as unknown as GeneratedType],
  ['/race.pricing.v1.MsgUpdateParams', MsgUpdateParams as unknown as GeneratedType],
];

export function createPricingAminoConverters(): AminoConverters {
  return {
    '/race.pricing.v1.MsgSubmitUnitPriceVote': {
      aminoType: 'race/MsgSubmitUnitPriceVote',
      toAmino: (m: MsgSubmitUnitPriceVote) => ({ ...(m.provider ? { provider: m.provider } : {}), price: { amount: m.price?.amount ?? '', denom: m.price?.denom ?? '' } }),
      fromAmino: (j: { provider?: string; price: { amount: string; denom: string } }): MsgSubmitUnitPriceVote => ({ provider: j.provider ?? '', price: j.price }),
    },
  };
}
