/** Unmodified CosmJS 0.39 clients against the RPC server over the fake backend: their decoders are the real check. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { StargateClient } from '@cosmjs/stargate';
import { Comet38Client, connectComet, HttpBatchClient, WebsocketClient } from '@cosmjs/tendermint-rpc';
import { sha256 } from '@noble/hashes/sha2.js';
import type { RpcServerHandle } from '../../../node/rpc/server.js';
import { ALICE, BOB, FakeBackend, makeSendTx, NOBODY } from './fake-backend.js';
import { startTestServer } from './helpers.js';

let server: RpcServerHandle;
let backend: FakeBackend;
let url: string;

beforeAll(async () => {
  ({ server, backend, url } = await startTestServer());
});
afterAll(async () => server.close());

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

describe('Comet38Client over HTTP', () => {
  it('connectComet picks Comet38Client from the reported version', async () => {
    const client = await connectComet(url);
    expect(client).toBeInstanceOf(Comet38Client);
    client.disconnect();
  });

  it('status, block, blockResults, txSearch, tx, validatorsAll, genesis, commit, blockchain and the rest decode', async () => {
    const client = await Comet38Client.connect(url);
    try {
      const status = await client.status();
      expect(status.nodeInfo.network).toBe('race-test');
      expect(status.syncInfo.latestBlockHeight).toBe(3);
      expect(status.validatorInfo.votingPower).toBe(10n);

      const block = await client.block(3);
      expect(block.block.header.height).toBe(3);
      expect(block.block.txs).toHaveLength(1);
      expect(block.block.lastCommit?.height).toBe(2);
      const first = await client.block(1);
      expect(first.block.header.lastBlockId).toBeNull();
      expect(first.block.lastCommit).toBeNull();

      const results = await client.blockResults(2);
      expect(results.results[0]!.code).toBe(0);
      expect(results.results[0]!.gasUsed).toBe(74280n);
      expect(results.finalizeBlockEvents[0]!.type).toBe('coinbase');

      const search = await client.txSearchAll({ query: 'tx.height>=1' });
      expect(search.totalCount).toBe(2);
      expect(search.txs.map((t) => t.result.code)).toEqual([0, 5]);
      const tx = await client.tx({ hash: backend.txs[0]!.hash });
      expect(tx.height).toBe(2);
      expect(Buffer.from(tx.tx)).toEqual(Buffer.from(backend.txs[0]!.tx));

      const vals = await client.validatorsAll(2);
      expect(vals.total).toBe(1);
      expect(vals.validators[0]!.votingPower).toBe(10n);

      const genesis = await client.genesis();
      expect(genesis.chainId).toBe('race-test');
      expect(genesis.consensusParams.block?.maxBytes).toBe(22020096);

      expect((await client.commit(2)).commit.height).toBe(2);
      expect((await client.blockchain(1, 3)).blockMetas.map((m) => m.header.height)).toEqual([3, 2, 1]);
      expect((await client.abciInfo()).lastBlockHeight).toBe(3);
      expect(await client.health()).toBeNull();
      expect((await client.numUnconfirmedTxs()).total).toBe(0);

      const txBytes = makeSendTx(ALICE, BOB, '3', 9n);
      const sync = await client.broadcastTxSync({ tx: txBytes });
      expect(hex(sync.hash)).toBe(hex(sha256(txBytes)));
      expect(sync.code).toBe(0);
      backend.mempool.length = 0;
    } finally {
      client.disconnect();
    }
  });

  it('works through HttpBatchClient (JSON arrays)', async () => {
    const client = Comet38Client.create(new HttpBatchClient(url, { batchSizeLimit: 5, dispatchInterval: 5 }));
    try {
      const [a, b, c] = await Promise.all([client.block(1), client.block(2), client.status()]);
      expect([a.block.header.height, b.block.header.height, c.syncInfo.latestBlockHeight]).toEqual([1, 2, 3]);
    } finally {
      client.disconnect();
    }
  });
});

describe('StargateClient', () => {
  it('reads chain id, height, blocks, accounts, balances and txs', async () => {
    const client = await StargateClient.connect(url);
    try {
      expect(await client.getChainId()).toBe('race-test');
      expect(await client.getHeight()).toBe(3);
      const block = await client.getBlock(2);
      expect(block.header.height).toBe(2);
      expect(block.id).toBe(hex(backend.blocks[1]!.blockId.hash));
      const account = await client.getAccount(ALICE);
      expect(account).toMatchObject({ address: ALICE, accountNumber: 1n, sequence: 2 });
      expect(await client.getAccount(NOBODY)).toBeNull();
      expect(await client.getBalance(ALICE, 'nicoin')).toEqual({ denom: 'nicoin', amount: '1000000' });
      expect(await client.getAllBalances(ALICE)).toEqual([
        { denom: 'nicoin', amount: '1000000' },
        { denom: 'uicon', amount: '5' },
      ]);
      const t = backend.txs[1]!;
      const got = await client.getTx(hex(t.hash));
      expect(got).toMatchObject({ height: 3, code: 5, txIndex: 0 });
      expect(got!.rawLog).toMatch(/insufficient funds/);
      const found = await client.searchTx(`message.sender='${ALICE}'`);
      expect(found.map((x) => x.height)).toEqual([2]);
      expect(found[0]!.msgResponses[0]!.typeUrl).toBe('/cosmos.bank.v1beta1.MsgSendResponse');
    } finally {
      client.disconnect();
    }
  });
});

describe('Comet38Client over the websocket', () => {
  it('subscribeNewBlock, subscribeNewBlockHeader and subscribeTx deliver decoded events', async () => {
    const ws = new WebsocketClient(url.replace('http://', 'ws://'), (err) => {
      throw err;
    });
    const client = Comet38Client.create(ws);
    try {
      expect((await client.status()).syncInfo.latestBlockHeight).toBe(backend.latestHeight());
      const height = backend.latestHeight();
      const txBytes = makeSendTx(ALICE, BOB, '12', 9n);
      const blockP = new Promise<number>((resolve, reject) => {
        const sub = client.subscribeNewBlock().subscribe({
          next: (b) => {
            sub.unsubscribe();
            resolve(b.header.height);
          },
          error: reject,
        });
      });
      const headerP = new Promise<number>((resolve, reject) => {
        const sub = client.subscribeNewBlockHeader().subscribe({
          next: (h) => {
            sub.unsubscribe();
            resolve(h.height);
          },
          error: reject,
        });
      });
      const txP = new Promise<string>((resolve, reject) => {
        const sub = client.subscribeTx(`tx.hash='${hex(sha256(txBytes))}'`).subscribe({
          next: (t) => {
            sub.unsubscribe();
            resolve(hex(t.hash));
          },
          error: reject,
        });
      });
      // Let the subscribe requests reach the server before the block is made.
      for (let i = 0; i < 50 && backend.subscriberCount() < 3; i++) await new Promise((r) => setTimeout(r, 20));
      expect(backend.subscriberCount()).toBe(3);
      backend.produceBlock([{ tx: txBytes, ok: true }]);
      expect(await blockP).toBe(height + 1);
      expect(await headerP).toBe(height + 1);
      expect(await txP).toBe(hex(sha256(txBytes)));
    } finally {
      client.disconnect();
    }
    for (let i = 0; i < 50 && backend.subscriberCount() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(backend.subscriberCount()).toBe(0);
  });
});
