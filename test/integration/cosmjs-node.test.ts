import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Secp256k1HdWallet } from '@cosmjs/amino';
import { DirectSecp256k1HdWallet } from '@cosmjs/proto-signing';
import {
  BroadcastTxError,
  calculateFee,
  GasPrice,
  SigningStargateClient,
  StargateClient,
  type StdFee,
} from '@cosmjs/stargate';
import { TxBody, TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { Any } from 'cosmjs-types/google/protobuf/any';
import {
  makeTestHome,
  rpc,
  startNode,
  waitForHeight,
  type NodeProcess,
  type TestHome,
} from '../helpers/node-process.js';

const FAUCET_MNEMONIC =
  'economy stock theory fatal elder harbor betray wasp final emotion task crumble siren bottom lizard educate guess current outdoor pair theory focus wife stone';
const RECIPIENT = 'race1cjsxept9rkggzxztslae9ndgpdyt2408jqckwf';
const MIN_GAS = '0.001nicoin';
const fee: StdFee = { amount: [{ denom: 'nicoin', amount: '2000' }], gas: '200000' };

let h: TestHome;
let node: NodeProcess;
let faucet: string;
let direct: DirectSecp256k1HdWallet;

beforeAll(async () => {
  direct = await DirectSecp256k1HdWallet.fromMnemonic(FAUCET_MNEMONIC, { prefix: 'race' });
  h = await makeTestHome({
    accounts: [{ name: 'faucet', mnemonic: FAUCET_MNEMONIC, nicoin: 10n ** 15n }],
    minGasPrices: MIN_GAS,
    mining: false,
  });
  faucet = h.addresses.faucet!;
  node = await startNode(h);
}, 90_000);

afterAll(async () => {
  await node?.stop();
});

const send = (amount: string) => [
  {
    typeUrl: '/cosmos.bank.v1beta1.MsgSend',
    value: { fromAddress: faucet, toAddress: RECIPIENT, amount: [{ denom: 'nicoin', amount }] },
  },
];

describe('an unmodified CosmJS 0.39 client against a real raced process', () => {
  it('connects and reads chain id, height, account and balances', async () => {
    const client = await StargateClient.connect(h.rpcUrl);
    expect(await client.getChainId()).toBe(h.chainId);
    expect(await client.getHeight()).toBeGreaterThanOrEqual(1);
    const account = await client.getAccount(faucet);
    expect(account).toMatchObject({ address: faucet, sequence: 0 });
    expect(typeof account?.accountNumber).toBe('bigint');
    expect(await client.getAccount(RECIPIENT)).toBeNull();
    expect(await client.getBalance(faucet, 'nicoin')).toEqual({ denom: 'nicoin', amount: String(10n ** 15n) });
    expect(await client.getBalance(RECIPIENT, 'nicoin')).toEqual({ denom: 'nicoin', amount: '0' });
    expect(await client.getAllBalances(faucet)).toEqual([{ denom: 'nicoin', amount: String(10n ** 15n) }]);
    const block = await client.getBlock();
    expect(block.header.chainId).toBe(h.chainId);
    client.disconnect();
  });

  it('sends with a fixed fee and with "auto" gas, and finds the txs again with getTx and searchTx', async () => {
    const client = await SigningStargateClient.connectWithSigner(h.rpcUrl, direct, {
      gasPrice: GasPrice.fromString(MIN_GAS),
      broadcastPollIntervalMs: 300,
    });
    const r1 = await client.signAndBroadcast(faucet, send('1000'), fee);
    expect(r1.code).toBe(0);
    expect(r1.rawLog).toBe('');
    expect(r1.msgResponses[0]!.typeUrl).toBe('/cosmos.bank.v1beta1.MsgSendResponse');
    const r2 = await client.signAndBroadcast(faucet, send('2000'), 'auto');
    expect(r2.code).toBe(0);
    expect(r2.gasUsed <= r2.gasWanted).toBe(true);
    expect(await client.getBalance(RECIPIENT, 'nicoin')).toEqual({ denom: 'nicoin', amount: '3000' });
    const found = await client.getTx(r1.transactionHash);
    expect(found?.height).toBe(r1.height);
    expect(found?.code).toBe(0);
    const byRecipient = await client.searchTx(`transfer.recipient='${RECIPIENT}'`);
    expect(byRecipient.map((t) => t.hash)).toEqual(expect.arrayContaining([r1.transactionHash, r2.transactionHash]));
    const bySender = await client.searchTx([
      { key: 'message.sender', value: faucet },
      { key: 'tx.height', value: r2.height },
    ]);
    expect(bySender.map((t) => t.hash)).toContain(r2.transactionHash);
    client.disconnect();
  });

  it('accepts an amino-signed send (the Ledger path)', async () => {
    const amino = await Secp256k1HdWallet.fromMnemonic(FAUCET_MNEMONIC, { prefix: 'race' });
    const client = await SigningStargateClient.connectWithSigner(h.rpcUrl, amino, { broadcastPollIntervalMs: 300 });
    const r = await client.signAndBroadcast(faucet, send('7'), fee, 'a&b<c>');
    expect(r.code).toBe(0);
    client.disconnect();
  });

  it('includes an overspend with code 5 and still charges its fee and sequence', async () => {
    const client = await SigningStargateClient.connectWithSigner(h.rpcUrl, direct, { broadcastPollIntervalMs: 300 });
    const before = await client.getSequence(faucet);
    const balance = BigInt((await client.getBalance(faucet, 'nicoin')).amount);
    const r = await client.signAndBroadcast(faucet, send((balance * 2n).toString()), fee);
    expect(r.code).toBe(5);
    expect(r.rawLog).toMatch(/insufficient funds/);
    expect((await client.getSequence(faucet)).sequence).toBe(before.sequence + 1);
    expect(BigInt((await client.getBalance(faucet, 'nicoin')).amount)).toBe(balance - 2000n);
    client.disconnect();
  });

  it('refuses at CheckTx: wrong sequence (32), bad signature (4), wrong chain id (4), fee under the minimum (13)', async () => {
    const client = await SigningStargateClient.connectWithSigner(h.rpcUrl, direct);
    const { accountNumber, sequence } = await client.getSequence(faucet);
    const sign = async (o: { sequence?: number; chainId?: string; fee?: StdFee }) =>
      TxRaw.encode(
        await client.sign(faucet, send('1'), o.fee ?? fee, '', {
          accountNumber,
          sequence: o.sequence ?? sequence,
          chainId: o.chainId ?? h.chainId,
        }),
      ).finish();
    const expectCode = async (tx: Uint8Array, code: number, log?: RegExp) => {
      const err = await client.broadcastTxSync(tx).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(BroadcastTxError);
      expect((err as BroadcastTxError).code).toBe(code);
      if (log) expect((err as BroadcastTxError).log).toMatch(log);
    };
    await expectCode(
      await sign({ sequence: sequence + 3 }),
      32,
      new RegExp(`account sequence mismatch, expected ${sequence}, got ${sequence + 3}`),
    );
    const good = await sign({});
    const bad = Uint8Array.from(good);
    bad[bad.length - 5] ^= 0xff;
    await expectCode(bad, 4, /signature verification failed/);
    await expectCode(await sign({ chainId: 'some-other-chain' }), 4, /chain-id \(race-test-1\)/);
    await expectCode(
      await sign({ fee: calculateFee(200000, '0.0001nicoin') }),
      13,
      /insufficient fees; got: 20nicoin required: 200nicoin/,
    );
    client.disconnect();
  });

  it('answers malformed input with clear errors and keeps the app hash', async () => {
    const status = async () => (await rpc(h.rpcUrl, 'status')).result.sync_info;
    const before = await status();
    const random = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff)).toString('base64');
    const r1 = await rpc(h.rpcUrl, 'broadcast_tx_sync', { tx: random });
    expect(r1.result.code).toBe(2);
    const good = TxRaw.encode(
      await (
        await SigningStargateClient.offline(direct)
      ).sign(faucet, send('1'), fee, '', {
        accountNumber: (await (await StargateClient.connect(h.rpcUrl)).getSequence(faucet)).accountNumber,
        sequence: 0,
        chainId: h.chainId,
      }),
    ).finish();
    const truncated = Buffer.from(good.subarray(0, good.length - 10)).toString('base64');
    expect((await rpc(h.rpcUrl, 'broadcast_tx_sync', { tx: truncated })).result.code).toBe(2);
    const oversized = Buffer.alloc(2 * 1024 * 1024, 1).toString('base64');
    const big = await fetch(h.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'broadcast_tx_sync', params: { tx: oversized } }),
    });
    const bigBody = await big.text();
    expect(bigBody).toMatch(/error|too large|21/i);
    let inner = Any.fromPartial({ typeUrl: '/cosmos.bank.v1beta1.MsgSend', value: new Uint8Array() });
    for (let i = 0; i < 40; i++)
      inner = Any.fromPartial({ typeUrl: '/google.protobuf.Any', value: Any.encode(inner).finish() });
    const deep = TxRaw.encode({
      bodyBytes: TxBody.encode(TxBody.fromPartial({ messages: [inner] })).finish(),
      authInfoBytes: new Uint8Array(),
      signatures: [],
    }).finish();
    const deepRes = (await rpc(h.rpcUrl, 'broadcast_tx_sync', { tx: Buffer.from(deep).toString('base64') })).result;
    expect(deepRes.code).toBe(2);
    const notJson = (await (
      await fetch(h.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":' })
    ).json()) as any;
    expect(notJson.error.code).toBe(-32700);
    expect((await rpc(h.rpcUrl, 'block', { height: 'abc' })).error.code).toBe(-32602);
    expect((await rpc(h.rpcUrl, 'no_such_method')).error.code).toBe(-32601);
    expect(
      (await rpc(h.rpcUrl, 'abci_query', { path: '/cosmos.bank.v1beta1.Query/Balance', data: 'zz' })).error,
    ).toBeDefined();
    await waitForHeight(h.rpcUrl, Number(before.latest_block_height) + 2);
    const after = await status();
    expect(after.latest_app_hash).toBe(before.latest_app_hash);
  });

  it('serves Prometheus metrics: height, block interval, txs, mempool size and RPC latency', async () => {
    const text = await (await fetch(`http://127.0.0.1:${h.metricsPort}/metrics`)).text();
    const height = Number(/^race_consensus_height (\d+)$/m.exec(text)?.[1]);
    expect(height).toBeGreaterThan(0);
    expect(text).toMatch(/^race_consensus_block_interval_seconds_count [1-9]\d*$/m);
    expect(text).toMatch(/^race_consensus_txs_total\{result="ok"\} [1-9]\d*$/m);
    expect(text).toMatch(/^race_mempool_size \d+$/m);
    expect(text).toMatch(/^race_rpc_request_duration_seconds_count\{method="broadcast_tx_sync"\} [1-9]\d*$/m);
  });

  it('keeps every committed block and tx across a kill -9 and restart, with the same app hash', async () => {
    const client = await SigningStargateClient.connectWithSigner(h.rpcUrl, direct, { broadcastPollIntervalMs: 300 });
    const r = await client.signAndBroadcast(faucet, send('11'), fee);
    expect(r.code).toBe(0);
    client.disconnect();
    const s1 = (await rpc(h.rpcUrl, 'status')).result.sync_info;
    const blockAtS1 = (await rpc(h.rpcUrl, 'block', { height: s1.latest_block_height })).result.block_id.hash;
    await node.stop('SIGKILL');
    node = await startNode(h);
    const b = (await rpc(h.rpcUrl, 'block', { height: s1.latest_block_height })).result.block_id.hash;
    expect(b).toBe(blockAtS1);
    const c2 = await StargateClient.connect(h.rpcUrl);
    expect((await c2.getTx(r.transactionHash))?.code).toBe(0);
    await waitForHeight(h.rpcUrl, Number(s1.latest_block_height) + 1);
    const next = (await rpc(h.rpcUrl, 'block', { height: String(Number(s1.latest_block_height) + 1) })).result.block
      .header.app_hash;
    expect(next).toBe(s1.latest_app_hash);
    c2.disconnect();
  }, 90_000);
});
