/**
 * cosmos.base.tendermint.v1beta1 JSON: blocks and validator sets as the SDK's gateway prints tendermint.types
 * protobufs (hashes and addresses base64, int64 as strings, enums by name, RFC 3339 times); `sdk_block` is the
 * same block with the proposer as a bech32 consensus address.
 */
import { formatRfc3339Ns } from '../../chain/types/time.js';
import { toBech32, VALCONS_PREFIX } from '../../chain/crypto/address.js';
import {
  BlockIdFlag,
  type Block,
  type BlockId,
  type Commit,
  type Evidence,
  type Header,
  type Validator,
} from '../../chain/types/block.js';
import type { StoredBlock } from '../rpc/backend.js';
import { toBase64 } from '../../chain/types/bytes.js';
import type { JsonObject } from './json.js';

const FLAG_NAMES: Record<number, string> = {
  [BlockIdFlag.Unknown]: 'BLOCK_ID_FLAG_UNKNOWN',
  [BlockIdFlag.Absent]: 'BLOCK_ID_FLAG_ABSENT',
  [BlockIdFlag.Commit]: 'BLOCK_ID_FLAG_COMMIT',
  [BlockIdFlag.Nil]: 'BLOCK_ID_FLAG_NIL',
};
const ZERO_TIME = '0001-01-01T00:00:00Z';

export function renderBlockId(id: BlockId): JsonObject {
  return {
    hash: toBase64(id.hash),
    part_set_header: { total: id.partSetHeader.total, hash: toBase64(id.partSetHeader.hash) },
  };
}

function renderHeader(h: Header, proposer: string): JsonObject {
  return {
    version: { block: h.version.block.toString(), app: h.version.app.toString() },
    chain_id: h.chainId,
    height: String(h.height),
    time: formatRfc3339Ns(h.timeNs),
    last_block_id: renderBlockId(h.lastBlockId),
    last_commit_hash: toBase64(h.lastCommitHash),
    data_hash: toBase64(h.dataHash),
    validators_hash: toBase64(h.validatorsHash),
    next_validators_hash: toBase64(h.nextValidatorsHash),
    consensus_hash: toBase64(h.consensusHash),
    app_hash: toBase64(h.appHash),
    last_results_hash: toBase64(h.lastResultsHash),
    evidence_hash: toBase64(h.evidenceHash),
    proposer_address: proposer,
  };
}

function renderCommit(c: Commit): JsonObject {
  return {
    height: String(c.height),
    round: c.round,
    block_id: renderBlockId(c.blockId),
    signatures: c.signatures.map((s) => ({
      block_id_flag: FLAG_NAMES[s.blockIdFlag] ?? 'BLOCK_ID_FLAG_UNKNOWN',
      validator_address: toBase64(s.validatorAddress),
      timestamp: s.blockIdFlag === BlockIdFlag.Absent ? ZERO_TIME : formatRfc3339Ns(s.timestampNs),
      signature: s.blockIdFlag === BlockIdFlag.Absent ? null : toBase64(s.signature),
    })),
  };
}

/** Duplicate-vote evidence in summary: the votes themselves are kept only in the node's encoding. */
function renderEvidence(e: Evidence): JsonObject {
  return {
    duplicate_vote_evidence: {
      vote_a: null,
      vote_b: null,
      total_voting_power: e.totalVotingPower.toString(),
      validator_power: e.validatorPower.toString(),
      timestamp: formatRfc3339Ns(e.timestampNs),
    },
  };
}

function renderBlock(b: Block, proposer: string): JsonObject {
  return {
    header: renderHeader(b.header, proposer),
    data: { txs: b.txs.map(toBase64) },
    evidence: { evidence: b.evidence.map(renderEvidence) },
    last_commit: renderCommit(b.lastCommit),
  };
}

/** GetLatestBlock / GetBlockByHeight. */
export function renderBlockResponse(stored: StoredBlock): JsonObject {
  const proposer = stored.block.header.proposerAddress;
  return {
    block_id: renderBlockId(stored.blockId),
    block: renderBlock(stored.block, toBase64(proposer)),
    sdk_block: renderBlock(stored.block, proposer.length > 0 ? toBech32(proposer, VALCONS_PREFIX) : ''),
  };
}

/** GetLatestValidatorSet / GetValidatorSetByHeight. */
export function renderValidatorSet(height: number, validators: readonly Validator[]): JsonObject {
  return {
    block_height: String(height),
    validators: validators.map((v) => ({
      address: toBech32(v.address, VALCONS_PREFIX),
      pub_key: { '@type': '/cosmos.crypto.ed25519.PubKey', key: toBase64(v.pubKey) },
      voting_power: v.votingPower.toString(),
      proposer_priority: v.proposerPriority.toString(),
    })),
    pagination: { next_key: null, total: String(validators.length) },
  };
}
