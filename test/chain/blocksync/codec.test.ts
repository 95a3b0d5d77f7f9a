import { describe, expect, it } from '@jest/globals';
import {
  decodeRangeRequest,
  decodeRangeResponse,
  encodeRangeRequest,
  encodeRangeResponse,
  MAX_BLOCKS_PER_REQUEST,
  responseProblem,
  type BlockRangeResponse,
} from '../../../chain/blocksync/codec.js';
import { emptyCommit } from '../../../chain/consensus/commit.js';
import { makeBlockId } from '../../../chain/block/hashing.js';
import { buildBlock } from '../../../chain/consensus/block-builder.js';
import { genesisState } from '../../../chain/consensus/chain-state.js';
import type { Block, Commit } from '../../../chain/types/block.js';
import { testGenesis, testSigner } from '../consensus/helpers.js';

function blockAt(height: number): Block {
  const signer = testSigner(0);
  const genesis = testGenesis([signer]);
  const g = genesisState(genesis, genesis.validators, new Uint8Array(32));
  const state = { ...g, lastBlockHeight: height - 1, lastValidators: g.validators };
  return buildBlock(state, height, signer.address, emptyCommit(), [new TextEncoder().encode(`tx${height}`)], []);
}

function commitFor(block: Block): Commit {
  return { ...emptyCommit(), height: block.header.height, blockId: makeBlockId(block).blockId };
}

describe('block sync wire format', () => {
  it('round-trips requests and responses', () => {
    expect(decodeRangeRequest(encodeRangeRequest({ from: 7, count: 20 }))).toEqual({ from: 7, count: 20 });
    expect(decodeRangeRequest(encodeRangeRequest({ from: 0, count: 0 }))).toEqual({ from: 0, count: 0 });
    const blocks = [blockAt(3), blockAt(4)].map((block) => ({ block, commit: commitFor(block) }));
    const res = decodeRangeResponse(encodeRangeResponse({ base: 1, height: 9, blocks }));
    expect(res.base).toBe(1);
    expect(res.height).toBe(9);
    expect(res.blocks.map((b) => b.block.header.height)).toEqual([3, 4]);
    expect(makeBlockId(res.blocks[1]!.block).blockId.hash).toEqual(makeBlockId(blocks[1]!.block).blockId.hash);
    expect(res.blocks[0]!.commit.blockId).toEqual(blocks[0]!.commit.blockId);
  });

  it('refuses malformed bytes with a clear error', () => {
    expect(() => decodeRangeRequest(new Uint8Array([9, 1, 1]))).toThrow(
      /malformed block range request: unsupported version 9/,
    );
    expect(() => decodeRangeRequest(encodeRangeRequest({ from: 1, count: MAX_BLOCKS_PER_REQUEST + 1 }))).toThrow(
      /exceeds/,
    );
    expect(() => decodeRangeRequest(encodeRangeRequest({ from: 0, count: 3 }))).toThrow(/from must be at least 1/);
    expect(() => decodeRangeRequest(new Uint8Array([1, 1, 1, 5]))).toThrow(/trailing bytes/);
    expect(() => decodeRangeResponse(new Uint8Array([1, 5, 2, 0]))).toThrow(/base 5 above height 2/);
    const good = encodeRangeResponse({
      base: 1,
      height: 3,
      blocks: [{ block: blockAt(1), commit: commitFor(blockAt(1)) }],
    });
    expect(() => decodeRangeResponse(good.subarray(0, good.length - 5))).toThrow(/malformed block range response/);
  });

  it('checks that a response answers its request', () => {
    const entry = (h: number) => ({ block: blockAt(h), commit: commitFor(blockAt(h)) });
    const res = (blocks: BlockRangeResponse['blocks'], height = 10): BlockRangeResponse => ({
      base: 1,
      height,
      blocks,
    });
    expect(responseProblem({ from: 3, count: 2 }, res([entry(3), entry(4)]))).toBeNull();
    expect(responseProblem({ from: 3, count: 5 }, res([entry(3)]))).toBeNull();
    expect(responseProblem({ from: 3, count: 1 }, res([entry(3), entry(4)]))).toMatch(/asked for 1/);
    expect(responseProblem({ from: 3, count: 2 }, res([entry(4)]))).toMatch(/expected 3/);
    expect(responseProblem({ from: 3, count: 2 }, res([{ block: blockAt(3), commit: commitFor(blockAt(4)) }]))).toMatch(
      /commit 0/,
    );
    expect(responseProblem({ from: 3, count: 2 }, res([entry(3)], 2))).toMatch(/above its own height/);
    expect(responseProblem({ from: 3, count: 2 }, res([]))).toMatch(/sent no block/);
    // A server that does not hold the height (below its base, or above its top) may answer with nothing.
    expect(responseProblem({ from: 3, count: 2 }, { base: 5, height: 10, blocks: [] })).toBeNull();
    expect(responseProblem({ from: 3, count: 2 }, res([], 2))).toBeNull();
  });
});
