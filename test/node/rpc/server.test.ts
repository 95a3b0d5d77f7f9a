import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RpcServerHandle } from '../../../node/rpc/server.js';
import { FakeBackend } from './fake-backend.js';
import { call, postRaw, startTestServer } from './helpers.js';

let server: RpcServerHandle;
let backend: FakeBackend;
let url: string;
const observed: Array<[string, number]> = [];

beforeAll(async () => {
  ({ server, backend, url } = await startTestServer(
    new FakeBackend(),
    { maxBodyBytes: 4096, maxBatch: 5, corsOrigins: ['https://wallet.example'] },
    { observeRpc: (m, s) => observed.push([m, s]) },
  ));
});
afterAll(async () => server.close());

async function post(body: string): Promise<{ status: number; json: any }> {
  const { status, text } = await postRaw(url, body);
  return { status, json: text === '' ? undefined : JSON.parse(text) };
}

async function stillServing(): Promise<void> {
  expect((await call(url, 'health')).constructor).toBe(Object);
}

describe('JSON-RPC over HTTP POST', () => {
  it('answers with the same id and jsonrpc 2.0; string ids too', async () => {
    const { status, json } = await post('{"jsonrpc":"2.0","id":"abc","method":"health","params":{}}');
    expect(status).toBe(200);
    expect(json).toEqual({ jsonrpc: '2.0', id: 'abc', result: {} });
  });

  it('batches: answers in order, matched by id, errors per element', async () => {
    const body = JSON.stringify([
      { jsonrpc: '2.0', id: 1, method: 'health' },
      { jsonrpc: '2.0', id: 2, method: 'nope' },
      { jsonrpc: '2.0', id: 3, method: 'block', params: { height: '2' } },
    ]);
    const { status, json } = await post(body);
    expect(status).toBe(200);
    expect(json.map((r: any) => r.id)).toEqual([1, 2, 3]);
    expect(json[1].error.code).toBe(-32601);
    expect(json[2].result.block.header.height).toBe('2');
  });

  it('a batch of one is answered with an array; notifications get no reply', async () => {
    expect((await post('[{"jsonrpc":"2.0","id":7,"method":"health"}]')).json).toEqual([
      { jsonrpc: '2.0', id: 7, result: {} },
    ]);
    expect(await post('{"jsonrpc":"2.0","method":"health"}')).toEqual({ status: 200, json: undefined });
  });

  it('malformed bodies get JSON-RPC errors and the server keeps serving', async () => {
    const cases: Array<[string, number]> = [
      ['this is not json', -32700],
      ['{"jsonrpc":"2.0","id":1,"method":"health"', -32700],
      ['{"jsonrpc":"1.0","id":1,"method":"health"}', -32600],
      ['{"id":1,"method":"health"}', -32600],
      ['{"jsonrpc":"2.0","id":1}', -32600],
      ['{"jsonrpc":"2.0","id":1,"method":42}', -32600],
      ['{"jsonrpc":"2.0","id":{"a":1},"method":"health"}', -32600],
      ['"just a string"', -32600],
      ['null', -32600],
      ['[]', -32600],
      ['{"jsonrpc":"2.0","id":1,"method":"no_such_method"}', -32601],
      ['{"jsonrpc":"2.0","id":1,"method":"block","params":{"height":"x"}}', -32602],
      ['{"jsonrpc":"2.0","id":1,"method":"block","params":7}', -32602],
      ['{"jsonrpc":"2.0","id":1,"method":"tx","params":{"hash":"00"}}', -32602],
      ['{"jsonrpc":"2.0","id":1,"method":"__proto__"}', -32601],
      ['{"jsonrpc":"2.0","id":1,"method":"subscribe","params":{"query":"tm.event=\'NewBlock\'"}}', -32603],
    ];
    for (const [body, code] of cases) {
      const { status, json } = await post(body);
      expect({ body, status, code: json.error?.code }).toEqual({ body, status: 200, code });
      expect(typeof json.error.message).toBe('string');
      expect(json.jsonrpc).toBe('2.0');
    }
    await stillServing();
  });

  it('an array of garbage gets one error per element; an oversized batch one error', async () => {
    const { json } = await post('[1, "x", null, {"jsonrpc":"2.0","id":4,"method":"health"}]');
    expect(json.map((r: any) => r.error?.code ?? 'ok')).toEqual([-32600, -32600, -32600, 'ok']);
    const big = JSON.stringify(Array.from({ length: 6 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'health' })));
    const r = await post(big);
    expect(r.json.error).toMatchObject({ code: -32600, data: 'batch of 6 requests exceeds the limit of 5' });
    await stillServing();
  });

  it('refuses bodies over max_body_bytes without crashing', async () => {
    const huge = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'broadcast_tx_sync',
      params: { tx: 'A'.repeat(20000) },
    });
    const { status, json } = await post(huge);
    expect(status).toBe(413);
    expect(json.error.code).toBe(-32600);
    expect(json.error.data).toMatch(/exceeds the limit of 4096 bytes/);
    await stillServing();
  });

  it('refuses POST to other paths and other HTTP verbs', async () => {
    const res = await fetch(`${url}/rpc`, { method: 'POST', body: '{"jsonrpc":"2.0","id":1,"method":"health"}' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(-32600);
    expect((await fetch(`${url}/`, { method: 'PUT', body: 'x' })).status).toBe(405);
  });

  it('reports latency per method to the metrics hook', async () => {
    observed.length = 0;
    await call(url, 'status');
    expect(observed).toHaveLength(1);
    expect(observed[0]![0]).toBe('status');
    expect(observed[0]![1]).toBeGreaterThanOrEqual(0);
  });

  it('CORS: allowed origins get headers and preflights are answered', async () => {
    const pre = await fetch(`${url}/`, { method: 'OPTIONS', headers: { Origin: 'https://wallet.example' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://wallet.example');
    const other = await fetch(`${url}/health`, { headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('GET URI form', () => {
  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`);
    return { status: res.status, json: (await res.json()) as any };
  };

  it('methods without params', async () => {
    const { status, json } = await get('/status');
    expect(status).toBe(200);
    expect(json.id).toBe(-1);
    expect(json.result.node_info.network).toBe('race-test');
  });

  it('integers bare or quoted, strings quoted, bytes as 0x-hex', async () => {
    expect((await get('/block?height=2')).json.result.block.header.height).toBe('2');
    expect((await get('/block?height="2"')).json.result.block.header.height).toBe('2');
    const hash = Buffer.from(backend.txs[0]!.hash).toString('hex').toUpperCase();
    expect((await get(`/tx?hash=0x${hash}`)).json.result.hash).toBe(hash);
    const search = await get(`/tx_search?query=${encodeURIComponent('"tx.height=2"')}&page=1`);
    expect(search.json.result.total_count).toBe('1');
    const q = await get('/abci_query?path="/cosmos.bank.v1beta1.Query/Params"&data=0x');
    expect(q.json.result.response.code).toBe(0);
  });

  it('bad params and unknown methods', async () => {
    const bad = await get('/block?height=abc');
    expect(bad.status).toBe(200);
    expect(bad.json.error.code).toBe(-32602);
    const unknown = await get('/no_such_method');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe(-32601);
    expect((await get('/subscribe?query="tm.event=\'NewBlock\'"')).status).toBe(404);
  });

  it('GET / lists the endpoints', async () => {
    const res = await fetch(`${url}/`);
    const html = await res.text();
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    for (const m of [
      'status',
      'abci_query?path=_&amp;data=_',
      'block?height=_',
      'tx_search?query=_',
      'broadcast_tx_sync?tx=_',
    ]) {
      expect(html.replace(/&(?!amp;)/g, '&amp;')).toContain(`/${m}`);
    }
    expect(html).not.toContain('/subscribe');
  });
});
