/** e2e: a real `raced start` process; a CosmJS-signed tx POSTed to the REST server, found again and reflected in balances. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DirectSecp256k1HdWallet } from '@cosmjs/proto-signing';
import { SigningStargateClient, StargateClient } from '@cosmjs/stargate';
import { TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { makeTestHome, startNode, type NodeProcess, type TestHome } from '../../helpers/node-process.js';
import { sleep } from '../../helpers/wait.js';
import { RestClient } from './helpers.js';

const MNEMONIC =
  'economy stock theory fatal elder harbor betray wasp final emotion task crumble siren bottom lizard educate guess current outdoor pair theory focus wife stone';
const RECIPIENT = 'race1cjsxept9rkggzxztslae9ndgpdyt2408jqckwf';

let h: TestHome;
let node: NodeProcess;
let rest: RestClient;
let faucet: string;

beforeAll(async () => {
  h = await makeTestHome({
    accounts: [{ name: 'faucet', mnemonic: MNEMONIC, nicoin: 10n ** 12n }],
    minGasPrices: '0.001nicoin',
    timeoutCommit: '300ms',
  });
  faucet = h.addresses.faucet!;
  node = await startNode(h);
  rest = new RestClient(`http://127.0.0.1:${h.apiPort}`);
}, 90_000);

afterAll(async () => {
  await node?.stop();
});

async function waitForTx(hash: string, timeoutMs = 20_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const r = await rest.get(`/cosmos/tx/v1beta1/txs/${hash}`);
    if (r.status === 200) return r.body;
    expect(r.status).toBe(404);
    await sleep(200);
  }
  throw new Error(`tx ${hash} not committed within ${timeoutMs} ms`);
}

describe('Cosmos REST on a real node', () => {
  it('logs that it listens and serves node info for the chain', async () => {
    expect(node.logs()).toContain('Cosmos REST listening');
    const info = await rest.ok('/cosmos/base/tendermint/v1beta1/node_info');
    expect(info.default_node_info.network).toBe(h.chainId);
    expect((await rest.ok('/cosmos/base/node/v1beta1/config')).minimum_gas_price).toBe('0.001nicoin');
    const latest = await rest.ok('/cosmos/base/tendermint/v1beta1/blocks/latest');
    expect(Number(latest.block.header.height)).toBeGreaterThanOrEqual(1);
    expect(latest.sdk_block.header.proposer_address).toMatch(/^racevalcons1/);
    expect((await rest.ok('/cosmos/base/tendermint/v1beta1/validatorsets/latest')).validators).toHaveLength(1);
  });

  it('takes a CosmJS-signed send via POST /cosmos/tx/v1beta1/txs, finds it by hash, and shows the new balances', async () => {
    const account = (await rest.ok(`/cosmos/auth/v1beta1/accounts/${faucet}`)).account;
    expect(account).toMatchObject({ '@type': '/cosmos.auth.v1beta1.BaseAccount', address: faucet, pub_key: null });
    const missing = await rest.get(`/cosmos/auth/v1beta1/accounts/${RECIPIENT}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ code: 5, message: `account ${RECIPIENT} not found`, details: [] });

    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(MNEMONIC, { prefix: 'race' });
    const signer = await SigningStargateClient.offline(wallet);
    const raw = await signer.sign(
      faucet,
      [
        {
          typeUrl: '/cosmos.bank.v1beta1.MsgSend',
          value: { fromAddress: faucet, toAddress: RECIPIENT, amount: [{ denom: 'nicoin', amount: '4242' }] },
        },
      ],
      { amount: [{ denom: 'nicoin', amount: '2000' }], gas: '200000' },
      'via REST',
      { accountNumber: BigInt(account.account_number), sequence: Number(account.sequence), chainId: h.chainId },
    );
    const txBytes = Buffer.from(TxRaw.encode(raw).finish()).toString('base64');

    const sim = await rest.ok('/cosmos/tx/v1beta1/simulate', { tx_bytes: txBytes });
    expect(Number(sim.gas_info.gas_used)).toBeGreaterThan(0);

    const sent = (await rest.ok('/cosmos/tx/v1beta1/txs', { tx_bytes: txBytes, mode: 'BROADCAST_MODE_SYNC' }))
      .tx_response;
    expect(sent.code).toBe(0);
    expect(sent.txhash).toMatch(/^[0-9A-F]{64}$/);

    const found = await waitForTx(sent.txhash);
    expect(found.tx_response).toMatchObject({ txhash: sent.txhash, code: 0, raw_log: '' });
    expect(Number(found.tx_response.height)).toBeGreaterThan(0);
    expect(found.tx_response.timestamp).toMatch(/Z$/);
    expect(found.tx.body.messages[0]).toEqual({
      '@type': '/cosmos.bank.v1beta1.MsgSend',
      from_address: faucet,
      to_address: RECIPIENT,
      amount: [{ denom: 'nicoin', amount: '4242' }],
    });
    expect(found.tx.body.memo).toBe('via REST');

    expect(await rest.ok(`/cosmos/bank/v1beta1/balances/${RECIPIENT}`)).toEqual({
      balances: [{ denom: 'nicoin', amount: '4242' }],
      pagination: { next_key: null, total: '1' },
    });
    expect((await rest.ok(`/cosmos/bank/v1beta1/balances/${faucet}/by_denom?denom=nicoin`)).balance.amount).toBe(
      String(10n ** 12n - 4242n - 2000n),
    );
    expect((await rest.ok(`/cosmos/auth/v1beta1/accounts/${faucet}`)).account.sequence).toBe('1');

    // REST and RPC read the same state.
    const client = await StargateClient.connect(h.rpcUrl);
    expect(await client.getBalance(RECIPIENT, 'nicoin')).toEqual({ denom: 'nicoin', amount: '4242' });
    expect((await client.getTx(sent.txhash))?.height).toBe(Number(found.tx_response.height));
    client.disconnect();

    const search = await rest.ok(
      `/cosmos/tx/v1beta1/txs?query=${encodeURIComponent(`transfer.recipient='${RECIPIENT}'`)}`,
    );
    expect(search.total).toBe('1');
    expect(search.tx_responses[0].txhash).toBe(sent.txhash);
  });
});
