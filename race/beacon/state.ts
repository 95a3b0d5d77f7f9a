import { toHexLower } from '../../chain/types/bytes.js';
import { compareUtf8, parseHex, toBytes } from './bytes.js';
import type { ExclusionReason, ShareFault } from './events.js';
import { BeaconError, fail } from './errors.js';
import { type BeaconMember, type BeaconMemberInput, buildGroup, totalWeightOf } from './group.js';
import type { EncryptedShares, Hex } from './messages.js';
import { type BeaconParams, type BeaconSchedule, beaconSchedule, validateBeaconParams } from './params.js';
import { thresholdPoints } from './weights.js';

export type DealerStatus = 'committed' | 'revealed' | 'reconstructed' | 'excluded';

export interface PublishedShares {
  member: string;
  values: Hex[];
}

export interface DealerExclusion {
  reason: ExclusionReason;
  /** The member whose complaint excluded the dealer, for 'bad_share'. */
  complainer: string | null;
  fault: ShareFault | null;
}

export interface DealerRecord {
  dealer: string;
  commitHeight: number;
  commitment: Hex;
  /** Pruned to [] at finalisation. */
  feldman: Hex[];
  /** In group order; pruned to [] at finalisation. */
  shares: EncryptedShares[];
  status: DealerStatus;
  /** Set once revealed or reconstructed. */
  secret: Hex | null;
  exclusion: DealerExclusion | null;
  /** Shares members published for reconstruction, in member order; pruned to [] at finalisation. */
  published: PublishedShares[];
}

export interface BeaconResult {
  seed: Hex;
  fallback: boolean;
  /** Dealers whose secrets make up the seed, in dealer order ([] on fallback). */
  dealers: string[];
  height: number;
  lastBlockHash: Hex;
}

/** The whole beacon of one epoch; plain JSON data, stored by the module and exported in genesis. */
export interface BeaconState {
  version: 1;
  /** The epoch whose seed this beacon produces. */
  epoch: number;
  params: BeaconParams;
  schedule: BeaconSchedule;
  group: BeaconMember[];
  totalWeight: string;
  thresholdPoints: number;
  previousSeed: Hex;
  /** In dealer (group) order. */
  dealers: DealerRecord[];
  result: BeaconResult | null;
}

export interface InitBeaconOpts {
  epoch: number;
  /** First height of the commit window. */
  commitStart: number;
  params?: Partial<BeaconParams>;
  group: readonly BeaconMemberInput[];
  /** Seed of the previous epoch (32 bytes); used only by the fallback. */
  previousSeed: Uint8Array | string;
}

export function initBeacon(opts: InitBeaconOpts): BeaconState {
  if (!Number.isSafeInteger(opts.epoch) || opts.epoch < 0) fail('bad_params', 'epoch must be a non-negative integer');
  const params = validateBeaconParams(opts.params ?? {});
  const group = buildGroup(opts.group, params.totalSharePoints);
  return {
    version: 1,
    epoch: opts.epoch,
    params,
    schedule: beaconSchedule(params, opts.commitStart),
    group,
    totalWeight: totalWeightOf(group).toString(),
    thresholdPoints: thresholdPoints(params.totalSharePoints, params.threshold),
    previousSeed: toHexLower(toBytes(opts.previousSeed, 'previousSeed', 32)),
    dealers: [],
    result: null,
  };
}

export function findMember(state: BeaconState, address: string): BeaconMember | undefined {
  return state.group.find((m) => m.address === address);
}

export function findDealer(state: BeaconState, dealer: string): DealerRecord | undefined {
  return state.dealers.find((d) => d.dealer === dealer);
}

/** Key-sorted JSON: the same state always encodes to the same bytes on every node. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value)) fail('bad_state', 'state holds a non-integer number');
  if (value === undefined || typeof value === 'bigint' || typeof value === 'function')
    fail('bad_state', 'state holds a non-JSON value');
  return JSON.stringify(value);
}

export function encodeBeaconState(state: BeaconState): string {
  return canonical(state);
}

/** Parses and checks a stored state; the group, schedule and threshold must re-derive exactly. */
export function decodeBeaconState(text: string): BeaconState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    fail('bad_state', 'beacon state is not JSON');
  }
  try {
    return checkState(raw);
  } catch (e) {
    if (e instanceof BeaconError && e.code !== 'bad_state') fail('bad_state', e.message);
    throw e;
  }
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('bad_state', `${what} must be an object`);
  return v as Record<string, unknown>;
}

function int(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    fail('bad_state', `${what} must be a non-negative integer`);
  return v;
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') fail('bad_state', `${what} must be a string`);
  return v;
}

function arr(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) fail('bad_state', `${what} must be an array`);
  return v;
}

function hex(v: unknown, what: string, len?: number): Hex {
  parseHex(v, what, len);
  return v as Hex;
}

function same(a: unknown, b: unknown, what: string): void {
  if (canonical(a) !== canonical(b)) fail('bad_state', `${what} does not match what its inputs derive`);
}

