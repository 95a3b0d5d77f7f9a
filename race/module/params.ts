import { MAX_GROUP_MEMBERS, MAX_SHARE_POINTS, type BeaconParams, validateBeaconParams } from '../beacon/index.js';
import { RACE_CONFIGS } from '../engine/config.js';
import { Params } from '../../proto/gen/race/race/v1/types.js';
import { DEFAULT_DISPUTE_PARAMS, type DisputeParams } from './dispute/params.js';
import { RaceErrors } from './errors.js';

export type RaceParams = Params;

const base = {
  targetDifficulty: 900n,
  mismatchRatePpm: 1000n,
  tolerancePpm: 1n,
  maxValidators: 100,
  maxBatchNonces: 256,
  maxNoncesPerEpoch: 1_000_000n,
  maxParticipants: 1000,
  beaconSharePoints: 64,
  beaconGroupSize: 10,
  invalidPenalty: DEFAULT_DISPUTE_PARAMS.invalidPenalty,
  exclusionEpochs: DEFAULT_DISPUTE_PARAMS.exclusionEpochs,
  // Spam (docs/race-module.md "Spam"): a burned fee per new address, pruning of weightless participants, a cap on
  // the nonces one block takes in. Presets below scale them.
  registrationFee: 100n,
  pruneAfterEpochs: 0n,
  maxBlockNonces: 8192,
};

/** Short epochs for tests and the e2e localnet: the `test` model, 45 blocks per epoch (two beacons, checks, re-verification). */
export const TEST_RACE_PARAMS: Readonly<RaceParams> = Object.freeze({
  ...base,
  epochLength: 45n,
  raceBlocks: 8n,
  validationBlocks: 6n,
  beaconCommitBlocks: 3n,
  beaconComplaintBlocks: 2n,
  beaconRevealBlocks: 3n,
  beaconReconstructBlocks: 3n,
  modelConfig: 'test',
  sampleSize: 16,
  validatorsPerParticipant: 3,
});

/** The devnet (`npm start`, 1 s blocks): the `dev` model, a 20-block race in an 80-block epoch. */
export const DEV_RACE_PARAMS: Readonly<RaceParams> = Object.freeze({
  ...base,
  epochLength: 80n,
  raceBlocks: 20n,
  validationBlocks: 10n,
  beaconCommitBlocks: 5n,
  beaconComplaintBlocks: 3n,
  beaconRevealBlocks: 5n,
  beaconReconstructBlocks: 5n,
  modelConfig: 'dev',
  sampleSize: 32,
  validatorsPerParticipant: 3,
  registrationFee: 1_000_000n,
  pruneAfterEpochs: 10n,
  maxBlockNonces: 16_384,
});

/** The paper's settings (6 s blocks): a 10-minute race with the full model, one epoch a day. */
export const PAPER_RACE_PARAMS: Readonly<RaceParams> = Object.freeze({
  ...base,
  epochLength: 14_400n,
  raceBlocks: 100n,
  validationBlocks: 50n,
  beaconCommitBlocks: 10n,
  beaconComplaintBlocks: 5n,
  beaconRevealBlocks: 10n,
  beaconReconstructBlocks: 10n,
  modelConfig: 'paper',
  // 150 nonces × 2 checkers = 300 re-runs per claim, today's 3 × 100 (docs/race-security.md §4).
  sampleSize: 150,
  validatorsPerParticipant: 2,
  beaconGroupSize: 32,
  beaconSharePoints: 256,
  // ~4.7× an honest H100's ~14 k proofs per race; 1000 such participants fit under max_block_nonces.
  maxNoncesPerEpoch: 65_536n,
  registrationFee: 1_000_000_000n,
  pruneAfterEpochs: 30n,
  maxBlockNonces: 262_144,
});

export const RACE_PARAM_PRESETS = { test: TEST_RACE_PARAMS, dev: DEV_RACE_PARAMS, paper: PAPER_RACE_PARAMS } as const;

export function beaconLengthOf(p: RaceParams): bigint {
  return p.beaconCommitBlocks + p.beaconComplaintBlocks + p.beaconRevealBlocks + p.beaconReconstructBlocks;
}

/** The beacon library's params for these Race params (threshold 1/2, fallback below 1/3 of the group weight). */
export function beaconParamsOf(p: RaceParams): BeaconParams {
  return validateBeaconParams({
    commitBlocks: Number(p.beaconCommitBlocks),
    complaintBlocks: Number(p.beaconComplaintBlocks),
    revealBlocks: Number(p.beaconRevealBlocks),
    reconstructBlocks: Number(p.beaconReconstructBlocks),
    totalSharePoints: p.beaconSharePoints,
  });
}

function check(cond: boolean, msg: string): void {
  if (!cond) throw RaceErrors.InvalidParams.wrap(msg);
}

const MAX_BLOCKS = 10_000_000n;

