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
  validationEnd: bigint;
  beaconStart: bigint;
  commitEnd: bigint;
  complaintEnd: bigint;
  revealEnd: bigint;
  nextStart: bigint;
}

export type EpochPhase = 'race' | 'validation' | 'idle' | 'beacon_commit' | 'beacon_complaint' | 'beacon_reveal' | 'beacon_reconstruct' | 'after';

/** Race → validation → idle → beacon for the next seed, all inside [start, start + epoch_length). */
export function epochWindows(startHeight: bigint, p: RaceParams): EpochWindows {
  const nextStart = startHeight + p.epochLength;
  const beaconStart = nextStart - beaconLengthOf(p);
  const commitEnd = beaconStart + p.beaconCommitBlocks;
  const complaintEnd = commitEnd + p.beaconComplaintBlocks;
  return {
    start: startHeight,
    raceEnd: startHeight + p.raceBlocks,
    validationEnd: startHeight + p.raceBlocks + p.validationBlocks,
    beaconStart,
    commitEnd,
    complaintEnd,
    revealEnd: complaintEnd + p.beaconRevealBlocks,
    nextStart,
  };
}

export function phaseAt(w: EpochWindows, height: bigint): EpochPhase {
  if (height < w.raceEnd) return 'race';
  if (height < w.validationEnd) return 'validation';
  if (height < w.beaconStart) return 'idle';
  if (height < w.commitEnd) return 'beacon_commit';
  if (height < w.complaintEnd) return 'beacon_complaint';
  if (height < w.revealEnd) return 'beacon_reveal';
  if (height < w.nextStart) return 'beacon_reconstruct';
  return 'after';
}
