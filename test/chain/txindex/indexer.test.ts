import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecTxResult } from '../../../chain/abci.js';
import { QuerySyntaxError } from '../../../chain/events/query.js';
import { ChainDb } from '../../../chain/store/db.js';
import { toHexUpper } from '../../../chain/types/bytes.js';
import { txHash } from '../../../chain/block/hashing.js';
import { TxIndexer, type IndexedTx } from '../../../chain/txindex/indexer.js';
import { SearchRequestError } from '../../../chain/txindex/pagination.js';
import { event, type AbciEvent } from '../../../chain/types/events.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'txindex-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function res(events: AbciEvent[], code = 0): ExecTxResult {
  return {
    code,
    codespace: code ? 'sdk' : '',
    log: code ? 'insufficient funds' : '',
    info: '',
    data: code ? new Uint8Array() : new Uint8Array([0x12, 0x02, 0x0a, 0x00]),
    gasWanted: 200_000n,
    gasUsed: 9_007_199_254_740_993n, // beyond 2^53: must survive storage exactly
    events,
  };
}

function send(from: string, to: string, amount: string): AbciEvent[] {
  return [
    event('message', [
      ['action', '/cosmos.bank.v1beta1.MsgSend'],
      ['sender', from],
      ['module', 'bank'],
    ]),
    event('transfer', [
      ['recipient', to],
      ['sender', from],
      ['amount', amount],
    ]),
  ];
}

const bytes = (s: string) => new TextEncoder().encode(s);

async function commit(
  db: ChainDb,
  idx: TxIndexer,
  height: number,
  txs: Array<{ tx: Uint8Array; result: ExecTxResult }>,
) {
  await db.batch(idx.indexOps(height, txs));
}

const positions = (txs: IndexedTx[]) => txs.map((t) => `${t.height}/${t.index}`);

