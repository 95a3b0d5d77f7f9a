import type { FinalizeBlockRequest } from '../abci.js';
import { BlockIdFlag, type Block, type BlockId, type Commit, type Evidence } from '../types/block.js';
import type { ChainState } from './chain-state.js';
import { medianTime } from './commit.js';
import { BLOCK_PROTOCOL, commitHash, evidenceHash, txsHash } from '../block/hashing.js';
import { consensusParamsHash } from './params.js';
import type { ValidatorSet } from '../block/validator-set.js';

/** Block construction and the FinalizeBlock request derived from a block: pure functions of state and inputs. */

/** CometBFT's fixed overheads (types/block.go), so that a full block never exceeds consensus_params.block.max_bytes. */
const MAX_OVERHEAD_FOR_BLOCK = 11;
const MAX_HEADER_BYTES = 626;
const MAX_COMMIT_OVERHEAD_BYTES = 94;
const MAX_COMMIT_SIG_BYTES = 109;

export function maxDataBytes(maxBytes: bigint, evidenceBytes: number, validatorCount: number): number {
  const n =
    Number(maxBytes) -
    MAX_OVERHEAD_FOR_BLOCK -
    MAX_HEADER_BYTES -
    (MAX_COMMIT_OVERHEAD_BYTES + MAX_COMMIT_SIG_BYTES * validatorCount) -
    evidenceBytes;
  return Math.max(0, n);
}

/** Protobuf bytes a tx takes in Data.txs: field tag, length varint, the tx. */
export function txProtoBytes(tx: Uint8Array): number {
  let n = tx.length;
  let varint = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    varint++;
  }
  return 1 + varint + tx.length;
}

/**
 * The longest prefix of `txs` whose protobuf encoding fits `maxBytes` (CometBFT's reap counts the same way), so a block
 * of many small txs cannot outgrow the byte budget its header and commit overheads were subtracted from.
 */
export function fitTxs(txs: Uint8Array[], maxBytes: number): Uint8Array[] {
  let total = 0;
  for (let i = 0; i < txs.length; i++) {
    total += txProtoBytes(txs[i]!);
    if (total > maxBytes) return txs.slice(0, i);
  }
  return txs;
}

/**
 * The bytes a proposed block may take: block.max_bytes, or less where the transport carries smaller messages (a
 * proposal travels as one message holding the whole block; `envelopeBytes` leaves room for the proposal or commit
 * around it).
 */
export function proposalBlockBytes(
  maxBytes: bigint,
  transportMaxMessageBytes: number | undefined,
  envelopeBytes: number,
): bigint {
  if (transportMaxMessageBytes === undefined) return maxBytes;
  const cap = BigInt(Math.max(0, transportMaxMessageBytes - envelopeBytes));
  return cap < maxBytes ? cap : maxBytes;
}

/** BFT time: genesis time for the first block, else the weighted median of LastCommit's timestamps. */
export function blockTime(state: ChainState, height: number, lastCommit: Commit): bigint {
  if (height === state.initialHeight) return state.lastBlockTimeNs;
  if (!state.lastValidators) throw new Error('no last validator set to time the block with');
  return medianTime(lastCommit, state.lastValidators);
}

export function buildBlock(
  state: ChainState,
  height: number,
  proposerAddress: Uint8Array,
  lastCommit: Commit,
  txs: Uint8Array[],
  evidence: Evidence[],
): Block {
  return {
    header: {
      version: { block: BLOCK_PROTOCOL, app: state.appVersion },
      chainId: state.chainId,
      height,
      timeNs: blockTime(state, height, lastCommit),
      lastBlockId: state.lastBlockId,
      lastCommitHash: commitHash(lastCommit),
      dataHash: txsHash(txs),
      validatorsHash: state.validators.hash(),
      nextValidatorsHash: state.nextValidators.hash(),
      consensusHash: consensusParamsHash(state.consensusParams),
      appHash: state.appHash,
      lastResultsHash: state.lastResultsHash,
      evidenceHash: evidenceHash(evidence),
      proposerAddress,
    },
    txs,
    evidence,
    lastCommit,
  };
}

/** The FinalizeBlock call for a decided block; `lastValidators` signed its LastCommit (null for the first block). */
export function finalizeRequestFor(
  block: Block,
  blockId: BlockId,
  lastValidators: ValidatorSet | null,
): FinalizeBlockRequest {
  const sigs = block.lastCommit.signatures;
  return {
    height: block.header.height,
    timeNs: block.header.timeNs,
    hash: blockId.hash,
    proposerAddress: block.header.proposerAddress,
    txs: block.txs,
    decidedLastCommit: {
      round: block.lastCommit.round,
      votes: lastValidators
        ? lastValidators.validators.map((v, i) => ({
            validatorAddress: v.address,
            power: v.votingPower,
            signedLastBlock: sigs[i] !== undefined && sigs[i]!.blockIdFlag !== BlockIdFlag.Absent,
          }))
        : [],
    },
    misbehavior: block.evidence,
  };
}
