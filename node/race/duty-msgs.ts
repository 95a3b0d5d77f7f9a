/** Encodes the Race duty messages (race.race.v1) for the submitter; beacon fields go from race/beacon's hex to wire bytes. */
import type {
  MsgBeaconCommit as BeaconCommit,
  MsgBeaconComplaint as BeaconComplaint,
  MsgBeaconReveal as BeaconReveal,
  MsgBeaconShare as BeaconShare,
} from '../../race/beacon/messages.js';
import {
  MsgBeaconCommit,
  MsgBeaconComplaint,
  MsgBeaconReveal,
  MsgBeaconShare,
  MsgRegisterParticipant,
  MsgSubmitProofBatch,
  MsgSubmitValidation,
} from '../../proto/gen/race/race/v1/tx.js';
import type { NonceFinding } from '../../proto/gen/race/race/v1/types.js';
import type { EncodedMsg } from './duty-tx.js';
import { fromHex } from '../../chain/types/bytes.js';

const URL = (name: string) => `/race.race.v1.${name}`;

export function registerParticipantMsg(
  participant: string,
  pubKey: Uint8Array,
  consensusPubKey: Uint8Array,
  operator = '',
): EncodedMsg {
  return {
    typeUrl: URL('MsgRegisterParticipant'),
    value: MsgRegisterParticipant.encode({ participant, pubKey, consensusPubKey, operator }).finish(),
  };
}

/** The nonces are sorted ascending (the module wants them strictly increasing). */
export function proofBatchMsg(participant: string, epoch: bigint, nonces: readonly bigint[]): EncodedMsg {
  const sorted = [...nonces].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    typeUrl: URL('MsgSubmitProofBatch'),
    value: MsgSubmitProofBatch.encode({ participant, epoch, nonces: sorted }).finish(),
  };
}

export function validationMsg(
  validator: string,
  epoch: bigint,
  participant: string,
  findings: NonceFinding[],
): EncodedMsg {
  return {
    typeUrl: URL('MsgSubmitValidation'),
    value: MsgSubmitValidation.encode({ validator, epoch, participant, findings }).finish(),
  };
}

export function beaconCommitMsg(m: BeaconCommit): EncodedMsg {
  return {
    typeUrl: URL('MsgBeaconCommit'),
    value: MsgBeaconCommit.encode({
      dealer: m.dealer,
      epoch: BigInt(m.epoch),
      commitment: fromHex(m.commitment),
      feldman: m.feldman.map((h) => fromHex(h)),
      shares: m.shares.map((s) => ({
        recipient: s.recipient,
        ephemeralPubKey: fromHex(s.ephemeralPubKey),
        ciphertext: fromHex(s.ciphertext),
      })),
    }).finish(),
  };
}

export function beaconComplaintMsg(m: BeaconComplaint): EncodedMsg {
  return {
    typeUrl: URL('MsgBeaconComplaint'),
    value: MsgBeaconComplaint.encode({
      complainer: m.complainer,
      epoch: BigInt(m.epoch),
      dealer: m.dealer,
      sharedPoint: fromHex(m.sharedPoint),
      proof: fromHex(m.proof),
    }).finish(),
  };
}

export function beaconRevealMsg(m: BeaconReveal): EncodedMsg {
  return {
    typeUrl: URL('MsgBeaconReveal'),
    value: MsgBeaconReveal.encode({ dealer: m.dealer, epoch: BigInt(m.epoch), secret: fromHex(m.secret) }).finish(),
  };
}

export function beaconShareMsg(m: BeaconShare): EncodedMsg {
  return {
    typeUrl: URL('MsgBeaconShare'),
    value: MsgBeaconShare.encode({
      member: m.member,
      epoch: BigInt(m.epoch),
      dealer: m.dealer,
      values: m.values.map((h) => fromHex(h)),
    }).finish(),
  };
}
