/**
 * Valid p2p encodings to mutate: real signed votes and proposals over a real block, a decision with a signed
 * commit, status, duplicate-vote evidence, block-sync requests and responses, all built with the chain's own code.
 */
import { encodeRangeRequest, encodeRangeResponse } from '../../../chain/blocksync/codec.js';
import { buildBlock } from '../../../chain/consensus/block-builder.js';
import { genesisState } from '../../../chain/consensus/chain-state.js';
import { emptyCommit } from '../../../chain/consensus/commit.js';
import { makeBlockId } from '../../../chain/block/hashing.js';
import { encodeConsensusMessage } from '../../../chain/consensus/message-codec.js';
import { makeDuplicateVoteEvidence } from '../../../chain/consensus/evidence.js';
import { proposalSignBytes, voteSignBytes } from '../../../chain/consensus/sign-bytes.js';
import type { ConsensusMessage } from '../../../chain/consensus/types.js';
import { VoteType, type Proposal, type Vote } from '../../../chain/types/vote.js';
import type { ValidatorSet } from '../../../chain/block/validator-set.js';
import type { Block, BlockId, Commit } from '../../../chain/types/block.js';
import { testGenesis, testSigner } from '../../chain/consensus/helpers.js';

const CHAIN_ID = 'race-test';
const T0 = 1_700_000_000_000_000_000n;

export const P2P_CHAIN_ID = CHAIN_ID;

function genesis() {
  const doc = testGenesis([testSigner(0), testSigner(1)]);
  return genesisState(doc, doc.validators, new Uint8Array(32));
}

function blockAt(height: number, txs: Uint8Array[]): Block {
  const signer = testSigner(0);
  const g = genesis();
  return buildBlock(
    { ...g, lastBlockHeight: height - 1, lastValidators: g.validators },
    height,
    signer.address,
    emptyCommit(),
    txs,
    [],
  );
}

function vote(i: number, type: VoteType, height: number, blockId: BlockId | null): Vote {
  const s = testSigner(i);
  const unsigned = {
    type,
    height,
    round: 0,
    blockId,
    timestampNs: T0 + BigInt(height),
    validatorAddress: s.address,
    validatorIndex: i,
  };
  return { ...unsigned, signature: s.sign(voteSignBytes(CHAIN_ID, unsigned)) };
}

export interface P2pSeeds {
  consensus: Uint8Array[];
  evidence: Uint8Array[];
  rangeRequests: Uint8Array[];
  rangeResponses: Uint8Array[];
  /** The validator set the votes and evidence are signed for. */
  validators: ValidatorSet;
}

export function p2pSeeds(): P2pSeeds {
  const block = blockAt(3, [new TextEncoder().encode('tx-a'), new Uint8Array(200).fill(7)]);
  const { blockId } = makeBlockId(block);
  const unsignedProposal = { height: 3, round: 1, polRound: 0, blockId, timestampNs: T0 };
  const proposal: Proposal = {
    ...unsignedProposal,
    signature: testSigner(0).sign(proposalSignBytes(CHAIN_ID, unsignedProposal)),
  };
  const precommits = [vote(0, VoteType.Precommit, 3, blockId), vote(1, VoteType.Precommit, 3, blockId)];
  const commit: Commit = {
    height: 3,
    round: 0,
    blockId,
    signatures: precommits.map((v) => ({
      blockIdFlag: 2,
      validatorAddress: v.validatorAddress,
      timestampNs: v.timestampNs,
      signature: v.signature,
    })),
  };
  const other: BlockId = {
    hash: new Uint8Array(32).fill(9),
    partSetHeader: { total: 1, hash: new Uint8Array(32).fill(8) },
  };
  const validators = genesis().validators;
  const evidence = makeDuplicateVoteEvidence(
    vote(1, VoteType.Prevote, 3, blockId),
    vote(1, VoteType.Prevote, 3, other),
    validators,
    T0,
  );
  const messages: ConsensusMessage[] = [
    { type: 'proposal', proposal, block },
    { type: 'vote', vote: vote(0, VoteType.Prevote, 3, blockId) },
    { type: 'vote', vote: vote(1, VoteType.Precommit, 3, null) },
    { type: 'decision', commit, block },
    { type: 'status', height: 3, round: 2 },
    { type: 'evidence', evidence },
  ];
  const consensus = messages.map(encodeConsensusMessage);
  const block4 = blockAt(4, []);
  return {
    consensus,
    evidence: [consensus[5]!],
    rangeRequests: [
      encodeRangeRequest({ from: 3, count: 2 }),
      encodeRangeRequest({ from: 0, count: 0 }),
      encodeRangeRequest({ from: 2 ** 40, count: 100 }),
    ],
    rangeResponses: [
      encodeRangeResponse({
        base: 1,
        height: 9,
        blocks: [
          { block, commit },
          { block: block4, commit: { ...emptyCommit(), height: 4, blockId: makeBlockId(block4).blockId } },
        ],
      }),
      encodeRangeResponse({ base: 0, height: 0, blocks: [] }),
    ],
    validators,
  };
}
