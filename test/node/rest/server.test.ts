/** The REST server itself: tendermint/node routes over the fake chain, HTTP errors, CORS, bad input never crashing it. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { silentLogger } from '../../../chain/util/log.js';
import { startRestServer, type RestServerHandle } from '../../../node/rest/server.js';
import { CHAIN_ID, FakeBackend, VAL_ADDRESS, VAL_PUBKEY } from '../rpc/fake-backend.js';
import { RestClient, startRest } from './helpers.js';

let backend: FakeBackend;
let server: RestServerHandle;
let rest: RestClient;

beforeAll(async () => {
  backend = new FakeBackend();
  ({ server, client: rest } = await startRest(backend, { maxBodyBytes: 10_000, minimumGasPrices: '0.025nicoin' }));
});

afterAll(async () => {
  await server?.close();
});

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

describe('cosmos.base.tendermint and cosmos.base.node', () => {
  it('node_info names the network, node id and versions', async () => {
    const body = await rest.ok('/cosmos/base/tendermint/v1beta1/node_info');
    expect(body.default_node_info).toMatchObject({
      network: CHAIN_ID,
      default_node_id: '545ea538461003efdc8c81c244531b003f6f26cf',
      version: expect.stringMatching(/^0\.38\./),
      moniker: 'fake',
      protocol_version: { p2p: '8', block: '11', app: '0' },
      other: { tx_index: 'on', rpc_address: 'tcp://127.0.0.1:26657' },
    });
    expect(Buffer.from(body.default_node_info.channels, 'base64').toString('hex')).toBe('40202122233038606100');
    expect(body.application_version).toMatchObject({
      name: 'race',
      version: '0.1.0',
      cosmos_sdk_version: expect.any(String),
      build_deps: [],
    });
  });

  it('syncing, base node config and status', async () => {
    expect(await rest.ok('/cosmos/base/tendermint/v1beta1/syncing')).toEqual({ syncing: false });
    expect(await rest.ok('/cosmos/base/node/v1beta1/config')).toEqual({
      minimum_gas_price: '0.025nicoin',
      pruning_keep_recent: '0',
      pruning_interval: '0',
      halt_height: '0',
    });
    expect((await rest.ok('/cosmos/base/node/v1beta1/status')).height).toBe(String(backend.blocks.length));
  });

  it('blocks/latest and blocks/{height}: base64 hashes, enum names, sdk_block with a bech32 proposer', async () => {
    const latest = await rest.ok('/cosmos/base/tendermint/v1beta1/blocks/latest');
    const stored = backend.blocks[backend.blocks.length - 1]!;
    expect(latest.block_id).toEqual({
      hash: b64(stored.blockId.hash),
      part_set_header: { total: 1, hash: b64(stored.blockId.partSetHeader.hash) },
    });
    expect(latest.block.header).toMatchObject({
      chain_id: CHAIN_ID,
      height: String(stored.block.header.height),
      proposer_address: b64(VAL_ADDRESS),
      version: { block: '11', app: '0' },
    });
    expect(latest.block.header.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.274Z$/);
    expect(latest.sdk_block.header.proposer_address).toMatch(/^racevalcons1/);
    expect(latest.block.last_commit.signatures[0]).toMatchObject({
      block_id_flag: 'BLOCK_ID_FLAG_COMMIT',
      validator_address: b64(VAL_ADDRESS),
    });
    const two = await rest.ok('/cosmos/base/tendermint/v1beta1/blocks/2');
    expect(two.block.data.txs).toEqual([b64(backend.blocks[1]!.block.txs[0]!)]);
    expect(two.block.evidence).toEqual({ evidence: [] });
    expect(two.block.last_commit.height).toBe('1');
  });

  it('refuses heights beyond the chain or not numbers with 400', async () => {
    for (const h of ['99', 'abc', '0', '-1', '1e3']) {
      const r = await rest.get(`/cosmos/base/tendermint/v1beta1/blocks/${h}`);
      expect(r.status).toBe(400);
      expect(r.body.code).toBe(3);
    }
  });

  it('validatorsets with bech32 consensus addresses and ed25519 "@type" keys', async () => {
    const body = await rest.ok('/cosmos/base/tendermint/v1beta1/validatorsets/latest');
    expect(body.block_height).toBe(String(backend.blocks.length));
    expect(body.validators).toEqual([
      {
        address: expect.stringMatching(/^racevalcons1/),
        pub_key: { '@type': '/cosmos.crypto.ed25519.PubKey', key: b64(VAL_PUBKEY) },
        voting_power: '10',
        proposer_priority: '0',
      },
    ]);
    expect(body.pagination).toEqual({ next_key: null, total: '1' });
    expect((await rest.ok('/cosmos/base/tendermint/v1beta1/validatorsets/1')).block_height).toBe('1');
  });
});

describe('HTTP behaviour', () => {
  it('answers an unknown path with 404 {code 5} and staking/distribution with 501 {code 12}', async () => {
    const r = await rest.get('/cosmos/nothing/here');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ code: 5, message: 'Not Found', details: [] });
    for (const path of [
      '/cosmos/staking/v1beta1/validators',
      '/cosmos/staking/v1beta1/delegations/race1abc',
      '/cosmos/distribution/v1beta1/delegators/race1abc/rewards',
    ]) {
      const s = await rest.get(path);
      expect(s.status).toBe(501);
      expect(s.body).toEqual({
        code: 12,
        message: expect.stringMatching(/no (staking|distribution) module/),
        details: [],
      });
    }
  });

  it('answers a wrong verb with 405 and an Allow header', async () => {
    const put = await rest.request('PUT', '/cosmos/bank/v1beta1/params', '{}');
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, OPTIONS');
    expect(put.body.code).toBe(12);
    const post = await rest.post('/cosmos/bank/v1beta1/params', {});
    expect(post.status).toBe(405);
    const get = await rest.get('/cosmos/tx/v1beta1/simulate');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('sends CORS headers and answers preflights', async () => {
    const r = await rest.get('/cosmos/base/tendermint/v1beta1/syncing');
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    const pre = await rest.request('OPTIONS', '/cosmos/tx/v1beta1/txs', undefined, {
      Origin: 'chrome-extension://keplr',
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type',
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    expect(pre.headers.get('access-control-allow-headers')).toBe('content-type');
    const err = await rest.get('/nope');
    expect(err.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('refuses a body over the cap with 413, bad JSON and non-objects with 400', async () => {
    const big = await rest.post(
      '/cosmos/tx/v1beta1/txs',
      JSON.stringify({ tx_bytes: 'A'.repeat(20_000), mode: 'BROADCAST_MODE_SYNC' }),
    );
    expect(big.status).toBe(413);
    expect(big.body).toEqual({
      code: 8,
      message: expect.stringMatching(/exceeds the limit of 10000 bytes/),
      details: [],
    });
    for (const body of ['{not json', '[1,2]', '"text"', 'null', '']) {
      const r = await rest.post('/cosmos/tx/v1beta1/txs', body);
      expect(r.status).toBe(400);
      expect(r.body.code).toBe(3);
    }
  });

  it('refuses a chunked body over the cap without buffering it all', async () => {
    const { status } = await new Promise<{ status: number }>((resolve, reject) => {
      const req = request(
        `${server.url}/cosmos/tx/v1beta1/simulate`,
        { method: 'POST', headers: { 'Transfer-Encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0 });
        },
      );
      req.on('error', (e) =>
        (e as NodeJS.ErrnoException).code === 'ECONNRESET' || (e as NodeJS.ErrnoException).code === 'EPIPE'
          ? resolve({ status: 413 })
          : reject(e),
      );
      for (let i = 0; i < 5; i++) req.write('x'.repeat(5_000));
      req.end();
    });
    expect(status).toBe(413);
  });

  it('survives malformed paths and a failing backend, and keeps answering', async () => {
    expect((await rest.get('/cosmos/auth/v1beta1/accounts/%E0%A4%A')).status).toBe(400);
    expect((await rest.get('/cosmos/auth/v1beta1/accounts/' + 'x'.repeat(5000))).status).toBeLessThan(500);
    const broken = new FakeBackend();
    broken.abciQuery = () => {
      throw new Error('disk on fire');
    };
    const s2 = await startRestServer({ address: 'tcp://127.0.0.1:0' }, { backend: broken, log: silentLogger() });
    try {
      const r = await new RestClient(s2.url).get('/cosmos/bank/v1beta1/params');
      expect(r.status).toBe(500);
      expect(r.body).toEqual({ code: 13, message: 'disk on fire', details: [] });
    } finally {
      await s2.close();
    }
    expect(await rest.ok('/cosmos/base/tendermint/v1beta1/syncing')).toEqual({ syncing: false });
  });
});
