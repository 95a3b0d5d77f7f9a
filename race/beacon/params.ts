import { fail } from './errors.js';
import type { Fraction } from './weights.js';

/** Consensus parameters of the beacon; they change only at an epoch boundary (the module's rule). */
export interface BeaconParams {
  /** Blocks in which dealers post MsgBeaconCommit. */
  commitBlocks: number;
  /** Blocks after the commit window in which members check their shares and complain; no secret is public yet. */
  complaintBlocks: number;
  /** Blocks in which dealers post MsgBeaconReveal. */
  revealBlocks: number;
  /** Blocks in which members publish their shares of dealers that did not reveal. */
  reconstructBlocks: number;
  /** Total share points dealt per secret (split by weight); bounds commit size and verification work. */
  totalSharePoints: number;
  /** Reconstruction needs strictly more than this fraction of all points; must be > 1/3 and < 1. */
  threshold: Fraction;
  /** Fewer included dealers than this → fallback seed. */
  minDealers: number;
  /** Included dealers must hold strictly more than this fraction of group weight, else fallback. */
  minDealerWeight: Fraction;
}

export const MAX_SHARE_POINTS = 1024;
export const MAX_GROUP_MEMBERS = 1024;
const MAX_WINDOW_BLOCKS = 1_000_000;
const MAX_DENOMINATOR = 1_000_000;

/** Devnet-sized defaults: 18 blocks of beacon at the end of each epoch, 64 points, reconstruction by > 1/2. */
export const DEFAULT_BEACON_PARAMS: Readonly<BeaconParams> = Object.freeze({
  commitBlocks: 5,
  complaintBlocks: 3,
  revealBlocks: 5,
  reconstructBlocks: 5,
  totalSharePoints: 64,
  threshold: Object.freeze({ num: 1, den: 2 }),
  minDealers: 1,
  minDealerWeight: Object.freeze({ num: 1, den: 3 }),
});

function intIn(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    fail('bad_params', `${what} must be an integer in [${min}, ${max}]`);
  }
  return value;
}

function fraction(value: unknown, what: string): Fraction {
  if (typeof value !== 'object' || value === null) fail('bad_params', `${what} must be {num, den}`);
  const v = value as Record<string, unknown>;
  const den = intIn(v.den, `${what}.den`, 1, MAX_DENOMINATOR);
  const num = intIn(v.num, `${what}.num`, 0, MAX_DENOMINATOR);
  return { num, den };
}

/** Validated, normalised copy of (defaults overlaid with) the given params. */
export function validateBeaconParams(input: unknown = {}): BeaconParams {
  if (typeof input !== 'object' || input === null) fail('bad_params', 'params must be an object');
  const raw = { ...DEFAULT_BEACON_PARAMS, ...(input as Partial<BeaconParams>) };
  const p: BeaconParams = {
    commitBlocks: intIn(raw.commitBlocks, 'commitBlocks', 1, MAX_WINDOW_BLOCKS),
    complaintBlocks: intIn(raw.complaintBlocks, 'complaintBlocks', 1, MAX_WINDOW_BLOCKS),
    revealBlocks: intIn(raw.revealBlocks, 'revealBlocks', 1, MAX_WINDOW_BLOCKS),
    reconstructBlocks: intIn(raw.reconstructBlocks, 'reconstructBlocks', 1, MAX_WINDOW_BLOCKS),
    totalSharePoints: intIn(raw.totalSharePoints, 'totalSharePoints', 1, MAX_SHARE_POINTS),
    threshold: fraction(raw.threshold, 'threshold'),
    minDealers: intIn(raw.minDealers, 'minDealers', 1, MAX_GROUP_MEMBERS),
    minDealerWeight: fraction(raw.minDealerWeight, 'minDealerWeight'),
  };
  // Above 1/3 so a coalition within the BFT fault bound cannot open any secret early.
  if (3 * p.threshold.num <= p.threshold.den) fail('bad_params', 'threshold must be strictly above 1/3');
  if (p.threshold.num >= p.threshold.den) fail('bad_params', 'threshold must be below 1');
  if (p.minDealerWeight.num >= p.minDealerWeight.den) fail('bad_params', 'minDealerWeight must be below 1');
  return p;
}

/** Window boundaries as block heights; every end is exclusive, and the seed is usable from reconstructEnd on. */
export interface BeaconSchedule {
  commitStart: number;
  commitEnd: number;
  complaintEnd: number;
  revealEnd: number;
  reconstructEnd: number;
}

export type BeaconPhase = 'before' | 'commit' | 'complaint' | 'reveal' | 'reconstruct' | 'after';

export function beaconLength(params: BeaconParams): number {
  return params.commitBlocks + params.complaintBlocks + params.revealBlocks + params.reconstructBlocks;
}

export function beaconSchedule(params: BeaconParams, commitStart: number): BeaconSchedule {
  intIn(commitStart, 'commitStart', 0, Number.MAX_SAFE_INTEGER - beaconLength(params));
  const commitEnd = commitStart + params.commitBlocks;
  const complaintEnd = commitEnd + params.complaintBlocks;
  const revealEnd = complaintEnd + params.revealBlocks;
  return { commitStart, commitEnd, complaintEnd, revealEnd, reconstructEnd: revealEnd + params.reconstructBlocks };
}

export function phaseAt(s: BeaconSchedule, height: number): BeaconPhase {
  if (height < s.commitStart) return 'before';
  if (height < s.commitEnd) return 'commit';
  if (height < s.complaintEnd) return 'complaint';
  if (height < s.revealEnd) return 'reveal';
  if (height < s.reconstructEnd) return 'reconstruct';
  return 'after';
}
