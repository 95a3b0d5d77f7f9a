import { toHexLower } from '../../chain/types/bytes.js';
import { compareUtf8, toBytes } from './bytes.js';
import { fail } from './errors.js';
import { MAX_GROUP_MEMBERS } from './params.js';
import { normalisePublicKey } from './scalar.js';
import { allocatePoints } from './weights.js';

export interface BeaconMemberInput {
  address: string;
  /** Voting weight from the previous Race; a positive integer. */
  weight: bigint | number | string;
  /** secp256k1 public key the member's shares are encrypted to (33 or 65 bytes, or hex of them). */
  pubKey: Uint8Array | string;
}

/** A member as stored: canonical key, decimal weight, and its contiguous range of share points. */
export interface BeaconMember {
  address: string;
  weight: string;
  pubKey: string;
  /** 1-based index of its first share point; its points are firstPoint .. firstPoint+points-1. */
  firstPoint: number;
  points: number;
}

const ADDRESS = /^[\x21-\x7e]{1,128}$/;

export function validateAddress(value: unknown, what: string): string {
  if (typeof value !== 'string' || !ADDRESS.test(value))
    fail('malformed', `${what} must be 1–128 printable ASCII characters`);
  return value;
}

function parseWeight(value: unknown, what: string): bigint {
  let w: bigint;
  if (typeof value === 'bigint') w = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) w = BigInt(value);
  else if (typeof value === 'string' && /^[0-9]{1,40}$/.test(value)) w = BigInt(value);
  else fail('bad_params', `${what} must be a positive integer`);
  if (w <= 0n) fail('bad_params', `${what} must be positive`);
  return w;
}

/** Canonical group: sorted by address bytes (this is "dealer order"), points allocated by weight. */
export function buildGroup(inputs: readonly BeaconMemberInput[], totalSharePoints: number): BeaconMember[] {
  if (!Array.isArray(inputs) || inputs.length === 0) fail('bad_params', 'the beacon group must not be empty');
  if (inputs.length > MAX_GROUP_MEMBERS) fail('bad_params', `the beacon group exceeds ${MAX_GROUP_MEMBERS} members`);
  const parsed = inputs.map((m, i) => {
    if (typeof m !== 'object' || m === null) fail('bad_params', `member ${i} must be an object`);
    const address = validateAddress(m.address, `member ${i} address`);
    const weight = parseWeight(m.weight, `member ${address} weight`);
    const pubKey = toHexLower(
      normalisePublicKey(toBytes(m.pubKey, `member ${address} pubKey`), `member ${address} pubKey`),
    );
    return { address, weight, pubKey };
  });
  parsed.sort((a, b) => compareUtf8(a.address, b.address));
  for (let i = 1; i < parsed.length; i++) {
    if (parsed[i].address === parsed[i - 1].address) fail('bad_params', `duplicate member ${parsed[i].address}`);
  }
  const points = allocatePoints(
    parsed.map((m) => m.weight),
    totalSharePoints,
  );
  let next = 1;
  return parsed.map((m, i) => {
    const member: BeaconMember = {
      address: m.address,
      weight: m.weight.toString(),
      pubKey: m.pubKey,
      firstPoint: next,
      points: points[i],
    };
    next += points[i];
    return member;
  });
}

export function pointIndices(m: BeaconMember): number[] {
  return Array.from({ length: m.points }, (_, k) => m.firstPoint + k);
}

export function totalWeightOf(group: readonly BeaconMember[]): bigint {
  return group.reduce((s, m) => s + BigInt(m.weight), 0n);
}