describe('TxIndexer', () => {
  let db: ChainDb;
  let idx: TxIndexer;
  const txA = bytes('tx-A alice->bob');
  const txB = bytes('tx-B carol fails');
  const txC = bytes('tx-C alice->dave');
  const BULK_BLOCKS = 38; // heights 3..40, two txs each
  const BULK = BULK_BLOCKS * 2;

  beforeAll(async () => {
    db = await ChainDb.open(tempDir());
    idx = new TxIndexer({}, { db });
    await commit(db, idx, 1, [
      { tx: txA, result: res(send('alice', 'bob', '10nicoin')) },
      {
        tx: txB,
        result: res(
          [
            event('tx', [
              ['fee', '1nicoin'],
              ['fee_payer', 'carol'],
            ]),
          ],
          5,
        ),
      },
    ]);
    const twoTransfers = send('alice', 'dave', '20nicoin');
    twoTransfers.push(
      event('transfer', [
        ['recipient', 'bob'],
        ['sender', 'zed'],
        ['amount', '30nicoin'],
      ]),
    );
    twoTransfers.push({ type: 'secret', attributes: [{ key: 'k', value: 'hidden', index: false }] });
    await commit(db, idx, 2, [{ tx: txC, result: res(twoTransfers) }]);
    for (let h = 3; h < 3 + BULK_BLOCKS; h++) {
      await commit(db, idx, h, [
        { tx: bytes(`bulk ${h} 0`), result: res(send('eve', `r${h}`, `${h}nicoin`)) },
        { tx: bytes(`bulk ${h} 1`), result: res(send('eve', 'bob', '1nicoin')) },
      ]);
    }
  });

  afterAll(async () => {
    await db.close();
  });

  it('gets a tx by hash with its exact bytes and an exact result', async () => {
    const got = await idx.getByHash(txHash(txA));
    expect(got).toBeDefined();
    expect(got!.tx).toEqual(txA);
    expect(got!.hash).toEqual(txHash(txA));
    expect([got!.height, got!.index]).toEqual([1, 0]);
    expect(got!.result).toEqual(res(send('alice', 'bob', '10nicoin')));
    expect(got!.result.gasUsed).toBe(9_007_199_254_740_993n);
    const failed = await idx.getByHash(txHash(txB));
    expect(failed!.result.code).toBe(5);
    expect(await idx.getByHash(txHash(bytes('never seen')))).toBeUndefined();
    expect(await idx.getByHash(new Uint8Array(5))).toBeUndefined();
  });

  it('searches by tx.hash in either case; not found is empty, never an error', async () => {
    const upper = toHexUpper(txHash(txC));
    for (const h of [upper, upper.toLowerCase()]) {
      const r = await idx.search(`tx.hash='${h}'`, { page: 1 });
      expect(r.totalCount).toBe(1);
      expect(r.txs[0]!.tx).toEqual(txC);
    }
    await expect(idx.search(`tx.hash='${toHexUpper(txHash(bytes('pending')))}'`, { page: 1 })).resolves.toEqual({
      txs: [],
      totalCount: 0,
    });
    await expect(idx.search("tx.hash='not-hex'")).resolves.toEqual({ txs: [], totalCount: 0 });
    // Other conditions still apply alongside the hash.
    expect((await idx.search(`tx.hash='${upper}' AND tx.height=1`)).totalCount).toBe(0);
    expect((await idx.search(`tx.hash='${upper}' AND message.sender='alice'`)).totalCount).toBe(1);
    // Two different hashes cannot both hold; other operators on tx.hash work too.
    expect((await idx.search(`tx.hash='${upper}' AND tx.hash='${toHexUpper(txHash(txA))}'`)).totalCount).toBe(0);
    expect(positions((await idx.search(`tx.hash CONTAINS '${upper.slice(10, 20)}'`)).txs)).toEqual(['2/0']);
  });

  it('searches by tx.height: equality, ranges, fractions and string form', async () => {
    expect(positions((await idx.search('tx.height=1')).txs)).toEqual(['1/0', '1/1']);
    expect(positions((await idx.search('tx.height>=2 AND tx.height<4')).txs)).toEqual(['2/0', '3/0', '3/1']);
    expect(positions((await idx.search('tx.height > 1.5 AND tx.height <= 2.9')).txs)).toEqual(['2/0']);
    expect(positions((await idx.search("tx.height='2'")).txs)).toEqual(['2/0']);
    expect((await idx.search('tx.height=1.5')).totalCount).toBe(0);
    expect((await idx.search('tx.height>40 AND tx.height<3')).totalCount).toBe(0);
    expect((await idx.search('tx.height EXISTS', { perPage: 100 })).totalCount).toBe(3 + BULK);
  });

  it('searches by attribute, ascending by (height, index) unless desc', async () => {
    const q = "message.action='/cosmos.bank.v1beta1.MsgSend' AND message.sender='alice'";
    expect(positions((await idx.search(q)).txs)).toEqual(['1/0', '2/0']);
    expect(positions((await idx.search(q, { orderBy: 'desc' })).txs)).toEqual(['2/0', '1/0']);
    expect(positions((await idx.search(q, { orderBy: '' })).txs)).toEqual(['1/0', '2/0']);
    await expect(idx.search(q, { orderBy: 'newest' })).rejects.toThrow(
      "expected order_by to be either 'asc' or 'desc' or empty",
    );
    expect(positions((await idx.search("tx.fee_payer='carol'")).txs)).toEqual(['1/1']);
    expect(positions((await idx.search("transfer.recipient='bob' AND tx.height<=2")).txs)).toEqual(['1/0', '2/0']);
  });

  it('requires conditions on one event type to hold within one event instance', async () => {
    // tx C has transfer{alice->dave} and transfer{zed->bob}.
    expect(positions((await idx.search("transfer.sender='alice' AND transfer.recipient='dave'")).txs)).toEqual(['2/0']);
    expect(positions((await idx.search("transfer.sender='zed' AND transfer.recipient='bob'")).txs)).toEqual(['2/0']);
    expect((await idx.search("transfer.sender='alice' AND transfer.recipient='bob' AND tx.height=2")).totalCount).toBe(
      0,
    );
    expect(positions((await idx.search("transfer.sender='zed' AND transfer.amount >= 25")).txs)).toEqual(['2/0']);
    expect((await idx.search("transfer.sender='alice' AND transfer.amount >= 25")).totalCount).toBe(0);
    // Different types join on the tx, not the event.
    expect(positions((await idx.search("message.sender='alice' AND transfer.sender='zed'")).txs)).toEqual(['2/0']);
  });

  it('supports numeric ranges, CONTAINS and EXISTS on attributes', async () => {
    expect(positions((await idx.search('transfer.amount > 39 AND transfer.amount < 41')).txs)).toEqual(['40/0']);
    expect((await idx.search('transfer.amount >= 20', { perPage: 100 })).totalCount).toBe(1 + 21); // tx C (20 and 30: one tx), bulk 20..40
    expect(positions((await idx.search("transfer.recipient CONTAINS 'av'")).txs)).toEqual(['2/0']);
    expect(positions((await idx.search('tx.fee EXISTS')).txs)).toEqual(['1/1']);
    expect((await idx.search('nothing.here EXISTS')).totalCount).toBe(0);
  });

  it('treats tm.event=Tx as true for every tx and other reserved tags as absent', async () => {
    expect((await idx.search("tm.event='Tx' AND message.sender='alice'")).totalCount).toBe(2);
    expect((await idx.search("tm.event='NewBlock' AND message.sender='alice'")).totalCount).toBe(0);
    expect((await idx.search('block.height=1')).totalCount).toBe(0);
  });

  it('does not index attributes marked index:false', async () => {
    expect((await idx.search("secret.k='hidden'")).totalCount).toBe(0);
    expect((await idx.getByHash(txHash(txC)))!.result.events.at(-1)).toEqual({
      type: 'secret',
      attributes: [{ key: 'k', value: 'hidden', index: false }],
    });
  });

  it('paginates like CometBFT: per_page default 30, max 100, page 1 always valid, others must exist', async () => {
    const q = "message.sender='eve'";
    const first = await idx.search(q);
    expect(first.totalCount).toBe(BULK);
    expect(first.txs).toHaveLength(30);
    expect((await idx.search(q, { page: 3 })).txs).toHaveLength(BULK - 60);
    expect((await idx.search(q, { perPage: 1000 })).txs).toHaveLength(BULK);
    expect((await idx.search(q, { perPage: 0 })).txs).toHaveLength(30);
    await expect(idx.search(q, { page: 4 })).rejects.toThrow('page should be within [1, 3] range, given 4');
    await expect(idx.search(q, { page: 0 })).rejects.toThrow(SearchRequestError);
    await expect(idx.search("message.sender='nobody'", { page: 1 })).resolves.toEqual({ txs: [], totalCount: 0 });
    await expect(idx.search("message.sender='nobody'", { page: 2 })).rejects.toThrow(
      'page should be within [1, 1] range, given 2',
    );
  });

  it("CosmJS's searchTx loop (pages until it has total_count) terminates with every tx once", async () => {
    const seen: string[] = [];
    let total = Infinity;
    for (let page = 1; seen.length < total; page++) {
      const r = await idx.search("transfer.recipient='bob'", { page, perPage: 7 });
      total = r.totalCount;
      expect(r.txs.length).toBeGreaterThan(0);
      seen.push(...positions(r.txs));
    }
    expect(seen).toHaveLength(2 + BULK_BLOCKS);
    expect(new Set(seen).size).toBe(seen.length);
    const desc = [];
    for (let page = 1; page <= Math.ceil(total / 7); page++)
      desc.push(
        ...positions((await idx.search("transfer.recipient='bob'", { page, perPage: 7, orderBy: 'desc' })).txs),
      );
    expect(desc).toEqual([...seen].reverse());
  });

  it('reports malformed queries as QuerySyntaxError', async () => {
    await expect(idx.search("message.sender='x' OR tx.height=1")).rejects.toBeInstanceOf(QuerySyntaxError);
  });

  it('refuses a query too broad for its scan budget', async () => {
    const tight = new TxIndexer({ maxScanEntries: 10 }, { db });
    await expect(tight.search('message.module EXISTS')).rejects.toThrow(/query too broad/);
    await expect(tight.search('tx.height > 0')).rejects.toThrow(/query too broad/);
    expect((await tight.search("message.sender='alice'")).totalCount).toBe(2);
  });
});

