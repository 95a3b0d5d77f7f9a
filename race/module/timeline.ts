import type { RaceParams } from './params.js';
import { beaconLengthOf } from './params.js';

/** The current epoch as stored: its number, first height, seed and how the seed came about. */
export interface EpochRecord {
  epoch: bigint;
  startHeight: bigint;
  /** 32-byte seed, lowercase hex. */
  seed: string;
  seedFallback: boolean;
}

/** Window boundaries of one epoch (heights; every end exclusive). */
export interface EpochWindows {
  start: bigint;
  raceEnd: bigint;
  /** The dispute beacon runs [raceEnd, checkStart); its output draws samples and checkers (nobody knows it during the race). */
  checkStart: bigint;
  /** Committee checks [checkStart, checkEnd), then re-verification of disputed nonces [checkEnd, validationEnd). */
  checkEnd: bigint;
  validationEnd: bigint;
  beaconStart: bigint;
  commitEnd: bigint;
  complaintEnd: bigint;
  revealEnd: bigint;
  nextStart: bigint;
}

export type EpochPhase =
  | 'race'
  | 'dispute_beacon'
  | 'validation'
  | 'reverification'
  | 'idle'
  | 'beacon_commit'
  | 'beacon_complaint'
  | 'beacon_reveal'
  | 'beacon_reconstruct'
  | 'after';

/**
 * Race → dispute beacon → committee checks → re-verification → idle → beacon for the next seed, all inside
 * [start, start + epoch_length). The check and re-verification windows are each `validation_blocks` long.
 *
 * `nextStart` is the latest start of the next epoch: the epoch ends early, in the block where the next seed becomes
 * computable from state (epoch-end.ts), so that the next race opens exactly then (issue 11 item 2).
 *
 * Epoch 0 races nothing (issue 11 item 3): its race, dispute and check windows are empty and the seed beacon starts
 * at once (its first commit at start + 2, the first height whose EndBlock can start it on any chain), so the first
 * race's seed comes from a beacon run after genesis, never from the genesis file.
 */
export function epochWindows(startHeight: bigint, p: RaceParams, epoch?: bigint): EpochWindows {
  if (epoch === 0n) return genesisEpochWindows(startHeight, p);
  const nextStart = startHeight + p.epochLength;
  const beaconStart = nextStart - beaconLengthOf(p);
  const commitEnd = beaconStart + p.beaconCommitBlocks;
  const complaintEnd = commitEnd + p.beaconComplaintBlocks;
  const raceEnd = startHeight + p.raceBlocks;
  const checkStart = raceEnd + beaconLengthOf(p);
  const checkEnd = checkStart + p.validationBlocks;
  return {
    start: startHeight,
    raceEnd,
    checkStart,
    checkEnd,
    validationEnd: checkEnd + p.validationBlocks,
    beaconStart,
    commitEnd,
    complaintEnd,
    revealEnd: complaintEnd + p.beaconRevealBlocks,
    nextStart,
  };
}

function genesisEpochWindows(start: bigint, p: RaceParams): EpochWindows {
  const beaconStart = start + 2n;
  const commitEnd = beaconStart + p.beaconCommitBlocks;
  const complaintEnd = commitEnd + p.beaconComplaintBlocks;
  const revealEnd = complaintEnd + p.beaconRevealBlocks;
  return {
    start,
    raceEnd: start,
    checkStart: start,
    checkEnd: start,
    validationEnd: start,
    beaconStart,
    commitEnd,
    complaintEnd,
    revealEnd,
    // validateRaceParams makes two beacon windows fit in epoch_length, so this one (plus 2) does too.
    nextStart: start + p.epochLength,
  };
}

/** The windows of the epoch a record describes. */
export const windowsOf = (rec: EpochRecord, p: RaceParams): EpochWindows => epochWindows(rec.startHeight, p, rec.epoch);

export function phaseAt(w: EpochWindows, height: bigint): EpochPhase {
  if (height < w.raceEnd) return 'race';
  if (height < w.checkStart) return 'dispute_beacon';
  if (height < w.checkEnd) return 'validation';
  if (height < w.validationEnd) return 'reverification';
  if (height < w.beaconStart) return 'idle';
  if (height < w.commitEnd) return 'beacon_commit';
  if (height < w.complaintEnd) return 'beacon_complaint';
  if (height < w.revealEnd) return 'beacon_reveal';
  if (height < w.nextStart) return 'beacon_reconstruct';
  return 'after';
}
