import { utf8ToBytes } from '@noble/hashes/utils.js';
import { parseHex, u64be } from './bytes.js';
import { BEACON_DOMAIN, taggedHash } from './hash.js';
import { openWithSharedPoint } from './ecies.js';
import type { ShareFault } from './events.js';
import { verifyShares } from './feldman.js';
import type { BeaconMember } from './group.js';
import { pointIndices } from './group.js';
import { type CurvePoint, CURVE_ORDER, decodePoint } from './scalar.js';
import type { DealerRecord } from './state.js';

export type ShareVerdict = { ok: true; values: bigint[] } | { ok: false; fault: ShareFault };

export function decodeFeldman(rec: DealerRecord): CurvePoint[] {
  return rec.feldman.map((c, i) => decodePoint(parseHex(c, `feldman[${i}]`, 33), `feldman[${i}]`));
}

/**
 * What the dealer's ciphertext for `member` decrypts to under `sharedPoint`, checked against the
 * dealer's Feldman commitments. The chain runs this on a complaint, a member on its own shares:
 * the same inputs give the same verdict everywhere.
 */
export function judgeShares(
  epoch: number,
  rec: DealerRecord,
  member: BeaconMember,
  sharedPoint: Uint8Array,
): ShareVerdict {
  const sealed = rec.shares.find((s) => s.recipient === member.address);
  if (!sealed) return { ok: false, fault: 'undecryptable' };
  const plaintext = openWithSharedPoint(
    sharedPoint,
    parseHex(sealed.ephemeralPubKey, 'ephemeralPubKey', 33),
    parseHex(member.pubKey, 'pubKey', 33),
    parseHex(sealed.ciphertext, 'ciphertext'),
    { epoch, dealer: rec.dealer, recipient: member.address },
  );
  if (plaintext === null) return { ok: false, fault: 'undecryptable' };
  if (plaintext.length !== 32 * member.points) return { ok: false, fault: 'malformed' };
  const values: bigint[] = [];
  for (let k = 0; k < member.points; k++) {
    let v = 0n;
    for (const b of plaintext.subarray(32 * k, 32 * k + 32)) v = (v << 8n) | BigInt(b);
    if (v >= CURVE_ORDER) return { ok: false, fault: 'malformed' };
    values.push(v);
  }
  const indices = pointIndices(member);
  if (
    !verifyShares(
      decodeFeldman(rec),
      values.map((value, k) => ({ index: indices[k], value })),
    )
  )
    return { ok: false, fault: 'invalid_share' };
  return { ok: true, values };
}

/** Binds a complaint's proof to one epoch, dealer and complainer, so it cannot be replayed elsewhere. */
export function complaintContext(epoch: number, dealer: string, complainer: string): Uint8Array {
  return taggedHash(BEACON_DOMAIN.dleq, u64be(epoch), utf8ToBytes(dealer), utf8ToBytes(complainer));
}