/** Validates every field and the timeline (race + dispute beacon + checks + re-verification + beacon must fit in an epoch); returns a copy. */
export function validateRaceParams(input: RaceParams | undefined): RaceParams {
  check(input !== undefined && input !== null, 'params are required');
  const p = Params.fromPartial(input!);
  const blocks = (v: bigint, name: string) =>
    check(v >= 1n && v <= MAX_BLOCKS, `${name} must be in [1, ${MAX_BLOCKS}]`);
  blocks(p.epochLength, 'epoch_length');
  blocks(p.raceBlocks, 'race_blocks');
  blocks(p.validationBlocks, 'validation_blocks');
  blocks(p.beaconCommitBlocks, 'beacon_commit_blocks');
  blocks(p.beaconComplaintBlocks, 'beacon_complaint_blocks');
  blocks(p.beaconRevealBlocks, 'beacon_reveal_blocks');
  blocks(p.beaconReconstructBlocks, 'beacon_reconstruct_blocks');
  const used = p.raceBlocks + 2n * p.validationBlocks + 2n * beaconLengthOf(p);
  check(
    used <= p.epochLength,
    `race_blocks + 2 × validation_blocks + 2 × beacon windows (${used}) must fit in epoch_length ${p.epochLength}`,
  );
  check(
    Object.prototype.hasOwnProperty.call(RACE_CONFIGS, p.modelConfig),
    `model_config must be one of ${Object.keys(RACE_CONFIGS).join(', ')}, got ${JSON.stringify(p.modelConfig)}`,
  );
  check(p.targetDifficulty >= 2n && p.targetDifficulty <= 2n ** 40n, 'target_difficulty must be in [2, 2^40]');
  check(p.sampleSize >= 1 && p.sampleSize <= 1024, 'sample_size must be in [1, 1024]');
  check(p.invalidPenalty >= 1n && p.invalidPenalty <= 100n, 'invalid_penalty must be in [1, 100]');
  check(p.exclusionEpochs <= 10_000n, 'exclusion_epochs must be in [0, 10000]');
  // Checkers per sampled nonce: at least 2, so one lying checker is contradicted by the other.
  check(
    p.validatorsPerParticipant >= 2 && p.validatorsPerParticipant <= 16,
    'validators_per_participant (checkers per sampled nonce) must be in [2, 16]',
  );
  check(p.mismatchRatePpm < 1_000_000n, 'mismatch_rate_ppm must be below 1000000');
  check(p.tolerancePpm >= 1n && p.tolerancePpm < 1_000_000n, 'tolerance_ppm must be in [1, 999999]');
  check(p.maxValidators >= 1 && p.maxValidators <= 10_000, 'max_validators must be in [1, 10000]');
  check(p.maxBatchNonces >= 1 && p.maxBatchNonces <= 4096, 'max_batch_nonces must be in [1, 4096]');
  check(p.maxNoncesPerEpoch >= 1n && p.maxNoncesPerEpoch <= 1n << 20n, 'max_nonces_per_epoch must be in [1, 2^20]');
  check(p.maxParticipants >= 1 && p.maxParticipants <= 100_000, 'max_participants must be in [1, 100000]');
  check(p.registrationFee <= 10n ** 18n, 'registration_fee must be at most 10^18 nicoin');
  check(p.pruneAfterEpochs <= 10_000n, 'prune_after_epochs must be in [0, 10000]');
  check(p.maxBlockNonces >= 1 && p.maxBlockNonces <= 1 << 20, 'max_block_nonces must be in [1, 2^20]');
  check(
    p.beaconGroupSize >= 1 && p.beaconGroupSize <= MAX_GROUP_MEMBERS,
    `beacon_group_size must be in [1, ${MAX_GROUP_MEMBERS}]`,
  );
  check(
    p.beaconSharePoints >= 1 && p.beaconSharePoints <= MAX_SHARE_POINTS,
    `beacon_share_points must be in [1, ${MAX_SHARE_POINTS}]`,
  );
  try {
    beaconParamsOf(p);
  } catch (e) {
    throw RaceErrors.InvalidParams.wrap(`beacon params: ${(e as Error).message}`);
  }
  return p;
}

/**
 * Params for a chain whose epoch-0 weights are simply held (nobody races, so the weights carry over every epoch):
 * the shortest windows that fit, for tests of gov and pricing that need epoch boundaries every few blocks. At least
 * 11 blocks per epoch.
 */
export function holdWeightsParams(epochLength: bigint): RaceParams {
  return validateRaceParams({
    ...TEST_RACE_PARAMS,
    epochLength,
    raceBlocks: 1n,
    validationBlocks: 1n,
    beaconCommitBlocks: 1n,
    beaconComplaintBlocks: 1n,
    beaconRevealBlocks: 1n,
    beaconReconstructBlocks: 1n,
  });
}

/**
 * The dispute machine's params for these Race params: `sample_size` nonces per claim, `validators_per_participant`
 * checkers per sampled nonce, the same noise budget, penalty and exclusion length.
 */
export function disputeParamsOf(p: RaceParams): DisputeParams {
  return {
    sampleSize: p.sampleSize,
    checkersPerItem: p.validatorsPerParticipant,
    mismatchRatePpm: p.mismatchRatePpm,
    tolerancePpm: p.tolerancePpm,
    invalidPenalty: p.invalidPenalty,
    exclusionEpochs: p.exclusionEpochs,
  };
}
