import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FinalizeBlockResponse } from '../../../chain/abci.js';
import { ChainDb, SUBLEVELS } from '../../../chain/store/db.js';
import { CodecError } from '../../../chain/txindex/codec.js';
import { BlockResultsStore } from '../../../chain/txindex/results.js';
import { TxIndexer } from '../../../chain/txindex/indexer.js';
import { event } from '../../../chain/types/events.js';

const dir = mkdtempSync(join(tmpdir(), 'results-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const response: FinalizeBlockResponse = {
  events: [
    {
      ...event('mint', [['amount', '100nicoin']]),
      attributes: [
        { key: 'mode', value: 'BeginBlock', index: false },
        { key: 'amount', value: '100nicoin', index: true },
      ],
    },
  ],
  txResults: [
    {
      code: 0,
      codespace: '',
      log: '',
      info: '',
      data: new Uint8Array([1, 2]),
      gasWanted: 10n,
      gasUsed: 7n,
      events: [event('message', [['sender', 'ä/😀\u0000']])],
    },
    {
      code: 5,
      codespace: 'sdk',
      log: 'insufficient funds',
      info: 'i',
      data: new Uint8Array(),
      gasWanted: (1n << 63n) - 1n,
      gasUsed: 0n,
      events: [],
    },
  ],
  validatorUpdates: [
    { pubKey: new Uint8Array(32).fill(7), power: 0n },
    { pubKey: new Uint8Array(32).fill(8), power: 123_456_789_012_345_678n },
  ],
  appHash: new Uint8Array(32).fill(0xab),
};

describe('BlockResultsStore', () => {
  it('round-trips a FinalizeBlock response exactly, across a reopen, in one atomic batch with the tx index', async () => {
    let db = await ChainDb.open(dir);
    const store = new BlockResultsStore({}, { db });
    const idx = new TxIndexer({}, { db });
    const txs = [new Uint8Array([1]), new Uint8Array([2])];
    await db.batch([
      ...store.saveOps(5, response),
      ...idx.indexOps(
        5,
        txs.map((tx, i) => ({ tx, result: response.txResults[i]! })),
      ),
    ]);
    await db.batch(store.saveOps(6, { events: [], txResults: [], validatorUpdates: [], appHash: new Uint8Array() }));
    await db.close();

    db = await ChainDb.open(dir);
    const reopened = new BlockResultsStore({}, { db });
    expect(await reopened.load(5)).toEqual(response);
    expect(await reopened.load(6)).toEqual({
      events: [],
      txResults: [],
      validatorUpdates: [],
      appHash: new Uint8Array(),
    });
    expect(await reopened.load(4)).toBeUndefined();
    expect(await reopened.load(-1)).toBeUndefined();
    expect(await reopened.load(1.5)).toBeUndefined();
    expect((await new TxIndexer({}, { db }).search('tx.height=5')).totalCount).toBe(2);
    await db.close();
  });

  it('reports corrupt stored bytes as a CodecError, not a crash or garbage', async () => {
    const db = await ChainDb.open(dir);
    const store = new BlockResultsStore({}, { db });
    const good = store.saveOps(9, response)[0]!;
    if (good.type !== 'put') throw new Error('expected a put');
    const sub = db.sub(SUBLEVELS.results);
    await db.batch([
      { type: 'put', sublevel: sub, key: good.key, value: good.value.subarray(0, good.value.length - 3) },
    ]);
    await expect(store.load(9)).rejects.toBeInstanceOf(CodecError);
    const wrongVersion = good.value.slice();
    wrongVersion[0] = 99;
    await db.batch([{ type: 'put', sublevel: sub, key: good.key, value: wrongVersion }]);
    await expect(store.load(9)).rejects.toThrow(/unknown record version 99/);
    await db.close();
  });

  it('rejects an invalid height when saving', () => {
    const store = new BlockResultsStore({}, { db: { sub: () => ({}) } as unknown as ChainDb });
    expect(() => store.saveOps(-2, response)).toThrow(RangeError);
  });
});
