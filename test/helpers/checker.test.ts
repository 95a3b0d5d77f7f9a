import { afterAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkHistories, runChecker, TxLedger, txHashOf, type BlockSummary, type NodeHistory } from './checker.js';

const H = (c: string) => c.repeat(64);
const block = (height: number, hash: string, txHashes: string[] = [], appHash = H('A')): BlockSummary => ({
  height,
  hash,
  appHash,
  txHashes,
  evidence: [],
});
const node = (name: string, blocks: BlockSummary[]): NodeHistory => ({ node: name, blocks });
const TX1 = H('1');
const TX2 = H('2');
const TX3 = H('3');

describe('checkHistories (pure)', () => {
  it('accepts agreeing nodes of different lengths with every acknowledged tx committed once', () => {
    const a = node('a', [block(1, H('B')), block(2, H('C'), [TX1, TX3]), block(3, H('D'), [TX2])]);
    const b = node('b', [block(1, H('B')), block(2, H('C'), [TX1, TX3])]);
    const r = checkHistories([a, b], { acknowledged: [TX1, TX2], rejected: [] });
    expect(r).toEqual({ ok: true, problems: [], maxHeight: 3, nodes: ['a', 'b'], acknowledged: 2, committedOnce: 2 });
  });

  it('finds a fork: two different blocks at one height', () => {
    const r = checkHistories(
      [node('a', [block(1, H('B')), block(2, H('C'))]), node('b', [block(1, H('B')), block(2, H('E'))])],
      { acknowledged: [], rejected: [] },
    );
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([`fork at height 2: a has block ${H('C')}, b has ${H('E')}`]);
  });

  it('finds a different app hash under the same block hash (a broken node or RPC)', () => {
    const r = checkHistories([node('a', [block(1, H('B'), [], H('A'))]), node('b', [block(1, H('B'), [], H('F'))])], {
      acknowledged: [],
      rejected: [],
    });
    expect(r.problems).toEqual([`app hash differs at height 1: a ${H('A')}, b ${H('F')}`]);
  });

  it('finds an acknowledged tx that never made it and one committed twice', () => {
    const r = checkHistories([node('a', [block(1, H('B'), [TX1]), block(2, H('C'), [TX1])])], {
      acknowledged: [TX1, TX2],
      rejected: [],
    });
    expect(r.problems).toEqual([
      `acknowledged tx ${TX1} was committed 2 times (heights 1, 2)`,
      `acknowledged tx ${TX2} was never committed`,
    ]);
    expect(r.committedOnce).toBe(0);
  });

  it('finds a rejected tx that was committed anyway, and counts a tx committed on any node', () => {
    const r = checkHistories([node('a', [block(1, H('B'))]), node('b', [block(1, H('B')), block(2, H('C'), [TX3])])], {
      acknowledged: [],
      rejected: [TX3],
    });
    expect(r.problems).toEqual([`rejected tx ${TX3} was committed at height 2`]);
  });

  it('finds a node that reports one height twice', () => {
    const r = checkHistories([node('a', [block(1, H('B')), block(1, H('B'))])], { acknowledged: [], rejected: [] });
    expect(r.problems).toEqual(['a reported height 1 twice']);
  });
});

describe('TxLedger', () => {
  it('sorts answers into acknowledged, rejected and unknown', () => {
    const l = new TxLedger();
    l.record(TX1, { result: { code: 0, log: '' } });
    l.record(TX2, { result: { code: 13, log: 'insufficient fee' } });
    l.record(TX3, { error: { message: 'Internal error', data: 'tx already exists in cache' } });
    l.record(H('4'), null);
    expect([...l.acknowledged]).toEqual([TX1]);
    expect([...l.rejected]).toEqual([
      [TX2, 'code 13: insufficient fee'],
      [TX3, 'rpc error: Internal error tx already exists in cache'],
    ]);
    expect([...l.unknown]).toEqual([H('4')]);
  });
});

/** A fake CometBFT RPC serving a fixed chain, to test the fetching side and the waiting for pending txs. */
function fakeNode(
  chain: () => Array<{ hash: string; txs: Uint8Array[] }>,
): Promise<{ url: string; close: () => Promise<void>; broadcasts: string[] }> {
  const broadcasts: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const { method, params } = JSON.parse(body) as { method: string; params: Record<string, string> };
      const blocks = chain();
      let result: unknown;
      if (method === 'status')
        result = { sync_info: { earliest_block_height: '1', latest_block_height: String(blocks.length) } };
      else if (method === 'block') {
        const h = Number(params.height);
        const b = blocks[h - 1];
        result = b
          ? {
              block_id: { hash: b.hash },
              block: {
                header: { height: String(h), app_hash: H('a') },
                data: { txs: b.txs.map((t) => Buffer.from(t).toString('base64')) },
                evidence: { evidence: [] },
              },
            }
          : { block_id: { hash: '' }, block: null };
      } else if (method === 'broadcast_tx_sync') {
        broadcasts.push(params.tx!);
        const bad = Buffer.from(params.tx!, 'base64')[0] === 0xff;
        result = { code: bad ? 4 : 0, log: bad ? 'unauthorized' : '', hash: '' };
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ jsonrpc: '2.0', id: 1, result }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        broadcasts,
        close: () => new Promise((r) => server.close(() => r())),
      });
    }),
  );
}

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of closers) await c();
});

describe('runChecker over RPC', () => {
  it('records broadcasts, waits for a pending acknowledged tx, and passes once it is committed', async () => {
    const good = Uint8Array.of(1, 2, 3);
    const bad = Uint8Array.of(0xff);
    const chain: Array<{ hash: string; txs: Uint8Array[] }> = [{ hash: H('B'), txs: [] }];
    const n = await fakeNode(() => chain);
    closers.push(n.close);
    const ledger = new TxLedger();
    expect(await ledger.broadcast(n.url, good)).toEqual({ hash: txHashOf(good), ok: true, log: '' });
    expect(await ledger.broadcast(n.url, bad)).toEqual({ hash: txHashOf(bad), ok: false, log: 'code 4: unauthorized' });
    expect(await ledger.broadcast('http://127.0.0.1:1', good.slice(1), 1_000)).toMatchObject({ ok: false });
    expect(ledger.unknown.size).toBe(1);
    setTimeout(() => chain.push({ hash: H('C'), txs: [good] }), 300);
    const r = await runChecker(
      [
        { name: 'n0', rpcUrl: n.url },
        { name: 'down', rpcUrl: 'http://127.0.0.1:1' },
      ],
      ledger,
      { waitForAckedMs: 5_000, pollMs: 100 },
    );
    expect(r).toMatchObject({ ok: true, nodes: ['n0'], maxHeight: 2, acknowledged: 1, committedOnce: 1 });
  });

  it('reports a rejected tx that a node committed, and two nodes that forked, without waiting', async () => {
    const bad = Uint8Array.of(0xff);
    const a = await fakeNode(() => [{ hash: H('B'), txs: [bad] }]);
    const b = await fakeNode(() => [{ hash: H('E'), txs: [] }]);
    closers.push(a.close, b.close);
    const ledger = new TxLedger();
    await ledger.broadcast(a.url, bad);
    const r = await runChecker(
      [
        { name: 'a', rpcUrl: a.url },
        { name: 'b', rpcUrl: b.url },
      ],
      ledger,
      { waitForAckedMs: 60_000 },
    );
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      `fork at height 1: a has block ${H('B')}, b has ${H('E')}`,
      `rejected tx ${txHashOf(bad)} was committed at height 1`,
    ]);
  });
});
