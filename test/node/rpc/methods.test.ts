import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sha256 } from '@noble/hashes/sha2.js';
import { QueryAccountRequest } from 'cosmjs-types/cosmos/auth/v1beta1/query';
import type { RpcServerHandle } from '../../../node/rpc/server.js';
import { ALICE, BOB, FakeBackend, makeSendTx, NOBODY } from './fake-backend.js';
import { call, fixture, RFC3339, rpc, shapeDiff, startTestServer, UPPER_HEX_32 } from './helpers.js';

let server: RpcServerHandle;
let backend: FakeBackend;
let url: string;

beforeAll(async () => {
  ({ server, backend, url } = await startTestServer(new FakeBackend(), { timeoutBroadcastTxCommitMs: 2000 }));
});
afterAll(async () => server.close());

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

async function errorOf(method: string, params: unknown): Promise<{ code: number; message: string; data: string }> {
  const res = await rpc(url, method, params);
  expect(res.result).toBeUndefined();
  return res.error;
}

describe('rendered shapes match the CometBFT 0.38 fixtures', () => {
  it('status', async () => {
    const r = await call(url, 'status');
    expect(shapeDiff(fixture('status').result, r)).toEqual([]);
    expect(r.node_info.version).toMatch(/^0\.38\./);
    expect(r.node_info.network).toBe('race-test');
    expect(r.sync_info.latest_block_height).toBe('3');
    expect(r.sync_info.latest_block_hash).toMatch(UPPER_HEX_32);
    expect(r.sync_info.latest_block_time).toMatch(RFC3339);
    expect(r.sync_info.catching_up).toBe(false);
    expect(r.validator_info.pub_key.type).toBe('tendermint/PubKeyEd25519');
    expect(r.validator_info.voting_power).toBe('10');
  });

  it('block (with a tx) and height 1 (empty last block id and commit)', async () => {
    const r = await call(url, 'block', { height: '3' });
    expect(shapeDiff(fixture('block').result, r)).toEqual([]);
    expect(r.block.header.height).toBe('3');
    expect(r.block.last_commit.signatures[0].block_id_flag).toBe(2);
    expect(r.block_id.parts.total).toBe(1);
    expect(r.block.data.txs[0]).toBe(b64(backend.blocks[2]!.block.txs[0]!));
    const first = await call(url, 'block', { height: 1 });
    expect(first.block.header.last_block_id).toEqual({ hash: '', parts: { total: 0, hash: '' } });
    expect(first.block.last_commit).toEqual({
      height: '0',
      round: 0,
      block_id: { hash: '', parts: { total: 0, hash: '' } },
      signatures: [],
    });
    expect(first.block.data.txs).toEqual([]);
    const latest = await call(url, 'block', {});
    expect(latest.block.header.height).toBe('3');
  });

  it('block_results', async () => {
    const r = await call(url, 'block_results', { height: '2' });
    expect(shapeDiff(fixture('block_results').result, r)).toEqual([]);
    expect(r.txs_results[0].code).toBe(0);
    expect(r.txs_results[0].events[0].attributes[0].index).toBe(true);
    expect(r.finalize_block_events[0].type).toBe('coinbase');
    expect(r.consensus_param_updates).toBeNull();
    const failed = await call(url, 'block_results', { height: '3' });
    expect(failed.txs_results[0]).toMatchObject({ code: 5, codespace: 'sdk', data: null });
  });

  it('tx by base64 hash (as CosmJS sends it) and by hex', async () => {
    const t = backend.txs[0]!;
    const r = await call(url, 'tx', { hash: b64(t.hash), prove: false });
    expect(shapeDiff(fixture('tx').result, r)).toEqual([]);
    expect(r).toMatchObject({ hash: hex(t.hash), height: '2', index: 0, tx: b64(t.tx) });
    expect(r.tx_result.gas_used).toBe('74280');
    expect(await call(url, 'tx', { hash: hex(t.hash).toLowerCase() })).toEqual(r);
    expect(await call(url, 'tx', { hash: `0x${hex(t.hash)}` })).toEqual(r);
    const missing = await errorOf('tx', { hash: hex(sha256(Uint8Array.of(1))) });
    expect(missing).toEqual({
      code: -32603,
      message: 'Internal error',
      data: `tx (${hex(sha256(Uint8Array.of(1)))}) not found`,
    });
  });

  it('tx_search: hash, height, events, pagination and ordering', async () => {
    const t = backend.txs[0]!;
    const r = await call(url, 'tx_search', { query: `tx.hash='${hex(t.hash)}'`, page: '1' });
    expect(shapeDiff(fixture('tx_search').result, r)).toEqual([]);
    expect(r.total_count).toBe('1');
    const none = await call(url, 'tx_search', { query: `tx.hash='${hex(sha256(Uint8Array.of(5)))}'`, page: '1' });
    expect(none).toEqual({ txs: [], total_count: '0' });
    const bySender = await call(url, 'tx_search', { query: `message.sender='${ALICE}'` });
    expect(bySender.total_count).toBe('1');
    const all = await call(url, 'tx_search', { query: 'tx.height>=1', per_page: 1, page: 2 });
    expect(all.total_count).toBe('2');
    expect(all.txs.map((x: any) => x.height)).toEqual(['3']);
    const desc = await call(url, 'tx_search', { query: 'tx.height>=1', order_by: 'desc' });
    expect(desc.txs.map((x: any) => x.height)).toEqual(['3', '2']);
    const beyond = await errorOf('tx_search', { query: 'tx.height>=1', per_page: '1', page: '3' });
    expect(beyond.data).toBe('page should be within [1, 2] range, given 3');
    expect((await errorOf('tx_search', { query: 'tx.height>=1', order_by: 'sideways' })).data).toMatch(/order_by/);
    expect((await errorOf('tx_search', { query: 'x'.repeat(600) })).data).toBe('maximum query length exceeded');
    expect((await errorOf('tx_search', { query: 'not a query' })).data).toMatch(/failed to parse query/);
    expect((await errorOf('tx_search', {})).code).toBe(-32602);
  });

  it('abci_query: success and NotFound as the fixtures show', async () => {
    const data = Buffer.from(QueryAccountRequest.encode({ address: ALICE }).finish()).toString('hex');
    const ok = await call(url, 'abci_query', { path: '/cosmos.auth.v1beta1.Query/Account', data, prove: false });
    expect(shapeDiff(fixture('abci_query_account_ok').result, ok)).toEqual([]);
    expect(ok.response).toMatchObject({ code: 0, height: '3', proofOps: null, key: null, index: '0' });
    const notFoundData = Buffer.from(QueryAccountRequest.encode({ address: NOBODY }).finish()).toString('hex');
    const nf = await call(url, 'abci_query', {
      path: '/cosmos.auth.v1beta1.Query/Account',
      data: notFoundData,
      height: '2',
    });
    expect(shapeDiff(fixture('abci_query_account_notfound').result, nf)).toEqual([]);
    expect(nf.response).toMatchObject({ code: 22, value: null, codespace: 'sdk', height: '2' });
    expect(backend.queries.at(-1)).toMatchObject({ height: 2, prove: false });
    expect((await errorOf('abci_query', { path: '/x', data: 'zz' })).code).toBe(-32602);
    expect((await errorOf('abci_query', { path: 5 })).code).toBe(-32602);
  });

  it('abci_info, health, net_info, num_unconfirmed_txs, unconfirmed_txs', async () => {
    expect(await call(url, 'abci_info')).toEqual({
      response: {
        data: 'race',
        version: '0.1.0',
        app_version: '1',
        last_block_height: '3',
        last_block_app_hash: expect.any(String),
      },
    });
    expect(await call(url, 'health')).toEqual({});
    expect(await call(url, 'net_info')).toEqual({
      listening: true,
      listeners: ['Listener(@tcp://0.0.0.0:26656)'],
      n_peers: '0',
      peers: [],
    });
    expect(await call(url, 'num_unconfirmed_txs')).toEqual({ n_txs: '0', total: '0', total_bytes: '0', txs: null });
    expect(await call(url, 'unconfirmed_txs', { limit: '5' })).toEqual({
      n_txs: '0',
      total: '0',
      total_bytes: '0',
      txs: [],
    });
  });

  it('validators with pagination; default is the next height as CometBFT answers', async () => {
    const r = await call(url, 'validators', { height: '2', page: '1', per_page: '50' });
    expect(r).toEqual({
      block_height: '2',
      validators: [
        {
          address: expect.stringMatching(/^[0-9A-F]{40}$/),
          pub_key: { type: 'tendermint/PubKeyEd25519', value: expect.any(String) },
          voting_power: '10',
          proposer_priority: '0',
        },
      ],
      count: '1',
      total: '1',
    });
    expect((await call(url, 'validators')).block_height).toBe('4');
    expect((await errorOf('validators', { page: '2' })).data).toBe('page should be within [1, 1] range, given 2');
  });

  it('genesis, consensus_params, genesis_chunked', async () => {
    const g = (await call(url, 'genesis')).genesis;
    expect(g).toMatchObject({
      chain_id: 'race-test',
      initial_height: '1',
      app_hash: '',
      app_state: { bank: { balances: [] } },
    });
    expect(g.consensus_params.block).toEqual({ max_bytes: '22020096', max_gas: '-1' });
    expect(g.consensus_params.evidence.max_age_num_blocks).toBe('100000');
    expect(g.validators[0]).toMatchObject({ power: '10', name: 'fake' });
    const chunk = await call(url, 'genesis_chunked', { chunk: '0' });
    expect(chunk.total).toBe('1');
    expect(JSON.parse(Buffer.from(chunk.data, 'base64').toString())).toEqual(g);
    expect((await call(url, 'consensus_params', { height: 2 })).block_height).toBe('2');
  });

  it('commit (canonical for old blocks, seen commit for the latest), header, block_by_hash', async () => {
    const c = await call(url, 'commit', { height: '2' });
    expect(c.canonical).toBe(true);
    expect(c.signed_header.header.height).toBe('2');
    expect(c.signed_header.commit.height).toBe('2');
    expect((await call(url, 'commit')).canonical).toBe(false);
    expect((await call(url, 'header', { height: 2 })).header.height).toBe('2');
    const h2 = backend.blocks[1]!.blockId.hash;
    expect((await call(url, 'block_by_hash', { hash: b64(h2) })).block.header.height).toBe('2');
    expect((await call(url, 'header_by_hash', { hash: hex(h2) })).header.height).toBe('2');
    expect(await call(url, 'block_by_hash', { hash: hex(sha256(Uint8Array.of(9))) })).toEqual({
      block_id: { hash: '', parts: { total: 0, hash: '' } },
      block: null,
    });
  });

  it('blockchain: descending metas, bounds, at most 20', async () => {
    const r = await call(url, 'blockchain', { minHeight: '1', maxHeight: '3' });
    expect(r.last_height).toBe('3');
    expect(r.block_metas.map((m: any) => m.header.height)).toEqual(['3', '2', '1']);
    expect(r.block_metas[0]).toMatchObject({ num_txs: '1', block_size: expect.stringMatching(/^\d+$/) });
    expect((await call(url, 'blockchain', {})).block_metas).toHaveLength(3);
    expect((await call(url, 'blockchain', { minHeight: 2, maxHeight: 100 })).block_metas).toHaveLength(2);
    expect((await errorOf('blockchain', { minHeight: '3', maxHeight: '2' })).data).toBe(
      "min height 3 can't be greater than max height 2",
    );
    expect((await errorOf('blockchain', { minHeight: '-1' })).data).toBe('heights must be non-negative');
  });

  it('heights: future, zero, non-numeric and positional', async () => {
    expect(await errorOf('block', { height: '10' })).toEqual({
      code: -32603,
      message: 'Internal error',
      data: 'height 10 must be less than or equal to the current blockchain height 3',
    });
    expect((await errorOf('block_results', { height: 99 })).data).toBe(
      'height 99 must be less than or equal to the current blockchain height 3',
    );
    expect((await errorOf('block', { height: '0' })).data).toBe('height must be greater than 0, but got 0');
    const bad = await errorOf('block', { height: 'abc' });
    expect(bad.code).toBe(-32602);
    expect(bad.data).toMatch(/height: expected an integer, got "abc"/);
    expect((await errorOf('block', { height: 1.5 })).code).toBe(-32602);
    expect((await errorOf('block', { height: { x: 1 } })).code).toBe(-32602);
    expect((await call(url, 'block', ['2'])).block.header.height).toBe('2');
    expect((await errorOf('block', ['1', '2'])).code).toBe(-32602);
    expect((await errorOf('block', 'height=1')).code).toBe(-32602);
  });
});

