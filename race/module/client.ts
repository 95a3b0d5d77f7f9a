/** Client side of the Race messages for CosmJS: Registry entries and AminoConverters matching the chain's amino JSON. */
import type { AminoConverters } from '@cosmjs/stargate';
import type { GeneratedType } from '@cosmjs/proto-signing';
import { snakeKeys } from '../../chain/app/rest-route.js';
import {
  MsgBeaconCommit, MsgBeaconComplaint, MsgBeaconReveal, MsgBeaconShare, MsgRegisterParticipant, MsgSubmitProofBatch, MsgSubmitValidation, MsgUpdateParams,
} from '../../proto/gen/race/race/v1/tx.js';
import { RACE_URLS } from './msg-server.js';

const codecs = [
  [RACE_URLS.registerParticipant, MsgRegisterParticipant, 'race/MsgRegisterParticipant'],
  [RACE_URLS.submitProofBatch, MsgSubmitProofBatch, 'race/MsgSubmitProofBatch'],
  [RACE_URLS.submitValidation, MsgSubmitValidation, 'race/MsgSubmitValidation'],
  [RACE_URLS.beaconCommit, MsgBeaconCommit, 'race/MsgBeaconCommit'],
  [RACE_URLS.beaconComplaint, MsgBeaconComplaint, 'race/MsgBeaconComplaint'],
  [RACE_URLS.beaconReveal, MsgBeaconReveal, 'race/MsgBeaconReveal'],
  [RACE_URLS.beaconShare, MsgBeaconShare, 'race/MsgBeaconShare'],
  [RACE_URLS.updateParams, MsgUpdateParams, 'race/x/race/MsgUpdateParams'],
] as const;

export const raceTypes: ReadonlyArray<[string, GeneratedType]> = codecs.map(([url, codec]) => [url, codec as unknown as GeneratedType]);

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
function camelKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(camelKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [camel(k), camelKeys(x)]));
}

export function createRaceAminoConverters(): AminoConverters {
  const out: AminoConverters = {};
  for (const [url, codec, aminoType] of codecs) {
    const c = codec as unknown as { toJSON(m: unknown): unknown; fromJSON(j: unknown): unknown };
    out[url] = { aminoType, toAmino: (m: unknown) => snakeKeys(c.toJSON(m)), fromAmino: (j: unknown) => c.fromJSON(camelKeys(j)) };
  }
  return out;
}
