/**
 * The dashboard on a REST server over the RPC tests' fake chain: the page, its bundle (uPlot inside, no CDN), the
 * aggregate API with its backfill and live feed, and bad requests answered clearly without touching anything.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FinalizeBlockResponse } from '../../../chain/abci.js';
import type { Block } from '../../../chain/types/block.js';
import { silentLogger } from '../../../chain/util/log.js';
import { startDashboard, type Dashboard } from '../../../node/dashboard/start-dashboard.js';
import { startRestServer, type RestServerHandle } from '../../../node/rest/server.js';
import { ALICE, BOB, CHAIN_ID, FakeBackend, makeSendTx } from '../rpc/fake-backend.js';
import { RestClient } from '../rest/helpers.js';

let backend: FakeBackend;
let server: RestServerHandle;
let rest: RestClient;
let dashboard: Dashboard;
let commit: ((block: Block, results: FinalizeBlockResponse) => void) | undefined;

beforeAll(async () => {
  backend = new FakeBackend();
  dashboard = await startDashboard(
    {},
    { backend, onBlockCommitted: (f) => (commit = f), rpcPort: () => 26657, log: silentLogger() },
  );
  server = await startRestServer(
    { address: 'tcp://127.0.0.1:0' },
    { backend, log: silentLogger(), rawHandlers: [dashboard.handler] },
  );
  rest = new RestClient(server.url);
});

afterAll(async () => {
  await server?.close();
});

describe('dashboard HTTP surface', () => {
  it('serves the page, and redirects /dashboard to /dashboard/', async () => {
    const page = await fetch(`${server.url}/dashboard/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('<script src="app.js"></script>');
    expect(html).not.toMatch(/https?:\/\//); // nothing loaded from elsewhere
    const bare = await fetch(`${server.url}/dashboard`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/dashboard/');
  });

  it('serves one bundle with uPlot inside and its stylesheet', async () => {
    const js = await fetch(`${server.url}/dashboard/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    const code = await js.text();
    expect(code).toContain('uplot'); // uPlot's class names are in the bundle, not fetched from a CDN
    expect(code).not.toMatch(/\bimport\s*\(/);
    const css = await fetch(`${server.url}/dashboard/app.css`);
    expect(css.status).toBe(200);
    expect(await css.text()).toContain('.uplot');
  }, 30_000);

  it('answers the history from the blocks already stored (backfill) and then from committed blocks', async () => {
    const h = await rest.ok('/dashboard/api/history');
    expect(h.height).toBe(3);
    expect(
      h.blocks.map((b: { height: number; txs: number; failedTxs: number }) => [b.height, b.txs, b.failedTxs]),
    ).toEqual([
      [1, 0, 0],
      [2, 1, 0],
      [3, 1, 1],
    ]);
    const stored = backend.produceBlock([{ tx: makeSendTx(ALICE, BOB, '5', 2n), ok: true }]);
    commit!(stored.block, backend.results[backend.results.length - 1]!);
    const delta = await rest.ok('/dashboard/api/history?since=3');
    expect(delta.blocks.map((b: { height: number }) => b.height)).toEqual([4]);
    expect(delta.blocks[0].interval).toBe(1);
  });

  it('reports the node: chain, height, sync, peers, mempool, RPC port and its modules', async () => {
    const n = await rest.ok('/dashboard/api/node');
    expect(n).toMatchObject({ chain_id: CHAIN_ID, catching_up: false, peers: [], rpc_port: 26657 });
    expect(n.mempool).toEqual({ txs: 0, bytes: 0 });
    expect(n.modules).toEqual(expect.arrayContaining(['bank', 'race', 'pricing', 'inference']));
  });

  it('refuses bad input clearly and changes nothing', async () => {
    const before = await rest.ok('/dashboard/api/history');
    for (const since of ['-1', 'abc', '1e3', '9'.repeat(40)]) {
      const r = await rest.get(`/dashboard/api/history?since=${since}`);
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(/since must be a block height/);
    }
    expect((await rest.get('/dashboard/../etc/passwd')).status).toBe(404);
    expect((await rest.get('/dashboard/secret.ts')).status).toBe(404);
    expect((await rest.get('/dashboard/main.ts')).status).toBe(404);
    const post = await rest.post('/dashboard/api/history', {});
    expect(post.status).toBe(405);
    expect(await rest.ok('/dashboard/api/history')).toEqual(before);
    // The REST routes are untouched by the dashboard's handler.
    expect((await rest.ok('/cosmos/base/tendermint/v1beta1/blocks/latest')).block.header.height).toBe('4');
  });
});

describe('dashboard switched off', () => {
  it('leaves /dashboard/ unserved when no handler is mounted (app.toml api.dashboard = false)', async () => {
    const plain = await startRestServer({ address: 'tcp://127.0.0.1:0' }, { backend, log: silentLogger() });
    try {
      expect((await fetch(`${plain.url}/dashboard/`)).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