describe('broadcast', () => {
  it('broadcast_tx_sync returns the CheckTx result and the upper-hex sha256', async () => {
    const tx = makeSendTx(ALICE, BOB, '7', 9n);
    const r = await call(url, 'broadcast_tx_sync', { tx: b64(tx) });
    expect(r).toEqual({ code: 0, data: '', log: '', codespace: '', hash: hex(sha256(tx)) });
    const dup = await errorOf('broadcast_tx_sync', { tx: b64(tx) });
    expect(dup).toEqual({ code: -32603, message: 'Internal error', data: 'tx already exists in cache' });
    const bad = await call(url, 'broadcast_tx_sync', { tx: b64(Uint8Array.of(1, 2)) });
    expect(bad).toMatchObject({ code: 2, codespace: 'sdk', log: 'tx parse error' });
    expect((await errorOf('broadcast_tx_sync', { tx: 'not base64!' })).code).toBe(-32602);
    expect((await errorOf('broadcast_tx_sync', {})).data).toMatch(/tx is required/);
    expect(await call(url, 'num_unconfirmed_txs')).toMatchObject({ n_txs: '1', total: '1' });
    expect((await call(url, 'unconfirmed_txs')).txs).toEqual([b64(tx)]);
    backend.mempool.length = 0;
  });

  it('broadcast_tx_async answers at once with the hash', async () => {
    const tx = makeSendTx(ALICE, BOB, '8', 9n);
    expect(await call(url, 'broadcast_tx_async', { tx: `0x${hex(tx)}` })).toEqual({
      code: 0,
      data: '',
      log: '',
      codespace: '',
      hash: hex(sha256(tx)),
    });
    await new Promise((r) => setImmediate(r));
    expect(backend.mempool).toHaveLength(1);
    backend.mempool.length = 0;
  });

  it('check_tx runs CheckTx only', async () => {
    const r = await call(url, 'check_tx', { tx: b64(makeSendTx(ALICE, BOB, '9', 9n)) });
    expect(r).toEqual({
      code: 0,
      data: null,
      log: '',
      info: '',
      gas_wanted: '100000',
      gas_used: '40000',
      events: [],
      codespace: '',
    });
    expect(backend.mempool).toHaveLength(0);
  });

  it('broadcast_tx_commit waits for inclusion, reports CheckTx failures and cleans up its subscription', async () => {
    backend.autoCommit = true;
    try {
      const tx = makeSendTx(ALICE, BOB, '10', 9n);
      const r = await call(url, 'broadcast_tx_commit', { tx: b64(tx) });
      expect(r.hash).toBe(hex(sha256(tx)));
      expect(r.height).toBe(String(backend.latestHeight()));
      expect(r.check_tx.code).toBe(0);
      expect(r.tx_result).toMatchObject({ code: 0, gas_used: '74280' });
      const bad = await call(url, 'broadcast_tx_commit', { tx: b64(Uint8Array.of(1)) });
      expect(bad).toMatchObject({ height: '0', check_tx: { code: 2 }, tx_result: { code: 0, data: null } });
      expect(backend.subscriberCount()).toBe(0);
    } finally {
      backend.autoCommit = false;
    }
  });

  it('broadcast_tx_commit times out with CometBFT text', async () => {
    const {
      server: s2,
      url: u2,
      backend: b2,
    } = await startTestServer(new FakeBackend(), { timeoutBroadcastTxCommitMs: 50 });
    try {
      const res = await rpc(u2, 'broadcast_tx_commit', { tx: b64(makeSendTx(ALICE, BOB, '11', 9n)) });
      expect(res.error.data).toBe('timed out waiting for tx to be included in a block');
      expect(b2.subscriberCount()).toBe(0);
    } finally {
      await s2.close();
    }
  });
});
