import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { initBeacon, type BeaconParams, type BeaconState } from '../../../race/beacon/index.js';

/** A reproducible byte stream: sha256(label ‖ counter) blocks, so tests never depend on Math.random. */
export function seededRandom(label: string): (n: number) => Uint8Array {
  let counter = 0;
  return (n: number) => {
    const out = new Uint8Array(n);
    for (let off = 0; off < n; off += 32) {
      const block = sha256(new TextEncoder().encode(`${label}/${counter++}`));
      out.set(block.subarray(0, Math.min(32, n - off)), off);
    }
    return out;
  };
}

export interface TestMember {
  address: string;
  weight: bigint;
  secretKey: Uint8Array;
  pubKey: Uint8Array;
}

export function makeMembers(weights: readonly (number | bigint)[], label = 'member'): TestMember[] {
  return weights.map((w, i) => {
    const secretKey = secp256k1.utils.randomSecretKey(seededRandom(`${label}/key/${i}`)(48));
    return {
      address: `race1${label}${String(i).padStart(3, '0')}`,
      weight: BigInt(w),
      secretKey,
      pubKey: secp256k1.getPublicKey(secretKey),
    };
  });
}

export const PREVIOUS_SEED = bytesToHex(sha256(new TextEncoder().encode('previous seed')));
export const LAST_BLOCK_HASH = bytesToHex(sha256(new TextEncoder().encode('last block')));

/** Small windows: commit 10..11, complaint 12, reveal 13..14, reconstruct 15..16; final in EndBlock of 16. */
export const TEST_PARAMS: Partial<BeaconParams> = {
  commitBlocks: 2,
  complaintBlocks: 1,
  revealBlocks: 2,
  reconstructBlocks: 2,
  totalSharePoints: 16,
};

export function makeBeacon(
  members: readonly TestMember[],
  params: Partial<BeaconParams> = TEST_PARAMS,
  epoch = 7,
): BeaconState {
  return initBeacon({
    epoch,
    commitStart: 10,
    params,
    group: members.map((m) => ({ address: m.address, weight: m.weight, pubKey: m.pubKey })),
    previousSeed: PREVIOUS_SEED,
  });
}