describe('TxIndexer with odd characters and collisions', () => {
  it('indexes and finds values with slashes, NULs, quotes, unicode; no prefix collisions', async () => {
    const db = await ChainDb.open(tempDir());
    const idx = new TxIndexer({}, { db });
    const odd = 'a/b=c\u0000d "AND" 😀 ünï';
    const events: AbciEvent[] = [
      event('weird', [['v', odd]]),
      event('we/ird\u0000type', [['k\u0000ey', 'x']]),
      event('p', [['k', 'x']]),
      event('p', [['kk', 'x']]),
      event('q', [['k', 'xy']]),
      event('__proto__', [['constructor', 'yes']]),
    ];
    await db.batch(idx.indexOps(1, [{ tx: new Uint8Array([0, 255, 0]), result: res(events) }]));
    await db.batch(idx.indexOps(2, [{ tx: new Uint8Array([1]), result: res([event('q', [['k', 'x']])]) }]));

    expect(positions((await idx.search(`weird.v='${odd}'`)).txs)).toEqual(['1/0']);
    expect(positions((await idx.search("weird.v CONTAINS '\u0000d'")).txs)).toEqual(['1/0']);
    expect(positions((await idx.search("q.k='x'")).txs)).toEqual(['2/0']);
    expect(positions((await idx.search("q.k='xy'")).txs)).toEqual(['1/0']);
    expect(positions((await idx.search("p.k='x'")).txs)).toEqual(['1/0']);
    expect((await idx.search("p.k='xx'")).totalCount).toBe(0);
    expect(positions((await idx.search("__proto__.constructor='yes'")).txs)).toEqual(['1/0']);
    const got = await idx.getByHash(txHash(new Uint8Array([0, 255, 0])));
    expect(got!.result.events).toEqual(events);
    expect(got!.tx).toEqual(new Uint8Array([0, 255, 0]));
    await db.close();
  });

  it('skips attributes that spoof reserved tags or exceed the size limits, and still stores them', async () => {
    const db = await ChainDb.open(tempDir());
    const idx = new TxIndexer({ maxIndexedValueBytes: 16 }, { db });
    const events = [
      event('tx', [
        ['height', '999'],
        ['hash', 'FAKE'],
      ]),
      event('big', [
        ['v', 'y'.repeat(17)],
        ['w', 'y'.repeat(16)],
      ]),
    ];
    await db.batch(idx.indexOps(7, [{ tx: new Uint8Array([7]), result: res(events) }]));
    expect((await idx.search('tx.height=999')).totalCount).toBe(0);
    expect((await idx.search("tx.hash='FAKE'")).totalCount).toBe(0);
    expect((await idx.search('big.v EXISTS')).totalCount).toBe(0);
    expect((await idx.search('big.w EXISTS')).totalCount).toBe(1);
    expect((await idx.getByHash(txHash(new Uint8Array([7]))))!.result.events).toEqual(events);
    await db.close();
  });

  it('points a re-included hash at its newest position and survives a reopen', async () => {
    const dir = tempDir();
    let db = await ChainDb.open(dir);
    let idx = new TxIndexer({}, { db });
    const tx = bytes('same bytes');
    await db.batch(idx.indexOps(1, [{ tx, result: res(send('a', 'b', '1x'), 5) }]));
    await db.batch(
      idx.indexOps(4, [
        { tx: bytes('other'), result: res([]) },
        { tx, result: res(send('a', 'b', '1x')) },
      ]),
    );
    await db.close();
    db = await ChainDb.open(dir);
    idx = new TxIndexer({}, { db });
    const got = await idx.getByHash(txHash(tx));
    expect([got!.height, got!.index, got!.result.code]).toEqual([4, 1, 0]);
    expect(positions((await idx.search("message.sender='a'")).txs)).toEqual(['1/0', '4/1']);
    await db.close();
  });

  it('rejects an invalid height instead of writing garbage', () => {
    const idx = new TxIndexer({}, { db: { sub: () => ({}) } as unknown as ChainDb });
    expect(() => idx.indexOps(-1, [])).toThrow(RangeError);
    expect(() => idx.indexOps(1.5, [])).toThrow(RangeError);
  });
});

