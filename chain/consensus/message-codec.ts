import { BinaryReader, BinaryWriter } from 'cosmjs-types/binary';
import type { BlockId } from '../types/block.js';
import { concatBytes } from '../types/bytes.js';
import {
  decodeBlock,
  decodeCommit,
  decodeEvidence,
  decodeProposal,
  decodeVote,
  encodeBlock,
  encodeCommit,
  encodeEvidence,
  encodeProposal,
  encodeVote,
} from '../block/proto-codec.js';
import { isNilBlockId } from '../types/block.js';
import type { ConsensusMessage } from './types.js';
import type { Proposal, Vote } from '../types/vote.js';

/**
 * The one binary form of a consensus message, used by the WAL and by any network transport: a tag byte, then the
 * tendermint.types protobuf of the parts (length-prefixed where two parts follow each other). Decoding never
 * throws anything but a plain Error with a reason, and checks the structural rules (ValidateBasic) too.
 */
const TAG = { proposal: 1, vote: 2, decision: 3, status: 4, evidence: 5 } as const;
const MAX_ROUND = 2 ** 31 - 1;

function lengthPrefixed(b: Uint8Array): Uint8Array {
  return BinaryWriter.create().bytes(b).finish();
}

export function encodeConsensusMessage(m: ConsensusMessage): Uint8Array {
  switch (m.type) {
    case 'proposal':
      return concatBytes(
        new Uint8Array([TAG.proposal]),
        lengthPrefixed(encodeProposal(m.proposal)),
        encodeBlock(m.block),
      );
    case 'vote':
      return concatBytes(new Uint8Array([TAG.vote]), encodeVote(m.vote));
    case 'decision':
      return concatBytes(new Uint8Array([TAG.decision]), lengthPrefixed(encodeCommit(m.commit)), encodeBlock(m.block));
    case 'status':
      return concatBytes(
        new Uint8Array([TAG.status]),
        BinaryWriter.create().uint64(BigInt(m.height)).uint32(m.round).finish(),
      );
    case 'evidence':
      return concatBytes(new Uint8Array([TAG.evidence]), encodeEvidence(m.evidence));
  }
}

function splitPrefixed(body: Uint8Array): [Uint8Array, Uint8Array] {
  const r = new BinaryReader(body);
  const first = r.bytes();
  return [first, body.subarray(r.pos)];
}

export function decodeConsensusMessage(bytes: Uint8Array): ConsensusMessage {
  if (bytes.length === 0) throw new Error('empty consensus message');
  const body = bytes.subarray(1);
  let msg: ConsensusMessage;
  try {
    switch (bytes[0]) {
      case TAG.proposal: {
        const [p, b] = splitPrefixed(body);
        msg = { type: 'proposal', proposal: decodeProposal(p), block: decodeBlock(b) };
        break;
      }
      case TAG.vote:
        msg = { type: 'vote', vote: decodeVote(body) };
        break;
      case TAG.decision: {
        const [c, b] = splitPrefixed(body);
        msg = { type: 'decision', commit: decodeCommit(c), block: decodeBlock(b) };
        break;
      }
      case TAG.status: {
        const r = new BinaryReader(body);
        const height = r.uint64();
        const round = r.uint32();
        if (height > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('status height out of range');
        msg = { type: 'status', height: Number(height), round };
        break;
      }
      case TAG.evidence:
        msg = { type: 'evidence', evidence: decodeEvidence(body) };
        break;
      default:
        throw new Error(`unknown consensus message tag ${bytes[0]}`);
    }
  } catch (e) {
    throw new Error(`malformed consensus message: ${(e as Error).message}`, { cause: e });
  }
  validateMessageBasic(msg);
  return msg;
}

function checkBlockId(id: BlockId, what: string): void {
  if (id.hash.length !== 32) throw new Error(`${what}: block hash must be 32 bytes`);
  if (id.partSetHeader.total < 1 || id.partSetHeader.hash.length !== 32)
    throw new Error(`${what}: invalid part set header`);
}

function validateVoteBasic(v: Vote): void {
  if (!Number.isSafeInteger(v.height) || v.height < 1) throw new Error('vote: height must be positive');
  if (!Number.isInteger(v.round) || v.round < 0 || v.round > MAX_ROUND) throw new Error('vote: invalid round');
  if (!Number.isInteger(v.validatorIndex) || v.validatorIndex < 0) throw new Error('vote: invalid validator index');
  if (v.validatorAddress.length !== 20) throw new Error('vote: validator address must be 20 bytes');
  if (v.signature.length !== 64) throw new Error('vote: signature must be 64 bytes');
  if (v.blockId !== null && !isNilBlockId(v.blockId)) checkBlockId(v.blockId, 'vote');
}

function validateProposalBasic(p: Proposal): void {
  if (!Number.isSafeInteger(p.height) || p.height < 1) throw new Error('proposal: height must be positive');
  if (!Number.isInteger(p.round) || p.round < 0 || p.round > MAX_ROUND) throw new Error('proposal: invalid round');
  if (p.polRound < -1 || p.polRound >= p.round) throw new Error('proposal: POL round must be -1 or below the round');
  checkBlockId(p.blockId, 'proposal');
  if (p.signature.length !== 64) throw new Error('proposal: signature must be 64 bytes');
}

function validateMessageBasic(m: ConsensusMessage): void {
  switch (m.type) {
    case 'proposal':
      validateProposalBasic(m.proposal);
      if (m.block.header.height !== m.proposal.height)
        throw new Error('proposal: block height differs from proposal height');
      break;
    case 'vote':
      validateVoteBasic(m.vote);
      break;
    case 'decision':
      if (m.commit.height !== m.block.header.height)
        throw new Error('decision: commit height differs from block height');
      checkBlockId(m.commit.blockId, 'decision');
      break;
    case 'status':
      if (m.round > MAX_ROUND) throw new Error('status: invalid round');
      break;
    case 'evidence':
      break;
  }
}
