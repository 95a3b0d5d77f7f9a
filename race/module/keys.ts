import { fromBech32Checked } from '../../chain/crypto/address.js';
import { lengthPrefixed, u64Key } from '../../chain/store/kv.js';
import { concatBytes } from '../../chain/types/bytes.js';

/** The Race module's store key and key prefixes (one enum; numbers are never reused). */
export const RACE_STORE_KEY = 'race';

export enum RacePrefix {
  /** → Params in force */
  Params = 0x01,
  /** → Params applied at the next epoch boundary */
  PendingParams = 0x02,
  /** → EpochRecord (JSON) */
  Epoch = 0x03,
  /** length-prefixed address → Participant */
  Participant = 0x04,
  /** u64 epoch ‖ length-prefixed address ‖ u64 nonce → empty */
  Nonce = 0x05,
  /** u64 epoch ‖ length-prefixed address → ProofSummary */
  ProofSummary = 0x06,
  /** u64 epoch ‖ length-prefixed participant ‖ length-prefixed validator → Assignment */
  Assignment = 0x07,
  /** length-prefixed participant → ValidationOutcome of the last tally */
  Outcome = 0x08,
  /** → BeaconState (canonical JSON) of the running beacon */
  Beacon = 0x09,
  /** 32-byte consensus pubkey → u64 power last sent to consensus */
  ValidatorSet = 0x0a,
  /** 20-byte consensus address → participant address (utf8) */
  ConsensusIndex = 0x0b,
  /** length-prefixed address → u64 epoch from which it is excluded from the validator set (double signing) */
  Excluded = 0x0c,
}

const addrKey = (address: string) => lengthPrefixed(fromBech32Checked(address));

export const participantKey = (address: string) => concatBytes(Uint8Array.of(RacePrefix.Participant), addrKey(address));
export const nonceKey = (epoch: bigint, address: string, nonce: bigint) =>
  concatBytes(Uint8Array.of(RacePrefix.Nonce), u64Key(epoch), addrKey(address), u64Key(nonce));
export const noncePrefix = (epoch: bigint, address?: string) =>
  concatBytes(Uint8Array.of(RacePrefix.Nonce), u64Key(epoch), ...(address ? [addrKey(address)] : []));
export const proofSummaryKey = (epoch: bigint, address: string) => concatBytes(Uint8Array.of(RacePrefix.ProofSummary), u64Key(epoch), addrKey(address));
export const proofSummaryPrefix = (epoch: bigint) => concatBytes(Uint8Array.of(RacePrefix.ProofSummary), u64Key(epoch));
export const assignmentKey = (epoch: bigint, participant: string, validator: string) =>
  concatBytes(Uint8Array.of(RacePrefix.Assignment), u64Key(epoch), addrKey(participant), addrKey(validator));
export const assignmentPrefix = (epoch: bigint, participant?: string) =>
  concatBytes(Uint8Array.of(RacePrefix.Assignment), u64Key(epoch), ...(participant ? [addrKey(participant)] : []));
export const outcomeKey = (address: string) => concatBytes(Uint8Array.of(RacePrefix.Outcome), addrKey(address));
export const validatorSetKey = (consPubKey: Uint8Array) => concatBytes(Uint8Array.of(RacePrefix.ValidatorSet), consPubKey);
export const consensusIndexKey = (consAddress: Uint8Array) => concatBytes(Uint8Array.of(RacePrefix.ConsensusIndex), consAddress);
export const excludedKey = (address: string) => concatBytes(Uint8Array.of(RacePrefix.Excluded), addrKey(address));
export const single = (p: RacePrefix) => Uint8Array.of(p);
