/** The Race messages, declared once for the msg server, the amino sign mode (toJSON in snake_case) and every client. */
import { msgDecl, type MsgDecl } from '../../../chain/client/module-client.js';
import {
  MsgBeaconCommit,
  MsgBeaconComplaint,
  MsgBeaconReveal,
  MsgBeaconShare,
  MsgRegisterParticipant,
  MsgRotateHotKey,
  MsgSetOperator,
  MsgSubmitProofBatch,
  MsgSubmitValidation,
  MsgUpdateParams,
} from '../../../proto/gen/race/race/v1/tx.js';

export const RACE_URLS = {
  registerParticipant: '/race.race.v1.MsgRegisterParticipant',
  submitProofBatch: '/race.race.v1.MsgSubmitProofBatch',
  submitValidation: '/race.race.v1.MsgSubmitValidation',
  beaconCommit: '/race.race.v1.MsgBeaconCommit',
  beaconComplaint: '/race.race.v1.MsgBeaconComplaint',
  beaconReveal: '/race.race.v1.MsgBeaconReveal',
  beaconShare: '/race.race.v1.MsgBeaconShare',
  updateParams: '/race.race.v1.MsgUpdateParams',
  setOperator: '/race.race.v1.MsgSetOperator',
  rotateHotKey: '/race.race.v1.MsgRotateHotKey',
} as const;

const duty = <T>(typeUrl: string, codec: MsgDecl<T>['codec']) =>
  msgDecl<T>({ typeUrl, codec, aminoName: `race/${typeUrl.split('.').pop()!}` });

export const RACE_MSGS = {
  registerParticipant: duty<MsgRegisterParticipant>(RACE_URLS.registerParticipant, MsgRegisterParticipant),
  submitProofBatch: duty<MsgSubmitProofBatch>(RACE_URLS.submitProofBatch, MsgSubmitProofBatch),
  submitValidation: duty<MsgSubmitValidation>(RACE_URLS.submitValidation, MsgSubmitValidation),
  beaconCommit: duty<MsgBeaconCommit>(RACE_URLS.beaconCommit, MsgBeaconCommit),
  beaconComplaint: duty<MsgBeaconComplaint>(RACE_URLS.beaconComplaint, MsgBeaconComplaint),
  beaconReveal: duty<MsgBeaconReveal>(RACE_URLS.beaconReveal, MsgBeaconReveal),
  beaconShare: duty<MsgBeaconShare>(RACE_URLS.beaconShare, MsgBeaconShare),
  updateParams: msgDecl<MsgUpdateParams>({
    typeUrl: RACE_URLS.updateParams,
    codec: MsgUpdateParams,
    aminoName: 'race/x/race/MsgUpdateParams',
    gov: true,
  }),
  // Operator messages (race/module/operator.ts) pay fees like any tx; amino names let Keplr and Ledger sign them.
  setOperator: msgDecl<MsgSetOperator>({
    typeUrl: RACE_URLS.setOperator,
    codec: MsgSetOperator,
    aminoName: 'race/MsgSetOperator',
  }),
  rotateHotKey: msgDecl<MsgRotateHotKey>({
    typeUrl: RACE_URLS.rotateHotKey,
    codec: MsgRotateHotKey,
    aminoName: 'race/MsgRotateHotKey',
  }),
};
