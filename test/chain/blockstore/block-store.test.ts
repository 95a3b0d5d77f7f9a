import * as path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { BlockStore } from '../../../chain/blockstore/block-store.js';
import { buildBlock } from '../../../chain/consensus/block-builder.js';
import { genesisState } from '../../../chain/consensus/chain-state.js';
import { emptyCommit } from '../../../chain/consensus/commit.js';
import { makeBlockId } from '../../../chain/block/hashing.js';
import { ChainDb } from '../../../chain/store/db.js';
import type { Commit } from '../../../chain/types/block.js';
import { testGenesis, testSigner, tmpDir } from '../consensus/helpers.js';

describe('BlockStore', () => {
  it('saves blocks with commits durably and loads them by height and hash, across a reopen', async () => {
    const dir = path.join(tmpDir('bs'), 'chain.db');
    const signer = testSigner(0);
    const state = genesisState(testGenesis([signer]), [{ pubKey: signer.pubKey, power: 10n }], new Uint8Array(32));
    let db = await ChainDb.open(dir);
    let store = await BlockStore.open(db);
    expect([store.base(), store.height()]).toEqual([0, 0]);

    const b1 = buildBlock(state, 1, signer.address, emptyCommit(), [new Uint8Array([1, 2])], []);
    const id1 = makeBlockId(b1).blockId;
    const seen1: Commit = {
      height: 1,
      round: 0,
      blockId: id1,
      signatures: [
        { blockIdFlag: 2, validatorAddress: signer.address, timestampNs: 5n, signature: new Uint8Array(64) },
      ],
    };
    await store.saveBlock(b1, id1, seen1);
    const s2 = { ...state, lastBlockHeight: 1, lastBlockId: id1, lastValidators: state.validators };
    const b2 = buildBlock(s2, 2, signer.address, seen1, [], []);
    const id2 = makeBlockId(b2).blockId;
    await store.saveBlock(b2, id2, { ...seen1, height: 2, blockId: id2 });
    await db.batch(store.validatorSetOps(2, state.validators));
    await expect(store.saveBlock(b2, id2, seen1)).rejects.toThrow(/can only append/);
    await db.close();

    db = await ChainDb.open(dir);
    store = await BlockStore.open(db);
    expect([store.base(), store.height()]).toEqual([1, 2]);
    expect(await store.loadBlock(1)).toEqual(b1);
    expect(await store.loadBlockByHash(id2.hash)).toEqual(b2);
    expect(await store.loadBlock(3)).toBeNull();
    const meta = (await store.loadBlockMeta(1))!;
    expect(meta.blockId).toEqual(id1);
    expect(meta.numTxs).toBe(1);
    expect(meta.header).toEqual(b1.header);
    expect(await store.loadBlockCommit(1)).toEqual(seen1);
    expect(await store.loadSeenCommit(2)).toEqual({ ...seen1, height: 2, blockId: id2 });
    expect((await store.loadCommit(2))!.canonical).toBe(false);
    expect((await store.loadCommit(1))!.canonical).toBe(true);
    expect((await store.loadValidatorSet(2))!.hash()).toEqual(state.validators.hash());
    expect(await store.loadValidatorSet(9)).toBeNull();
    await db.close();
  });
});
