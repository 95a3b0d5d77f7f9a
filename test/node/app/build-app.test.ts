import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toHex } from '@cosmjs/encoding';
import { Secp256k1HdWallet } from '@cosmjs/amino';
import { DirectSecp256k1HdWallet } from '@cosmjs/proto-signing';
import { SigningStargateClient, type StdFee } from '@cosmjs/stargate';
import { QueryAllBalancesRequest, QueryAllBalancesResponse } from 'cosmjs-types/cosmos/bank/v1beta1/query';
import { SimulateResponse } from 'cosmjs-types/cosmos/tx/v1beta1/service';
import { TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { SimulateRequest } from 'cosmjs-types/cosmos/tx/v1beta1/service';
import { CommitStore } from '../../../chain/store/commit-store.js';
import { ChainDb } from '../../../chain/store/db.js';
import { parseDecCoins } from '../../../chain/types/dec.js';
import { silentLogger } from '../../../chain/util/log.js';
import { buildRaceApp, defaultAppState } from '../../../node/app/build-app.js';

const CHAIN_ID = 'race-test';
const MNEMONIC =
  'economy stock theory fatal elder harbor betray wasp final emotion task crumble siren bottom lizard educate guess current outdoor pair theory focus wife stone';
const RECIPIENT = 'race1cjsxept9rkggzxztslae9ndgpdyt2408jqckwf';
const fee: StdFee = { amount: [{ denom: 'nicoin', amount: '2000' }], gas: '200000' };

let faucet: string;
let direct: DirectSecp256k1HdWallet;
let amino: Secp256k1HdWallet;

beforeAll(async () => {
  direct = await DirectSecp256k1HdWallet.fromMnemonic(MNEMONIC, { prefix: 'race' });
  amino = await Secp256k1HdWallet.fromMnemonic(MNEMONIC, { prefix: 'race' });
  faucet = (await direct.getAccounts())[0]!.address;
});

const dbs: ChainDb[] = [];
afterEach(async () => {
  while (dbs.length) await dbs.pop()!.close();
});

function genesisState(): Record<string, any> {
  const state = defaultAppState() as Record<string, any>;
  state.auth.accounts = [
    { '@type': '/cosmos.auth.v1beta1.BaseAccount', address: faucet, pub_key: null, account_number: '0', sequence: '0' },
  ];
  state.bank.balances = [{ address: faucet, coins: [{ denom: 'nicoin', amount: '1000000000' }] }];
  return state;
}

async function newApp(appState = genesisState(), minGas = '') {
  const db = await ChainDb.open(fs.mkdtempSync(path.join(os.tmpdir(), 'race-app-')));
  dbs.push(db);
  const store = await CommitStore.open(db);
  const built = buildRaceApp(
    { chainId: CHAIN_ID, minGasPrices: () => parseDecCoins(minGas) },
    { store, log: silentLogger() },
  );
  const init = await built.app.initChain({
    chainId: CHAIN_ID,
    timeNs: 1_700_000_000_000_000_000n,
    initialHeight: 1,
    validators: [],
    appStateJson: JSON.stringify(appState),
  });
  let height = 0;
  const block = async (txs: Uint8Array[]) => {
    height++;
    const res = await built.app.finalizeBlock({
      height,
      timeNs: 1_700_000_000_000_000_000n + BigInt(height) * 1_000_000_000n,
      hash: new Uint8Array(32),
      proposerAddress: new Uint8Array(20),
      txs,
      decidedLastCommit: { round: 0, votes: [] },
      misbehavior: [],
    });
    await built.app.commit();
    return res;
  };
  return { ...built, init, block, store };
}

async function signSend(opts: {
  amount?: string;
  sequence: number;
  accountNumber?: number;
  chainId?: string;
  wallet?: 'direct' | 'amino';
  fee?: StdFee;
}) {
  const signer = opts.wallet === 'amino' ? amino : direct;
  const client = await SigningStargateClient.offline(signer);
  const raw = await client.sign(
    faucet,
    [
      {
        typeUrl: '/cosmos.bank.v1beta1.MsgSend',
        value: {
          fromAddress: faucet,
          toAddress: RECIPIENT,
          amount: [{ denom: 'nicoin', amount: opts.amount ?? '1234' }],
        },
      },
    ],
    opts.fee ?? fee,
    'memo',
    { accountNumber: BigInt(opts.accountNumber ?? 0), sequence: opts.sequence, chainId: opts.chainId ?? CHAIN_ID },
  );
  return TxRaw.encode(raw).finish();
}

async function balances(app: Awaited<ReturnType<typeof newApp>>['app'], address: string) {
  const r = await app.query({
    path: '/cosmos.bank.v1beta1.Query/AllBalances',
    data: QueryAllBalancesRequest.encode({ address, resolveDenom: false }).finish(),
    height: 0,
    prove: false,
  });
  expect(r.code).toBe(0);
  return QueryAllBalancesResponse.decode(r.value!).balances;
}

describe('the assembled app (auth + bank + ante) driven through ABCI calls', () => {
  it('executes a CosmJS-signed MsgSend with the SDK events, fee and sequence', async () => {
    const { app, block } = await newApp();
    await block([]);
    const tx = await signSend({ sequence: 0 });
    expect(app.checkTx(tx, 'new').code).toBe(0);
    const res = await block([tx]);
    const r = res.txResults[0]!;
    expect(r.log).toBe('');
    expect(r.code).toBe(0);
    expect(r.gasUsed > 0n && r.gasUsed <= r.gasWanted).toBe(true);
    expect(r.events.map((e) => e.type)).toEqual([
      'coin_spent',
      'coin_received',
      'transfer',
      'message',
      'tx',
      'tx',
      'tx',
      'message',
      'coin_spent',
      'coin_received',
      'transfer',
      'message',
    ]);
    expect(r.events[7]!.attributes.map((a) => [a.key, a.value])).toEqual([
      ['action', '/cosmos.bank.v1beta1.MsgSend'],
      ['sender', faucet],
      ['module', 'bank'],
      ['msg_index', '0'],
    ]);
    expect(await balances(app, RECIPIENT)).toEqual([{ denom: 'nicoin', amount: '1234' }]);
    expect(await balances(app, faucet)).toEqual([{ denom: 'nicoin', amount: String(1000000000 - 1234 - 2000) }]);
    expect(app.checkInvariants()).toEqual([]);
  });

  it('includes an overspend with code 5 while the fee and sequence are still consumed', async () => {
    const { app, block } = await newApp();
    await block([]);
    const tx = await signSend({ sequence: 0, amount: '999999999999' });
    expect(app.checkTx(tx, 'new').code).toBe(0);
    const r = (await block([tx])).txResults[0]!;
    expect(r.code).toBe(5);
    expect(r.log).toMatch(
      /^failed to execute message; message index: 0: spendable balance .* is smaller than .*: insufficient funds$/,
    );
    expect(await balances(app, faucet)).toEqual([{ denom: 'nicoin', amount: String(1000000000 - 2000) }]);
    const next = await signSend({ sequence: 1 });
    expect(app.checkTx(next, 'new').code).toBe(0);
  });

  it('rejects a wrong sequence (32), a bad signature (4), a wrong chain id (4) and a fee under the minimum (13) at CheckTx', async () => {
    const { app, block } = await newApp(undefined, '0.01nicoin');
    await block([]);
    const wrongSeq = app.checkTx(await signSend({ sequence: 5 }), 'new');
    expect(wrongSeq.code).toBe(32);
    expect(wrongSeq.log).toBe('account sequence mismatch, expected 0, got 5: incorrect account sequence');
    const good = await signSend({ sequence: 0 });
    const tampered = Uint8Array.from(good);
    tampered[tampered.length - 1] ^= 1;
    expect(app.checkTx(tampered, 'new').code).toBe(4);
    const wrongChain = app.checkTx(await signSend({ sequence: 0, chainId: 'other-chain' }), 'new');
    expect(wrongChain.code).toBe(4);
    expect(wrongChain.log).toMatch(
      /signature verification failed; please verify account number \(0\) and chain-id \(race-test\): unauthorized/,
    );
    const cheap = app.checkTx(
      await signSend({ sequence: 0, fee: { amount: [{ denom: 'nicoin', amount: '10' }], gas: '200000' } }),
      'new',
    );
    expect(cheap.code).toBe(13);
    expect(cheap.log).toBe('insufficient fees; got: 10nicoin required: 2000nicoin: insufficient fee');
    expect(app.checkTx(good, 'new').code).toBe(0);
  });

  it('accepts an amino-signed (SIGN_MODE_LEGACY_AMINO_JSON) send', async () => {
    const { app, block } = await newApp();
    await block([]);
    const tx = await signSend({ sequence: 0, wallet: 'amino' });
    expect(app.checkTx(tx, 'new').code).toBe(0);
    expect((await block([tx])).txResults[0]!.code).toBe(0);
  });

  it('simulates like CosmJS (empty signature, empty fee) and the estimate covers the real execution', async () => {
    const { app, block } = await newApp();
    await block([]);
    const client = await SigningStargateClient.offline(direct);
    const pub = (await direct.getAccounts())[0]!.pubkey;
    const { makeAuthInfoBytes, encodePubkey } = await import('@cosmjs/proto-signing');
    const { encodeSecp256k1Pubkey } = await import('@cosmjs/amino');
    const registry = client.registry;
    const bodyBytes = registry.encodeTxBody({
      messages: [
        {
          typeUrl: '/cosmos.bank.v1beta1.MsgSend',
          value: { fromAddress: faucet, toAddress: RECIPIENT, amount: [{ denom: 'nicoin', amount: '5' }] },
        },
      ],
      memo: '',
    });
    const authInfoBytes = makeAuthInfoBytes(
      [{ pubkey: encodePubkey(encodeSecp256k1Pubkey(pub)), sequence: 0 }],
      [],
      0,
      undefined,
      undefined,
      0,
    );
    const txBytes = TxRaw.encode({ bodyBytes, authInfoBytes, signatures: [new Uint8Array()] }).finish();
    const r = await app.query({
      path: '/cosmos.tx.v1beta1.Service/Simulate',
      data: SimulateRequest.encode({ txBytes }).finish(),
      height: 0,
      prove: false,
    });
    expect(r.code).toBe(0);
    const sim = SimulateResponse.decode(r.value!);
    const real = (await block([await signSend({ sequence: 0, amount: '5' })])).txResults[0]!;
    expect(sim.gasInfo!.gasUsed >= real.gasUsed).toBe(true);
    expect(Number(sim.gasInfo!.gasUsed) * 1.4 > Number(real.gasUsed)).toBe(true);
  });

  it('exports a genesis that re-imports to the same app hash', async () => {
    const { app, block, store } = await newApp();
    await block([]);
    await block([await signSend({ sequence: 0 })]);
    const exported = app.exportGenesis();
    const again = await newApp(JSON.parse(JSON.stringify(exported)));
    expect(toHex(again.init.appHash)).toBe(toHex(store.lastCommit().appHash));
    await again.block([]);
    expect(JSON.stringify(again.app.exportGenesis())).toBe(JSON.stringify(exported));
  });

  it('answers unknown query paths and missing accounts the way CosmJS expects', async () => {
    const { app, block } = await newApp();
    await block([]);
    const unknown = await app.query({ path: '/nope.Query/X', data: new Uint8Array(), height: 0, prove: false });
    expect(unknown.code).toBe(6);
    const { QueryAccountRequest } = await import('cosmjs-types/cosmos/auth/v1beta1/query');
    const missing = await app.query({
      path: '/cosmos.auth.v1beta1.Query/Account',
      data: QueryAccountRequest.encode({ address: RECIPIENT }).finish(),
      height: 0,
      prove: false,
    });
    expect(missing.code).toBe(22);
    expect(missing.log).toBe(`rpc error: code = NotFound desc = account ${RECIPIENT} not found: key not found`);
    expect(missing.height).toBe(1);
  });
});
