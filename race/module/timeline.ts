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
 */
export function epochWindows(startHeight: bigint, p: RaceParams): EpochWindows {
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
