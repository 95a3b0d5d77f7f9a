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
  // 0x0c is retired (double-sign exclusions, now convictions of kind 'double-sign' under 0x11): never reuse it.
  /** → BeaconState (canonical JSON) of the dispute beacon: run after each race, its output draws samples and checkers */
  DisputeBeacon = 0x0d,
  /** u64 epoch ‖ length-prefixed claimant → StoredPlan (JSON): sampled nonces, their checkers, the disputed ones */
  ClaimPlan = 0x0e,
  /** u64 epoch ‖ length-prefixed claimant ‖ length-prefixed checker → verdicts (JSON) of the committee check */
  CheckReport = 0x0f,
  /** u64 epoch ‖ length-prefixed claimant ‖ length-prefixed voter → verdicts (JSON) on the disputed nonces */
  ReverifyVote = 0x10,
  /** length-prefixed participant ‖ u64 epoch ‖ kind byte → Conviction (JSON), read by rewards */
  Conviction = 0x11,
  // 0x20–0x22: operator addresses (race/module/operator.ts); numbered apart from the dispute prefixes above.
  /** length-prefixed participant → OperatorLink JSON {participant, operator} */
  OperatorOf = 0x20,
  /** length-prefixed operator ‖ length-prefixed participant → participant address (utf8): the nodes an operator runs */
  OperatedBy = 0x21,
  /** length-prefixed address → OperatorLink JSON of a hot key its operator rotated away: it never signs a duty again */
  RetiredHotKey = 0x22,
  /** length-prefixed participant → epoch (decimal) since which its weight has been 0 (prune.ts) */
  IdleSince = 0x12,
  /** [length-prefixed participant] → "height:nonces" taken in by proof batches of that block (block-intake.ts) */
  BlockIntake = 0x13,
}

const addrKey = (address: string) => lengthPrefixed(fromBech32Checked(address));

export const participantKey = (address: string) => concatBytes(Uint8Array.of(RacePrefix.Participant), addrKey(address));
export const nonceKey = (epoch: bigint, address: string, nonce: bigint) =>
  concatBytes(Uint8Array.of(RacePrefix.Nonce), u64Key(epoch), addrKey(address), u64Key(nonce));
export const noncePrefix = (epoch: bigint, address?: string) =>
  concatBytes(Uint8Array.of(RacePrefix.Nonce), u64Key(epoch), ...(address ? [addrKey(address)] : []));
export const proofSummaryKey = (epoch: bigint, address: string) =>
  concatBytes(Uint8Array.of(RacePrefix.ProofSummary), u64Key(epoch), addrKey(address));
export const proofSummaryPrefix = (epoch: bigint) => concatBytes(Uint8Array.of(RacePrefix.ProofSummary), u64Key(epoch));
export const assignmentKey = (epoch: bigint, participant: string, validator: string) =>
  concatBytes(Uint8Array.of(RacePrefix.Assignment), u64Key(epoch), addrKey(participant), addrKey(validator));
export const assignmentPrefix = (epoch: bigint, participant?: string) =>
  concatBytes(Uint8Array.of(RacePrefix.Assignment), u64Key(epoch), ...(participant ? [addrKey(participant)] : []));
export const outcomeKey = (address: string) => concatBytes(Uint8Array.of(RacePrefix.Outcome), addrKey(address));
export const validatorSetKey = (consPubKey: Uint8Array) =>
  concatBytes(Uint8Array.of(RacePrefix.ValidatorSet), consPubKey);
export const consensusIndexKey = (consAddress: Uint8Array) =>
  concatBytes(Uint8Array.of(RacePrefix.ConsensusIndex), consAddress);
const epochClaimKey = (prefix: RacePrefix, epoch: bigint, claimant?: string, party?: string) =>
  concatBytes(
    Uint8Array.of(prefix),
    u64Key(epoch),
    ...(claimant ? [addrKey(claimant)] : []),
    ...(party ? [addrKey(party)] : []),
  );
export const claimPlanKey = (epoch: bigint, claimant?: string) => epochClaimKey(RacePrefix.ClaimPlan, epoch, claimant);
export const checkReportKey = (epoch: bigint, claimant?: string, checker?: string) =>
  epochClaimKey(RacePrefix.CheckReport, epoch, claimant, checker);
export const reverifyVoteKey = (epoch: bigint, claimant?: string, voter?: string) =>
  epochClaimKey(RacePrefix.ReverifyVote, epoch, claimant, voter);
export const CONVICTION_KINDS = ['forgery', 'false-validation', 'false-reverification', 'double-sign'] as const;
export const convictionKey = (participant: string, epoch?: bigint, kind?: (typeof CONVICTION_KINDS)[number]) =>
  concatBytes(
    Uint8Array.of(RacePrefix.Conviction),
    addrKey(participant),
    ...(epoch !== undefined ? [u64Key(epoch)] : []),
    ...(kind ? [Uint8Array.of(CONVICTION_KINDS.indexOf(kind) + 1)] : []),
  );
export const operatorOfKey = (participant?: string) =>
  concatBytes(Uint8Array.of(RacePrefix.OperatorOf), ...(participant ? [addrKey(participant)] : []));
export const operatedByKey = (operator: string, participant?: string) =>
  concatBytes(Uint8Array.of(RacePrefix.OperatedBy), addrKey(operator), ...(participant ? [addrKey(participant)] : []));
export const retiredHotKeyKey = (address?: string) =>
  concatBytes(Uint8Array.of(RacePrefix.RetiredHotKey), ...(address ? [addrKey(address)] : []));
export const single = (p: RacePrefix) => Uint8Array.of(p);
export const idleSinceKey = (participant: string) =>
  concatBytes(Uint8Array.of(RacePrefix.IdleSince), addrKey(participant));
export const blockIntakeKey = (participant?: string) =>
  concatBytes(Uint8Array.of(RacePrefix.BlockIntake), ...(participant ? [addrKey(participant)] : []));
