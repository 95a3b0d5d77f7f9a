/** REST tx service: simulate and broadcast through a real app's CheckTx/Simulate; GetTx and search over the tx index. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sha256 } from '@noble/hashes/sha2.js';
import { TxMsgData } from 'cosmjs-types/cosmos/base/abci/v1beta1/abci';
import type { RestServerHandle } from '../../../node/rest/server.js';
import { TestChain, testAccount } from '../../modules/gov/harness.js';
import { ALICE, BOB } from '../rpc/fake-backend.js';
import { appBackend, startRest, type AppBackend, type RestClient } from './helpers.js';

const alice = testAccount('rest tx alice');
const bob = testAccount('rest tx bob');
const ICON = 1_000_000_000n;

let chain: TestChain;
let backend: AppBackend;
let server: RestServerHandle;
let rest: RestClient;

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();
const send = (amount: bigint, to = bob.address) => ({
  typeUrl: '/cosmos.bank.v1beta1.MsgSend',
  value: { fromAddress: alice.address, toAddress: to, amount: [{ denom: 'nicoin', amount: amount.toString() }] },
});

beforeAll(async () => {
  chain = await new TestChain({
    accounts: [
      { account: alice, balance: 100n * ICON, weight: 1n },
      { account: bob, balance: 0n, weight: 0n },
    ],
  }).start();
  backend = appBackend(chain);
  ({ server, client: rest } = await startRest(backend));
});

afterAll(async () => {
  await server?.close();
  await chain?.stop();
});

describe('POST /cosmos/tx/v1beta1/simulate', () => {
  it('returns gas_info and the result with "@type" msg_responses', async () => {
    const tx = await chain.signTx(alice, [send(5n)]);
    const body = await rest.ok('/cosmos/tx/v1beta1/simulate', { tx_bytes: b64(tx) });
    expect(body.gas_info.gas_wanted).toBe('18446744073709551615');
    expect(BigInt(body.gas_info.gas_used)).toBeGreaterThan(0n);
    expect(body.result.msg_responses).toEqual([{ '@type': '/cosmos.bank.v1beta1.MsgSendResponse' }]);
    expect(body.result.log).toBe('');
    const transfer = body.result.events.find((e: any) => e.type === 'transfer');
    expect(transfer.attributes).toContainEqual({ key: 'recipient', value: bob.address, index: true });
  });

  it('reports a failing simulation with the SDK text, and bad input with 400', async () => {
    const overspend = await chain.signTx(alice, [send(1000n * ICON)]);
    const r = await rest.post('/cosmos/tx/v1beta1/simulate', { tx_bytes: b64(overspend) });
    expect(r.status).toBe(500);
    expect(r.body.code).toBe(2);
    expect(r.body.message).toMatch(/insufficient funds With gas wanted: '18446744073709551615' and gas used: '\d+' $/);
    expect(r.body.details).toEqual([]);

    const garbage = await rest.post('/cosmos/tx/v1beta1/simulate', {
      tx_bytes: b64(Uint8Array.from([0xff, 0xff, 0xff])),
    });
    expect(garbage.body.code).toBe(2);
    expect(garbage.body.message).toMatch(/tx parse error/);
    for (const bad of [{ tx_bytes: 'not base64!' }, { tx_bytes: 42 }, {}, { tx: { body: {} } }]) {
      const res = await rest.post('/cosmos/tx/v1beta1/simulate', bad);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(3);
    }
  });
});

describe('POST /cosmos/tx/v1beta1/txs', () => {
  it('broadcasts SYNC through CheckTx and reports the hash; a repeat is code 19', async () => {
    const tx = await chain.signTx(alice, [send(7n)]);
    const body = await rest.ok('/cosmos/tx/v1beta1/txs', { tx_bytes: b64(tx), mode: 'BROADCAST_MODE_SYNC' });
    expect(body).toEqual({
      tx_response: {
        height: '0',
        txhash: hexOf(sha256(tx)),
        codespace: '',
        code: 0,
        data: '',
        raw_log: '',
        logs: [],
        info: '',
        gas_wanted: '0',
        gas_used: '0',
        tx: null,
        timestamp: '',
        events: [],
      },
    });
    expect(backend.fake.mempool).toHaveLength(1);
    const again = await rest.ok('/cosmos/tx/v1beta1/txs', { tx_bytes: b64(tx), mode: 'BROADCAST_MODE_SYNC' });
    expect(again.tx_response).toMatchObject({ code: 19, codespace: 'sdk', txhash: hexOf(sha256(tx)) });
  });

  it('answers ASYNC with the hash only, and reports CheckTx failures in the body (HTTP 200)', async () => {
    const tx = await chain.signTx(alice, [send(8n)], { memo: 'async' });
    const body = await rest.ok('/cosmos/tx/v1beta1/txs', { tx_bytes: b64(tx), mode: 'BROADCAST_MODE_ASYNC' });
    expect(body.tx_response).toMatchObject({ txhash: hexOf(sha256(tx)), code: 0, height: '0' });
    // Signed with the committed sequence, which the SYNC broadcast above has already used in CheckTx.
    const stale = await chain.signTx(alice, [send(9n)], { memo: 'stale' });
    const bad = await rest.ok('/cosmos/tx/v1beta1/txs', { tx_bytes: b64(stale), mode: 'BROADCAST_MODE_SYNC' });
    expect(bad.tx_response).toMatchObject({
      code: 32,
      codespace: 'sdk',
      raw_log: expect.stringMatching(/account sequence mismatch/),
    });
  });

  it('refuses BLOCK mode, a missing mode and bad bytes with 400', async () => {
    const tx = await chain.signTx(alice, [send(10n)], { memo: 'block' });
    const block = await rest.post('/cosmos/tx/v1beta1/txs', { tx_bytes: b64(tx), mode: 'BROADCAST_MODE_BLOCK' });
    expect(block.status).toBe(400);
    expect(block.body).toEqual({
      code: 3,
      message: expect.stringMatching(/BROADCAST_MODE_BLOCK is not supported/),
      details: [],
    });
    expect((await rest.post('/cosmos/tx/v1beta1/txs', { tx_bytes: b64(tx) })).status).toBe(400);
    expect((await rest.post('/cosmos/tx/v1beta1/txs', { tx_bytes: b64(tx), mode: 'FAST' })).status).toBe(400);
    expect((await rest.post('/cosmos/tx/v1beta1/txs', { tx_bytes: '', mode: 'BROADCAST_MODE_SYNC' })).status).toBe(400);
    expect((await rest.post('/cosmos/tx/v1beta1/txs', { tx_bytes: 'AAA=', mode: 2 })).body.tx_response.code).toBe(2);
  });
});

describe('GET /cosmos/tx/v1beta1/txs/{hash}', () => {
  it('renders a committed tx and its TxResponse in the SDK shape', async () => {
    const t = backend.fake.txs[0]!;
    const block = backend.fake.blocks[t.height - 1]!;
    const body = await rest.ok(`/cosmos/tx/v1beta1/txs/${hexOf(t.hash)}`);
    expect(body.tx.body.messages).toEqual([
      {
        '@type': '/cosmos.bank.v1beta1.MsgSend',
        from_address: ALICE,
        to_address: BOB,
        amount: [{ denom: 'nicoin', amount: '1000' }],
      },
    ]);
    expect(body.tx.body).toMatchObject({
      memo: 'first',
      timeout_height: '0',
      extension_options: [],
      non_critical_extension_options: [],
    });
    expect(body.tx.auth_info.signer_infos[0]).toEqual({
      public_key: { '@type': '/cosmos.crypto.secp256k1.PubKey', key: 'A08EGB7ro1ORuFhjOnZcSgwYlpe0DSFjVNUIkNNQxwKQ' },
      mode_info: { single: { mode: 'SIGN_MODE_DIRECT' } },
      sequence: '0',
    });
    expect(body.tx.auth_info.fee).toEqual({
      amount: [{ denom: 'nicoin', amount: '2500' }],
      gas_limit: '100000',
      payer: '',
      granter: '',
    });
    expect(body.tx.auth_info.tip).toBeNull();
    expect(body.tx.signatures).toEqual([b64(new Uint8Array(64).fill(9))]);
    const r = body.tx_response;
    expect(r).toMatchObject({
      height: String(t.height),
      txhash: hexOf(t.hash),
      code: 0,
      codespace: '',
      raw_log: '',
      logs: [],
      info: '',
      gas_wanted: '100000',
      gas_used: '74280',
    });
    expect(r.data).toBe(hexOf(t.result.data));
    expect(TxMsgData.decode(Buffer.from(r.data, 'hex')).msgResponses[0]!.typeUrl).toBe(
      '/cosmos.bank.v1beta1.MsgSendResponse',
    );
    expect(r.tx['@type']).toBe('/cosmos.tx.v1beta1.Tx');
    expect(r.tx.body).toEqual(body.tx.body);
    expect(r.timestamp).toBe(
      new Date(Number(block.block.header.timeNs / 1_000_000n)).toISOString().replace(/\.?0*Z$/, 'Z'),
    );
    expect(r.events[0]).toEqual({
      type: 'coin_spent',
      attributes: [
        { key: 'spender', value: ALICE, index: true },
        { key: 'amount', value: '2500nicoin', index: true },
      ],
    });
  });

  it('finds a tx delivered by the real app, in lower-case hex too', async () => {
    const tx = await chain.signTx(alice, [send(11n)], { memo: 'delivered' });
    expect((await backend.deliver(tx)).code).toBe(0);
    const body = await rest.ok(`/cosmos/tx/v1beta1/txs/${Buffer.from(sha256(tx)).toString('hex')}`);
    expect(body.tx.body.memo).toBe('delivered');
    expect(body.tx_response.txhash).toBe(hexOf(sha256(tx)));
  });

  it('answers an unknown hash with 404 and a malformed one with 400', async () => {
    const unknown = 'AB'.repeat(32);
    const r = await rest.get(`/cosmos/tx/v1beta1/txs/${unknown}`);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ code: 5, message: `tx not found: ${unknown}`, details: [] });
    expect((await rest.get('/cosmos/tx/v1beta1/txs/xyz')).status).toBe(400);
    expect((await rest.get('/cosmos/tx/v1beta1/txs/ABCD')).status).toBe(400);
  });
});

describe('GET /cosmos/tx/v1beta1/txs (search)', () => {
  it('searches with query=, pages with limit/page and orders with order_by', async () => {
    const all = await rest.ok(`/cosmos/tx/v1beta1/txs?query=${encodeURIComponent('tx.height>=2')}`);
    const n = backend.fake.txs.filter((t) => t.height >= 2).length;
    expect(all.total).toBe(String(n));
    expect(all.pagination).toEqual({ next_key: null, total: String(n) });
    expect(all.txs).toHaveLength(n);
    expect(all.tx_responses.map((r: any) => Number(r.height))).toEqual(
      [...all.tx_responses.map((r: any) => Number(r.height))].sort((a, b) => a - b),
    );
    const desc = await rest.ok(
      `/cosmos/tx/v1beta1/txs?query=${encodeURIComponent('tx.height>=2')}&order_by=ORDER_BY_DESC&limit=1`,
    );
    expect(desc.txs).toHaveLength(1);
    expect(desc.total).toBe(String(n));
    expect(desc.tx_responses[0].txhash).toBe(all.tx_responses[n - 1].txhash);
    const page2 = await rest.ok(`/cosmos/tx/v1beta1/txs?query=${encodeURIComponent('tx.height>=2')}&limit=1&page=2`);
    expect(page2.tx_responses[0].txhash).toBe(all.tx_responses[1].txhash);
    const offset = await rest.ok(
      `/cosmos/tx/v1beta1/txs?query=${encodeURIComponent('tx.height>=2')}&pagination.limit=1&pagination.offset=1`,
    );
    expect(offset.tx_responses[0].txhash).toBe(all.tx_responses[1].txhash);
  });

  it('accepts the older events= form, joined with AND', async () => {
    const body = await rest.ok(
      `/cosmos/tx/v1beta1/txs?events=${encodeURIComponent(`message.sender='${ALICE}'`)}&events=tx.height=2`,
    );
    expect(body.total).toBe('1');
    expect(body.txs[0].body.memo).toBe('first');
  });

  it('refuses an empty or malformed query and a bad order_by with 400', async () => {
    for (const q of [
      '',
      '?query=',
      `?query=${encodeURIComponent('((((')}`,
      '?query=tx.height%3D2&order_by=SIDEWAYS',
      '?query=tx.height%3D2&limit=-1',
    ]) {
      const r = await rest.get(`/cosmos/tx/v1beta1/txs${q}`);
      expect(r.status).toBe(400);
      expect(r.body.code).toBe(3);
    }
  });
});
