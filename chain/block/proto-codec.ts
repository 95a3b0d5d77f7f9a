import '../util/cosmjs-int64-fix.js';
import { Block as PbBlock } from 'cosmjs-types/tendermint/types/block';
import {
  Evidence as PbEvidence,
  DuplicateVoteEvidence as PbDuplicateVoteEvidence,
} from 'cosmjs-types/tendermint/types/evidence';
import {
  BlockID as PbBlockID,
  Commit as PbCommit,
  CommitSig as PbCommitSig,
  Header as PbHeader,
  Proposal as PbProposal,
  Vote as PbVote,
} from 'cosmjs-types/tendermint/types/types';
import type { Block, BlockId, Commit, CommitSig, DuplicateVoteEvidence, Evidence, Header } from '../types/block.js';
import { isNilBlockId } from '../types/block.js';
import { nsToTimestamp, timestampToNs } from '../types/time.js';
import { PROPOSAL_TYPE, VoteType, type Proposal, type Vote } from '../types/vote.js';

/** Our block structures ↔ tendermint.types protobuf (cosmjs-types), the one binary encoding used for hashing, storage and wire. */

const EMPTY = new Uint8Array(0);

function safeHeight(h: bigint, what: string): number {
  if (h < 0n || h > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`${what} out of range: ${h}`);
  return Number(h);
}

export function blockIdToProto(id: BlockId | null): PbBlockID {
  if (id === null) return { hash: EMPTY, partSetHeader: { total: 0, hash: EMPTY } };
  return { hash: id.hash, partSetHeader: { total: id.partSetHeader.total, hash: id.partSetHeader.hash } };
}

export function blockIdFromProto(p: PbBlockID | undefined): BlockId {
  return {
    hash: p?.hash ?? EMPTY,
    partSetHeader: { total: p?.partSetHeader?.total ?? 0, hash: p?.partSetHeader?.hash ?? EMPTY },
  };
}

export function headerToProto(h: Header): PbHeader {
  return {
    version: { block: h.version.block, app: h.version.app },
    chainId: h.chainId,
    height: BigInt(h.height),
    time: nsToTimestamp(h.timeNs),
    lastBlockId: blockIdToProto(h.lastBlockId),
    lastCommitHash: h.lastCommitHash,
    dataHash: h.dataHash,
    validatorsHash: h.validatorsHash,
    nextValidatorsHash: h.nextValidatorsHash,
    consensusHash: h.consensusHash,
    appHash: h.appHash,
    lastResultsHash: h.lastResultsHash,
    evidenceHash: h.evidenceHash,
    proposerAddress: h.proposerAddress,
  };
}

export function headerFromProto(p: PbHeader): Header {
  return {
    version: { block: p.version?.block ?? 0n, app: p.version?.app ?? 0n },
    chainId: p.chainId,
    height: safeHeight(p.height, 'header height'),
    timeNs: timestampToNs(p.time),
    lastBlockId: blockIdFromProto(p.lastBlockId),
    lastCommitHash: p.lastCommitHash,
    dataHash: p.dataHash,
    validatorsHash: p.validatorsHash,
    nextValidatorsHash: p.nextValidatorsHash,
    consensusHash: p.consensusHash,
    appHash: p.appHash,
    lastResultsHash: p.lastResultsHash,
    evidenceHash: p.evidenceHash,
    proposerAddress: p.proposerAddress,
  };
}

export function commitSigToProto(s: CommitSig): PbCommitSig {
  return {
    blockIdFlag: s.blockIdFlag as number,
    validatorAddress: s.validatorAddress,
    timestamp: nsToTimestamp(s.timestampNs),
    signature: s.signature,
  };
}

function commitToProto(c: Commit): PbCommit {
  return {
    height: BigInt(c.height),
    round: c.round,
    blockId: blockIdToProto(c.blockId),
    signatures: c.signatures.map(commitSigToProto),
  };
}

function commitFromProto(p: PbCommit): Commit {
  return {
    height: safeHeight(p.height, 'commit height'),
    round: p.round,
    blockId: blockIdFromProto(p.blockId),
    signatures: p.signatures.map((s) => ({
      blockIdFlag: s.blockIdFlag as number,
      validatorAddress: s.validatorAddress,
      timestampNs: timestampToNs(s.timestamp),
      signature: s.signature,
    })),
  };
}

function voteToProto(v: Vote): PbVote {
  return {
    type: v.type as number,
    height: BigInt(v.height),
    round: v.round,
    blockId: blockIdToProto(v.blockId),
    timestamp: nsToTimestamp(v.timestampNs),
    validatorAddress: v.validatorAddress,
    validatorIndex: v.validatorIndex,
    signature: v.signature,
    extension: EMPTY,
    extensionSignature: EMPTY,
  };
}