const STATUSES: readonly DealerStatus[] = ['committed', 'revealed', 'reconstructed', 'excluded'];
const REASONS: readonly ExclusionReason[] = ['bad_share', 'not_recovered', 'commitment_mismatch'];
const FAULTS: readonly ShareFault[] = ['undecryptable', 'malformed', 'invalid_share'];

function checkState(raw: unknown): BeaconState {
  const s = obj(raw, 'state');
  if (s.version !== 1) fail('bad_state', `unsupported beacon state version ${String(s.version)}`);
  const epoch = int(s.epoch, 'epoch');
  const params = validateBeaconParams(obj(s.params, 'params'));
  same(params, s.params, 'params');
  const schedule = beaconSchedule(params, int(obj(s.schedule, 'schedule').commitStart, 'schedule.commitStart'));
  same(schedule, s.schedule, 'schedule');
  const storedGroup = arr(s.group, 'group').map((m, i) => obj(m, `group[${i}]`));
  const group = buildGroup(
    storedGroup.map((m) => ({
      address: str(m.address, 'address'),
      weight: str(m.weight, 'weight'),
      pubKey: str(m.pubKey, 'pubKey'),
    })),
    params.totalSharePoints,
  );
  same(group, storedGroup, 'group');
  same(totalWeightOf(group).toString(), s.totalWeight, 'totalWeight');
  same(thresholdPoints(params.totalSharePoints, params.threshold), s.thresholdPoints, 'thresholdPoints');
  const previousSeed = hex(s.previousSeed, 'previousSeed', 32);
  const members = new Set(group.map((m) => m.address));
  const dealers = arr(s.dealers, 'dealers').map((d, i) => checkDealer(d, `dealers[${i}]`, members));
  for (let i = 1; i < dealers.length; i++) {
    if (compareUtf8(dealers[i - 1].dealer, dealers[i].dealer) >= 0)
      fail('bad_state', 'dealers are not in dealer order');
  }
  let result: BeaconResult | null = null;
  if (s.result !== null) {
    const r = obj(s.result, 'result');
    if (typeof r.fallback !== 'boolean') fail('bad_state', 'result.fallback must be a boolean');
    result = {
      seed: hex(r.seed, 'result.seed', 32),
      fallback: r.fallback,
      dealers: arr(r.dealers, 'result.dealers').map((d) => str(d, 'result.dealers[]')),
      height: int(r.height, 'result.height'),
      lastBlockHash: hex(r.lastBlockHash, 'result.lastBlockHash', 32),
    };
  }
  return {
    version: 1,
    epoch,
    params,
    schedule,
    group,
    totalWeight: totalWeightOf(group).toString(),
    thresholdPoints: thresholdPoints(params.totalSharePoints, params.threshold),
    previousSeed,
    dealers,
    result,
  };
}

function checkDealer(raw: unknown, what: string, members: Set<string>): DealerRecord {
  const d = obj(raw, what);
  const dealer = str(d.dealer, `${what}.dealer`);
  if (!members.has(dealer)) fail('bad_state', `${what}.dealer is not a member`);
  const status = str(d.status, `${what}.status`) as DealerStatus;
  if (!STATUSES.includes(status)) fail('bad_state', `${what}.status is unknown`);
  let exclusion: DealerExclusion | null = null;
  if (d.exclusion !== null) {
    const e = obj(d.exclusion, `${what}.exclusion`);
    const reason = str(e.reason, 'reason') as ExclusionReason;
    if (!REASONS.includes(reason)) fail('bad_state', `${what}.exclusion.reason is unknown`);
    const fault = e.fault === null ? null : (str(e.fault, 'fault') as ShareFault);
    if (fault !== null && !FAULTS.includes(fault)) fail('bad_state', `${what}.exclusion.fault is unknown`);
    exclusion = { reason, complainer: e.complainer === null ? null : str(e.complainer, 'complainer'), fault };
  }
  if ((status === 'excluded') !== (exclusion !== null))
    fail('bad_state', `${what} exclusion does not match its status`);
  return {
    dealer,
    commitHeight: int(d.commitHeight, `${what}.commitHeight`),
    commitment: hex(d.commitment, `${what}.commitment`, 32),
    feldman: arr(d.feldman, `${what}.feldman`).map((c) => hex(c, `${what}.feldman[]`, 33)),
    shares: arr(d.shares, `${what}.shares`).map((e, i) => {
      const x = obj(e, `${what}.shares[${i}]`);
      return {
        recipient: str(x.recipient, 'recipient'),
        ephemeralPubKey: hex(x.ephemeralPubKey, 'ephemeralPubKey', 33),
        ciphertext: hex(x.ciphertext, 'ciphertext'),
      };
    }),
    status,
    secret: d.secret === null ? null : hex(d.secret, `${what}.secret`, 32),
    exclusion,
    published: arr(d.published, `${what}.published`).map((p, i) => {
      const x = obj(p, `${what}.published[${i}]`);
      return { member: str(x.member, 'member'), values: arr(x.values, 'values').map((v) => hex(v, 'value', 32)) };
    }),
  };
}
