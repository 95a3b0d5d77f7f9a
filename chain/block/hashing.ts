import { sha256 } from '@noble/hashes/sha2.js';
import { BinaryWriter } from 'cosmjs-types/binary';
import { ExecTxResult as PbExecTxResult } from 'cosmjs-types/tendermint/abci/types';
import { Timestamp } from 'cosmjs-types/google/protobuf/timestamp';
import { BlockID as PbBlockID, CommitSig as PbCommitSig } from 'cosmjs-types/tendermint/types/types';
import { Consensus } from 'cosmjs-types/tendermint/version/types';
import type { ExecTxResult } from '../abci.js';
import type { Block, BlockId, Commit, Evidence, Header } from '../types/block.js';
import { merkleRoot } from './merkle.js';
import { blockIdToProto, commitSigToProto, encodeBlock, encodeEvidence } from './proto-codec.js';
import { nsToTimestamp } from '../types/time.js';

/**
 * Block hashing exactly as CometBFT 0.38 (types/block.go): the header hash is the merkle root of its 14 fields, each
 * encoded on its own (scalars wrapped as gogoproto StringValue/Int64Value/BytesValue); data hash = merkle of the txs'
 * sha256; commit, evidence and results hashes are merkle roots of each element's protobuf bytes.
 */
export const BLOCK_PART_SIZE = 65_536;
/** CometBFT's block protocol version, header.version.block. */
export const BLOCK_PROTOCOL = 11n;

function wrapString(s: string): Uint8Array {
  return s === '' ? new Uint8Array(0) : BinaryWriter.create().uint32(10).string(s).finish();
}
function wrapInt64(n: number): Uint8Array {
  return n === 0 ? new Uint8Array(0) : BinaryWriter.create().uint32(8).int64(BigInt(n)).finish();
}
function wrapBytes(b: Uint8Array): Uint8Array {
  return b.length === 0 ? new Uint8Array(0) : BinaryWriter.create().uint32(10).bytes(b).finish();
}

export function headerHash(h: Header): Uint8Array {
  return merkleRoot([
    Consensus.encode({ block: h.version.block, app: h.version.app }).finish(),
    wrapString(h.chainId),
    wrapInt64(h.height),
    Timestamp.encode(nsToTimestamp(h.timeNs)).finish(),
    PbBlockID.encode(blockIdToProto(h.lastBlockId)).finish(),
    wrapBytes(h.lastCommitHash),
    wrapBytes(h.dataHash),
    wrapBytes(h.validatorsHash),
    wrapBytes(h.nextValidatorsHash),
    wrapBytes(h.consensusHash),
    wrapBytes(h.appHash),
    wrapBytes(h.lastResultsHash),
    wrapBytes(h.evidenceHash),
    wrapBytes(h.proposerAddress),
  ]);
}

export function txHash(tx: Uint8Array): Uint8Array {
  return sha256(tx);
}

export function txsHash(txs: readonly Uint8Array[]): Uint8Array {
  return merkleRoot(txs.map(txHash));
}

export function commitHash(c: Commit): Uint8Array {
  return merkleRoot(c.signatures.map((s) => PbCommitSig.encode(commitSigToProto(s)).finish()));
}

export function evidenceHash(evs: readonly Evidence[]): Uint8Array {
  return merkleRoot(evs.map(encodeEvidence));
}

/** LastResultsHash: only the deterministic fields of each tx result (code, data, gas wanted, gas used). */
export function resultsHash(results: readonly ExecTxResult[]): Uint8Array {
  return merkleRoot(
    results.map((r) =>
      PbExecTxResult.encode({
        code: r.code,
        data: r.data,
        log: '',
        info: '',
        gasWanted: r.gasWanted,
        gasUsed: r.gasUsed,
        events: [],
        codespace: '',
      }).finish(),
    ),
  );
}

/** Splits the encoded block into 64 KiB parts; total ≥ 1 and hash = merkle root of the parts, as CometBFT's PartSet. */
export function partSetHeaderOf(blockBytes: Uint8Array): { total: number; hash: Uint8Array } {
  const parts: Uint8Array[] = [];
  for (let off = 0; off < blockBytes.length || parts.length === 0; off += BLOCK_PART_SIZE) {
    parts.push(blockBytes.subarray(off, off + BLOCK_PART_SIZE));
  }
  return { total: parts.length, hash: merkleRoot(parts) };
}

export function makeBlockId(block: Block): { blockId: BlockId; bytes: Uint8Array } {
  const bytes = encodeBlock(block);
  return { blockId: { hash: headerHash(block.header), partSetHeader: partSetHeaderOf(bytes) }, bytes };
}
