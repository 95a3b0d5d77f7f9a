/** Commit–reveal randomness beacon with Feldman-verifiable Shamir escrow (DESIGN.md §6, paper appendix B). */
export { BeaconError, type BeaconErrorCode } from './errors.js';
export {
  type BeaconEvent,
  type ExclusionReason,
  type FallbackReason,
  type ShareFault,
  eventAttributes,
} from './events.js';
export { type BeaconMember, type BeaconMemberInput, buildGroup, pointIndices } from './group.js';
export {
  type BeaconMsg,
  type EncryptedShares,
  type Hex,
  type MsgBeaconCommit,
  type MsgBeaconComplaint,
  type MsgBeaconReveal,
  type MsgBeaconShare,
  parseBeaconMsg,
} from './messages.js';
export {
  type BeaconParams,
  type BeaconPhase,
  type BeaconSchedule,
  DEFAULT_BEACON_PARAMS,
  MAX_GROUP_MEMBERS,
  MAX_SHARE_POINTS,
  beaconLength,
  beaconSchedule,
  phaseAt,
  validateBeaconParams,
} from './params.js';
export {
  type BeaconResult,
  type BeaconState,
  type DealerRecord,
  type DealerStatus,
  type InitBeaconOpts,
  decodeBeaconState,
  encodeBeaconState,
  initBeacon,
} from './state.js';
export {
  type BeaconTransition,
  type EndBlockInput,
  applyBeaconMsg,
  beaconPhase,
  beaconSeed,
  endBlock,
  finalizeBeacon,
  isBeaconError,
  seedDetermined,
} from './machine.js';
export { type BeaconRandomness, type DealtSecret, dealBeacon } from './dealer.js';
export { buildComplaint, buildShareMsg, dealersAwaitingShares, openShares } from './member.js';
export { type ShareVerdict } from './judge.js';
export { combineSecrets, commitmentHash, fallbackSeed } from './seed.js';
export { type Fraction, allocatePoints, thresholdPoints } from './weights.js';
