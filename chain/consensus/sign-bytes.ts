/**
 * Canonical sign bytes, byte-for-byte CometBFT's (types/canonical.go): a length-delimited CanonicalVote /
 * CanonicalProposal with fixed-size height and round, the chain id last, and a nil block id left out entirely.
 */
import { BinaryReader, BinaryWriter } from 'cosmjs-types/binary';
import { Timestamp } from 'cosmjs-types/google/protobuf/timestamp';
import { isNilBlockId, type BlockId } from '../types/block.js';
import { nsToTimestamp, timestampToNs } from '../types/time.js';
import { PROPOSAL_TYPE, type Proposal, type Vote } from '../types/vote.js';

function writeCanonicalBlockId(w: BinaryWriter, field: number, id: BlockId | null): void {
  if (id === null || isNilBlockId(id)) return;
  w.uint32((field << 3) | 2).fork();
  if (id.hash.length) w.uint32(10).bytes(id.hash);
  w.uint32(18).fork();
  if (id.partSetHeader.total !== 0) w.uint32(8).uint32(id.partSetHeader.total);
  if (id.partSetHeader.hash.length) w.uint32(18).bytes(id.partSetHeader.hash);
  w.ldelim();
  w.ldelim();
}

function writeTimestamp(w: BinaryWriter, field: number, ns: bigint): void {
  Timestamp.encode(nsToTimestamp(ns), w.uint32((field << 3) | 2).fork()).ldelim();
}

function delimited(body: Uint8Array): Uint8Array {
  return BinaryWriter.create().bytes(body).finish();
}

export function voteSignBytes(
  chainId: string,
  v: Pick<Vote, 'type' | 'height' | 'round' | 'blockId' | 'timestampNs'>,
): Uint8Array {
  const w = BinaryWriter.create();
  if ((v.type as number) !== 0) w.uint32(8).int32(v.type);
  if (v.height !== 0) w.uint32(17).sfixed64(BigInt(v.height));
  if (v.round !== 0) w.uint32(25).sfixed64(BigInt(v.round));
  writeCanonicalBlockId(w, 4, v.blockId);
  writeTimestamp(w, 5, v.timestampNs);
  if (chainId !== '') w.uint32(50).string(chainId);
  return delimited(w.finish());
}

export function proposalSignBytes(
  chainId: string,
  p: Pick<Proposal, 'height' | 'round' | 'polRound' | 'blockId' | 'timestampNs'>,
): Uint8Array {
  const w = BinaryWriter.create();
  w.uint32(8).int32(PROPOSAL_TYPE);
  if (p.height !== 0) w.uint32(17).sfixed64(BigInt(p.height));
  if (p.round !== 0) w.uint32(25).sfixed64(BigInt(p.round));
  if (p.polRound !== 0) w.uint32(32).int64(BigInt(p.polRound));
  writeCanonicalBlockId(w, 5, p.blockId);
  writeTimestamp(w, 6, p.timestampNs);
  if (chainId !== '') w.uint32(58).string(chainId);
  return delimited(w.finish());
}

/**
 * Reads the timestamp back out of canonical sign bytes (the double-sign guard needs it to re-sign a vote that
 * differs only in its timestamp). Returns null when the bytes are not a canonical vote/proposal.
 */
export function signBytesTimestampNs(signBytes: Uint8Array): bigint | null {
  try {
    const outer = new BinaryReader(signBytes);
    const len = outer.uint32();
    const r = new BinaryReader(signBytes.subarray(outer.pos, outer.pos + len));
    let type = 0;
    let tsBytes: Uint8Array | null = null;
    const fields: Array<[number, Uint8Array]> = [];
    while (r.pos < r.len) {
      const tag = r.uint32();
      const field = tag >>> 3;
      if (field === 1 && (tag & 7) === 0) {
        type = r.int32();
      } else if ((tag & 7) === 2) {
        fields.push([field, r.bytes()]);
      } else {
        r.skipType(tag & 7);
      }
    }
    const tsField = type === PROPOSAL_TYPE ? 6 : 5;
    for (const [f, b] of fields) if (f === tsField) tsBytes = b;
    return tsBytes ? timestampToNs(Timestamp.decode(tsBytes)) : null;
  } catch {
    return null;
  }
}
