import type { Block, BlockId } from '../types/block.js';
import { equalBytes, toHexUpper } from '../types/bytes.js';
import type { ChainState } from './chain-state.js';
import { verifyCommit } from './commit.js';
import { blockTime } from './block-builder.js';
import { evidenceKey, verifyDuplicateVoteEvidence } from './evidence.js';
import { BLOCK_PROTOCOL, commitHash, evidenceHash, makeBlockId, txsHash } from '../block/hashing.js';
import { encodeEvidence } from '../block/proto-codec.js';
import { consensusParamsHash } from './params.js';
import type { ValidatorSet } from '../block/validator-set.js';

/** What validation needs besides the state: past validator sets (evidence), committed evidence, the app's verdict. */
export interface BlockValidationDeps {
  loadValidatorSet(height: number): Promise<ValidatorSet | null>;
  isEvidenceCommitted(ev: Block['evidence'][number]): Promise<boolean>;
  processProposal(block: Block): boolean;
}

export type Validity = { ok: true } | { ok: false; reason: string };

/**
 * CometBFT's state/validation.go ValidateBlock for the block at state.lastBlockHeight + 1, then the app's
 * ProcessProposal. Returns the first reason a block is invalid.
 */
export async function validateBlock(
  state: ChainState,
  block: Block,
  blockId: BlockId,
  deps: BlockValidationDeps,
): Promise<Validity> {
  try {
    checkBlock(state, block, blockId);
    const maxAge = Number(state.consensusParams.evidence.maxAgeNumBlocks);
    const seen = new Set<string>();
    let evBytes = 0;
    for (const ev of block.evidence) {
      const key = evidenceKey(ev);
      if (seen.has(key)) throw new Error('block carries the same evidence twice');
      seen.add(key);
      evBytes += encodeEvidence(ev).length;
      if (ev.height >= block.header.height) throw new Error('evidence is from the future');
      if (block.header.height - ev.height > maxAge) throw new Error('evidence is too old');
      const vals = await deps.loadValidatorSet(ev.height);
      if (!vals) throw new Error(`no validator set stored for evidence height ${ev.height}`);
      verifyDuplicateVoteEvidence(state.chainId, ev, vals);
      if (await deps.isEvidenceCommitted(ev)) throw new Error('evidence was already committed');
    }
    if (evBytes > Number(state.consensusParams.evidence.maxBytes))
      throw new Error('evidence exceeds evidence.max_bytes');
    if (!deps.processProposal(block)) throw new Error('the application rejected the proposal');
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}

function expectEqual(a: Uint8Array, b: Uint8Array, what: string): void {
  if (!equalBytes(a, b)) throw new Error(`wrong ${what}: expected ${toHexUpper(b)}, got ${toHexUpper(a)}`);
}

function checkBlock(state: ChainState, block: Block, blockId: BlockId): void {
  const h = block.header;
  const height = state.lastBlockHeight + 1;
  if (h.version.block !== BLOCK_PROTOCOL) throw new Error(`wrong block protocol version ${h.version.block}`);
  if (h.version.app !== state.appVersion) throw new Error(`wrong app version ${h.version.app}`);
  if (h.chainId !== state.chainId) throw new Error(`wrong chain id ${h.chainId}`);
  if (h.height !== height) throw new Error(`wrong height ${h.height}, expected ${height}`);
  const { blockId: computed, bytes } = makeBlockId(block);
  expectEqual(computed.hash, blockId.hash, 'block hash');
  expectEqual(computed.partSetHeader.hash, blockId.partSetHeader.hash, 'part set hash');
  if (computed.partSetHeader.total !== blockId.partSetHeader.total) throw new Error('wrong part set total');
  if (bytes.length > Number(state.consensusParams.block.maxBytes))
    throw new Error(`block is ${bytes.length} bytes, over block.max_bytes`);
  expectEqual(h.lastBlockId.hash, state.lastBlockId.hash, 'last block id');
  expectEqual(h.lastBlockId.partSetHeader.hash, state.lastBlockId.partSetHeader.hash, 'last block part set');
  expectEqual(h.lastCommitHash, commitHash(block.lastCommit), 'last commit hash');
  expectEqual(h.dataHash, txsHash(block.txs), 'data hash');
  expectEqual(h.evidenceHash, evidenceHash(block.evidence), 'evidence hash');
  expectEqual(h.validatorsHash, state.validators.hash(), 'validators hash');
  expectEqual(h.nextValidatorsHash, state.nextValidators.hash(), 'next validators hash');
  expectEqual(h.consensusHash, consensusParamsHash(state.consensusParams), 'consensus hash');
  expectEqual(h.appHash, state.appHash, 'app hash');
  expectEqual(h.lastResultsHash, state.lastResultsHash, 'last results hash');
  if (!state.validators.getByAddress(h.proposerAddress)) throw new Error('proposer is not a validator');
  if (height === state.initialHeight) {
    if (block.lastCommit.signatures.length !== 0) throw new Error('the first block must have an empty last commit');
  } else {
    if (!state.lastValidators) throw new Error('no last validator set');
    verifyCommit(state.chainId, state.lastValidators, state.lastBlockId, height - 1, block.lastCommit);
  }
  const t = blockTime(state, height, block.lastCommit);
  if (h.timeNs !== t) throw new Error(`wrong block time ${h.timeNs}, expected ${t}`);
  if (height > state.initialHeight && h.timeNs <= state.lastBlockTimeNs)
    throw new Error('block time is not after the last block time');
}
