import { u32be, u64be } from '../../beacon/bytes.js';
import { taggedHash } from '../../beacon/hash.js';
import { utf8 } from '../../../chain/store/kv.js';
import { concatBytes } from '../../../chain/types/bytes.js';
import { SeededDraw } from '../draw.js';
import { isRandomnessDomain, type RandomnessDomain } from './domains.js';

/** The one tag under which all chain randomness is hashed; the domain inside it separates the uses. */
const TAG = 'race/v1/chain-randomness';
const MAX_U64 = (1n << 64n) - 1n;

/**
 * The chain's one randomness primitive: 32 bytes = H(tag ‖ beacon output ‖ u64 epoch ‖ domain ‖ id), every part
 * length-prefixed (race/beacon's taggedHash), so distinct (epoch, domain, id) never share an input. It depends only
 * on the beacon output and public identifiers: no block hash, proposer choice or clock enters (docs/race-security.md
 * says which beacon output each use takes and what it resists).
 */
export function chainRandomness(
  beaconOutput: Uint8Array,
  epoch: bigint,
  domain: RandomnessDomain,
  id: Uint8Array,
): Uint8Array {
  if (!(beaconOutput instanceof Uint8Array) || beaconOutput.length !== 32)
    throw new Error('beacon output must be 32 bytes');
  if (typeof epoch !== 'bigint' || epoch < 0n || epoch > MAX_U64)
    throw new Error(`epoch must be a u64, got ${String(epoch)}`);
  if (!isRandomnessDomain(domain))
    throw new Error(`unknown randomness domain ${JSON.stringify(domain)}: add it to RANDOMNESS_DOMAINS`);
  if (!(id instanceof Uint8Array)) throw new Error('id must be bytes');
  return taggedHash(TAG, beaconOutput, u64be(epoch), utf8(domain), id);
}

/** An id made of several parts, each length-prefixed so that ("ab", "c") and ("a", "bc") differ. */
export function randomnessId(...parts: Uint8Array[]): Uint8Array {
  return concatBytes(...parts.flatMap((p) => [u32be(p.length), p]));
}

/** A beacon output as the chain recorded it: `fallback` marks the grindable H(previous seed ‖ block hash) rule. */
export interface BeaconOutput {
  output: Uint8Array;
  fallback: boolean;
}

/**
 * Draws for one epoch from one beacon output. Built only from a beacon that settled by its dealers' secrets: a
 * fallback output is refused here, because its last block's proposer could grind it (the caller's fallback rule
 * applies instead; for disputes: `unresolvedWithoutRandomness`).
 */
export class EpochRandomness {
  private constructor(
    private readonly output: Uint8Array,
    readonly epoch: bigint,
  ) {}

  static of(beacon: BeaconOutput, epoch: bigint): EpochRandomness | undefined {
    if (beacon.fallback) return undefined;
    chainRandomness(beacon.output, epoch, 'race/v1/dispute/sample', new Uint8Array(0)); // validates the inputs once
    return new EpochRandomness(Uint8Array.from(beacon.output), epoch);
  }

  bytes(domain: RandomnessDomain, id: Uint8Array): Uint8Array {
    return chainRandomness(this.output, this.epoch, domain, id);
  }

  draw(domain: RandomnessDomain, id: Uint8Array): SeededDraw {
    return new SeededDraw(this.bytes(domain, id));
  }
}