describe('TxIndexer agrees with the matcher (property)', () => {
  // Small domains so that several conditions often land on one event type and txs often have several instances.
  const types = ['transfer', 'a.b'];
  const keys = ['sender', 'amount', 'c'];
  const values = ['1', '5', '10x', 'alice', 'bob', '2.5', ''];
  const attr = fc.record({ key: fc.constantFrom(...keys), value: fc.constantFrom(...values), index: fc.boolean() });
  const ev = fc.record({
    type: fc.constantFrom(...types, ''),
    attributes: fc.array(attr, { minLength: 1, maxLength: 3 }),
  });
  const block = fc.array(fc.array(ev, { maxLength: 5 }), { minLength: 1, maxLength: 3 });
  const tag = fc.oneof(
    fc.tuple(fc.constantFrom(...types), fc.constantFrom(...keys)).map(([t, k]) => `${t}.${k}`),
    fc.constantFrom('tx.height', 'tm.event'),
  );
  const condition = fc.oneof(
    fc.tuple(tag, fc.constantFrom(...values)).map(([t, v]) => `${t}='${v}'`),
    fc
      .tuple(tag, fc.constantFrom('<', '<=', '>', '>=', '='), fc.constantFrom('0', '1', '2', '2.5', '5', '10'))
      .map(([t, o, n]) => `${t} ${o} ${n}`),
    fc.tuple(tag, fc.constantFrom('a', 'li', '0', 'Tx')).map(([t, v]) => `${t} CONTAINS '${v}'`),
    tag.map((t) => `${t} EXISTS`),
  );
  const anyQuery = fc.array(condition, { minLength: 1, maxLength: 3 }).map((cs) => cs.join(' AND '));
  // Two conditions on one event type: where the same-event-instance rule decides.
  const sameTypePair = fc
    .tuple(
      fc.constantFrom(...types),
      fc.constantFrom(...keys),
      fc.constantFrom(...keys),
      fc.constantFrom(...values),
      fc.constantFrom('0', '2', '5'),
    )
    .map(([t, k1, k2, v, n]) => `${t}.${k1}='${v}' AND ${t}.${k2} >= ${n}`);
  const query = fc.oneof(anyQuery, sameTypePair);

  it('search returns exactly the txs that matchesEvents accepts, in order', async () => {
    const { matchesEvents } = await import('../../../chain/events/match.js');
    const { parseQuery } = await import('../../../chain/events/query.js');
    await fc.assert(
      fc.asyncProperty(
        fc.array(block, { minLength: 1, maxLength: 4 }),
        fc.array(query, { minLength: 1, maxLength: 12 }),
        async (blocks, queries) => {
          const db = await ChainDb.open(tempDir());
          try {
            const idx = new TxIndexer({}, { db });
            const all: Array<{ pos: string; hash: string; height: number; events: AbciEvent[] }> = [];
            for (const [h, txs] of blocks.entries()) {
              const height = h + 1;
              const entries = txs.map((events, i) => ({ tx: bytes(`${height}:${i}`), result: res(events) }));
              await db.batch(idx.indexOps(height, entries));
              entries.forEach((e, i) =>
                all.push({ pos: `${height}/${i}`, hash: toHexUpper(txHash(e.tx)), height, events: e.result.events }),
              );
            }
            for (const text of queries) {
              const q = parseQuery(text);
              const expected = all
                .filter((t) =>
                  matchesEvents(
                    q,
                    t.events,
                    { 'tm.event': ['Tx'], 'tx.hash': [t.hash], 'tx.height': [String(t.height)] },
                    { indexedOnly: true },
                  ),
                )
                .map((t) => t.pos);
              const got = await idx.search(text, { perPage: 100 });
              expect({ text, got: positions(got.txs) }).toEqual({ text, got: expected });
              expect(got.totalCount).toBe(expected.length);
            }
          } finally {
            await db.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