function voteFromProto(p: PbVote): Vote {
  const t = p.type as number;
  if (t !== VoteType.Prevote && t !== VoteType.Precommit) throw new Error(`vote has invalid type ${p.type}`);
  const blockId = blockIdFromProto(p.blockId);
  return {
    type: p.type as number as VoteType,
    height: safeHeight(p.height, 'vote height'),
    round: p.round,
    blockId: isNilBlockId(blockId) ? null : blockId,
    timestampNs: timestampToNs(p.timestamp),
    validatorAddress: p.validatorAddress,
    validatorIndex: p.validatorIndex,
    signature: p.signature,
  };
}

export function encodeVote(v: Vote): Uint8Array {
  return PbVote.encode(voteToProto(v)).finish();
}

export function decodeVote(bytes: Uint8Array): Vote {
  return voteFromProto(PbVote.decode(bytes));
}

export function encodeProposal(p: Proposal): Uint8Array {
  return PbProposal.encode({
    type: PROPOSAL_TYPE,
    height: BigInt(p.height),
    round: p.round,
    polRound: p.polRound,
    blockId: blockIdToProto(p.blockId),
    timestamp: nsToTimestamp(p.timestampNs),
    signature: p.signature,
  }).finish();
}

export function decodeProposal(bytes: Uint8Array): Proposal {
  const p = PbProposal.decode(bytes);
  if (p.type !== PROPOSAL_TYPE) throw new Error(`proposal has invalid type ${p.type}`);
  return {
    height: safeHeight(p.height, 'proposal height'),
    round: p.round,
    polRound: p.polRound,
    blockId: blockIdFromProto(p.blockId),
    timestampNs: timestampToNs(p.timestamp),
    signature: p.signature,
  };
}

function duplicateVoteEvidenceToProto(e: DuplicateVoteEvidence): PbDuplicateVoteEvidence {
  return {
    voteA: PbVote.decode(e.voteA),
    voteB: PbVote.decode(e.voteB),
    totalVotingPower: e.totalVotingPower,
    validatorPower: e.validatorPower,
    timestamp: nsToTimestamp(e.timestampNs),
  };
}

function duplicateVoteEvidenceFromProto(p: PbDuplicateVoteEvidence): DuplicateVoteEvidence {
  if (!p.voteA || !p.voteB) throw new Error('duplicate vote evidence lacks a vote');
  const a = voteFromProto(p.voteA);
  return {
    type: 'duplicate_vote',
    voteA: PbVote.encode(p.voteA).finish(),
    voteB: PbVote.encode(p.voteB).finish(),
    height: a.height,
    validatorAddress: a.validatorAddress,
    validatorPower: p.validatorPower,
    totalVotingPower: p.totalVotingPower,
    timestampNs: timestampToNs(p.timestamp),
  };
}

/** CometBFT's DuplicateVoteEvidence.Bytes(): what the evidence hash commits to. */
export function encodeEvidence(e: Evidence): Uint8Array {
  return PbDuplicateVoteEvidence.encode(duplicateVoteEvidenceToProto(e)).finish();
}

export function decodeEvidence(bytes: Uint8Array): Evidence {
  return duplicateVoteEvidenceFromProto(PbDuplicateVoteEvidence.decode(bytes));
}

function blockToProto(b: Block): PbBlock {
  return {
    header: headerToProto(b.header),
    data: { txs: b.txs },
    evidence: { evidence: b.evidence.map((e) => ({ duplicateVoteEvidence: duplicateVoteEvidenceToProto(e) })) },
    lastCommit: commitToProto(b.lastCommit),
  };
}

export function encodeBlock(b: Block): Uint8Array {
  return PbBlock.encode(blockToProto(b)).finish();
}

export function decodeBlock(bytes: Uint8Array): Block {
  const p = PbBlock.decode(bytes);
  const evidence = p.evidence.evidence.map((e: PbEvidence) => {
    if (!e.duplicateVoteEvidence) throw new Error('block carries an unsupported evidence type');
    return duplicateVoteEvidenceFromProto(e.duplicateVoteEvidence);
  });
  const header = headerFromProto(p.header);
  return {
    header,
    txs: p.data.txs,
    evidence,
    lastCommit: p.lastCommit
      ? commitFromProto(p.lastCommit)
      : { height: 0, round: 0, blockId: blockIdFromProto(undefined), signatures: [] },
  };
}

export function encodeCommit(c: Commit): Uint8Array {
  return PbCommit.encode(commitToProto(c)).finish();
}

export function decodeCommit(bytes: Uint8Array): Commit {
  return commitFromProto(PbCommit.decode(bytes));
}
