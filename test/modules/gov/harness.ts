/**
 * An in-process chain for the gov, registry and pricing tests: BaseApp over a temp level store with auth, bank, the
 * Race module (epoch-0 weights held by participants that do not race), gov, registry and pricing; txs built and signed with CosmJS (DIRECT) as a user would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBase64 } from '@cosmjs/encoding';
import { encodePubkey, makeAuthInfoBytes, makeSignDoc, Registry, DirectSecp256k1Wallet, type EncodeObject } from '@cosmjs/proto-signing';
import { encodeSecp256k1Pubkey } from '@cosmjs/amino';
import { defaultRegistryTypes } from '@cosmjs/stargate';
import { TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { TxMsgData } from 'cosmjs-types/cosmos/base/abci/v1beta1/abci';
import { sha256 } from '@noble/hashes/sha2.js';
import type { ExecTxResult } from '../../../chain/abci.js';
import { BaseApp } from '../../../chain/app/base-app.js';
import { secp256k1PubkeyFromPrivkey, verifySecp256k1 } from '../../../chain/crypto/secp256k1.js';
import { addressBytesFromSecp256k1, toBech32 } from '../../../chain/crypto/address.js';
import { ChainDb } from '../../../chain/store/db.js';
import { CommitStore } from '../../../chain/store/commit-store.js';
import { MsgRegistry } from '../../../chain/tx/registry.js';
import { silentLogger } from '../../../chain/util/log.js';
import { newAnteHandler } from '../../../modules/auth/ante.js';
import { AuthKeeper } from '../../../modules/auth/keeper.js';
import { AuthModule } from '../../../modules/auth/module.js';
import { BankKeeper } from '../../../modules/bank/keeper.js';
import { BankModule } from '../../../modules/bank/module.js';
import { GovKeeper } from '../../../modules/gov/keeper.js';
import { GovModule } from '../../../modules/gov/module.js';
import { PricingKeeper } from '../../../modules/pricing/keeper.js';
import { PricingModule } from '../../../modules/pricing/module.js';
import { RegistryKeeper } from '../../../modules/registry/keeper.js';
import { RegistryModule } from '../../../modules/registry/module.js';
import { registryTypes } from '../../../modules/registry/client.js';
import { pricingTypes } from '../../../modules/pricing/client.js';
import { snakeKeys } from '../../../chain/app/rest-route.js';
import { RaceKeeper } from '../../../race/module/keeper.js';
import { RaceModule } from '../../../race/module/module.js';
import { holdWeightsParams } from '../../../race/module/params.js';
import { DEFAULT_GOV_PARAMS, govParamsToJson } from '../../../modules/gov/params.js';
import { RaceWeights } from '../../../race/module/weights.js';
import { Params as RaceParamsProto } from '../../../proto/gen/race/race/v1/types.js';

export const CHAIN_ID = 'race-test-1';
export const SECOND = 1_000_000_000n;
export const GENESIS_TIME = 1_700_000_000n * SECOND;

export interface TestAccount {
  name: string;
  priv: Uint8Array;
  pub: Uint8Array;
  address: string;
  wallet: DirectSecp256k1Wallet;
}

export function testAccount(name: string): TestAccount {
  const priv = sha256(new TextEncoder().encode(`race gov test ${name}`));
  const pub = secp256k1PubkeyFromPrivkey(priv);
  return { name, priv, pub, address: toBech32(addressBytesFromSecp256k1(pub)), wallet: undefined as unknown as DirectSecp256k1Wallet };
}

export interface ChainOpts {
  /** Accounts with balances (nicoin) and Race weights. */
  accounts: Array<{ account: TestAccount; balance: bigint; weight: bigint }>;
  epochLength?: bigint;
  govParams?: Record<string, unknown>;
  pricingParams?: Record<string, string>;
  /** Seconds between blocks. */
  blockSeconds?: bigint;
  /** Extra app_state sections (e.g. registry models). */
  genesis?: Record<string, unknown>;
}

/** Gov genesis params for tests: the defaults with a 100 s deposit period and 60 s of voting. */
export function testGovParams(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...govParamsToJson(DEFAULT_GOV_PARAMS), max_deposit_period: '100s', voting_period: '60s', ...overrides };
}

export class TestChain {
  readonly auth = new AuthKeeper();
  readonly bank = new BankKeeper(this.auth);
  readonly race = new RaceKeeper();
  readonly weights = new RaceWeights(this.race);
  readonly gov = new GovKeeper({ bank: this.bank, accounts: this.auth, weights: this.weights });
  readonly registryKeeper = new RegistryKeeper();
  readonly pricing = new PricingKeeper({ weights: this.weights, epochs: this.weights, models: this.registryKeeper });
  readonly clientRegistry = new Registry([...defaultRegistryTypes, ...registryTypes, ...pricingTypes]);
  app!: BaseApp;
  height = 0;
  timeNs = GENESIS_TIME;
  private db!: ChainDb;
  private dir!: string;
  private readonly msgRegistry = new MsgRegistry({ bech32Prefix: 'race' });
  readonly blockSeconds: bigint;

  constructor(readonly opts: ChainOpts) {
    this.blockSeconds = opts.blockSeconds ?? 5n;
  }

  async start(): Promise<this> {
    this.dir = mkdtempSync(join(tmpdir(), 'race-gov-'));
    this.db = await ChainDb.open(join(this.dir, 'chain.db'));
    const store = await CommitStore.open(this.db);
    const modules = [
      new AuthModule(this.auth),
      new BankModule(this.bank),
      new GovModule(this.gov, { accounts: this.auth, bank: this.bank, paramKeepers: { auth: this.auth, bank: this.bank } }),
      new RegistryModule(this.registryKeeper),
      new PricingModule(this.pricing),
      new RaceModule(this.race),
    ];
    this.app = new BaseApp({ name: 'raced', version: 'test', chainId: CHAIN_ID }, {
      store,
      modules,
      registry: this.msgRegistry,
      anteHandler: newAnteHandler({
        auth: this.auth,
        bank: this.bank,
        registry: this.msgRegistry,
        verifySignature: verifySecp256k1,
        minGasPrices: () => [],
        simulatedFeeDenom: 'nicoin',
      }),
      log: silentLogger(),
    });
    for (const a of this.opts.accounts) a.account.wallet = await DirectSecp256k1Wallet.fromKey(a.account.priv, 'race');
    const appState = {
      auth: {
        params: { max_memo_characters: '256', tx_sig_limit: '7', tx_size_cost_per_byte: '10', sig_verify_cost_ed25519: '590', sig_verify_cost_secp256k1: '1000' },
        accounts: this.opts.accounts.map((a, i) => ({ '@type': '/cosmos.auth.v1beta1.BaseAccount', address: a.account.address, pub_key: null, account_number: String(i), sequence: '0' })),
      },
      bank: {
        params: { send_enabled: [], default_send_enabled: true },
        balances: this.opts.accounts.filter((a) => a.balance > 0n).map((a) => ({ address: a.account.address, coins: [{ denom: 'nicoin', amount: a.balance.toString() }] })),
        supply: [],
        denom_metadata: [],
        send_enabled: [],
      },
      race: {
        params: snakeKeys(RaceParamsProto.toJSON(holdWeightsParams(this.opts.epochLength ?? 10n))),
        participants: this.opts.accounts.filter((a) => a.weight > 0n).map((a) => ({ address: a.account.address, weight: a.weight.toString() })),
        seed: '',
      },
      gov: this.opts.govParams ? { ...new GovModule(this.gov, { accounts: this.auth, bank: this.bank }).defaultGenesis(), params: this.opts.govParams } : undefined,
      pricing: this.opts.pricingParams ? { params: this.opts.pricingParams, unit_price: null, votes: [] } : undefined,
      ...this.opts.genesis,
    };
    await this.app.initChain({ chainId: CHAIN_ID, timeNs: this.timeNs, initialHeight: 1, validators: [], appStateJson: JSON.stringify(appState) });
    // Genesis state is committed with the first block.
    await this.block();
    return this;
  }

  async stop(): Promise<void> {
    await this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Signs msgs with the account's key (DIRECT, as SigningStargateClient does). */
  async signTx(account: TestAccount, msgs: EncodeObject[], opts: { gas?: bigint; fee?: bigint; memo?: string } = {}): Promise<Uint8Array> {
    const ctx = this.app.queryContext();
    const acc = this.auth.getAccount(ctx, account.address, false);
    if (!acc) throw new Error(`no account ${account.address}`);
    const bodyBytes = this.clientRegistry.encodeTxBody({ messages: msgs, memo: opts.memo ?? '' });
    const pubkey = encodePubkey(encodeSecp256k1Pubkey(account.pub));
    const authInfoBytes = makeAuthInfoBytes([{ pubkey, sequence: acc.sequence }], [{ denom: 'nicoin', amount: (opts.fee ?? 0n).toString() }].filter((c) => c.amount !== '0'), Number(opts.gas ?? 2_000_000n), undefined, undefined);
    const signDoc = makeSignDoc(bodyBytes, authInfoBytes, CHAIN_ID, acc.accountNumber);
    const { signature } = await account.wallet.signDirect(account.address, signDoc);
    return TxRaw.encode({ bodyBytes, authInfoBytes, signatures: [fromBase64(signature.signature)] }).finish();
  }

  /** One block with these txs; returns the tx results and the block's (EndBlock) events. */
  async block(txs: Uint8Array[] = []): Promise<{ txs: ExecTxResult[]; events: Array<{ type: string; attributes: Array<{ key: string; value: string }> }> }> {
    this.height++;
    this.timeNs += this.blockSeconds * SECOND;
    const res = await this.app.finalizeBlock({ height: this.height, timeNs: this.timeNs, hash: new Uint8Array(32), proposerAddress: new Uint8Array(20), txs, decidedLastCommit: { round: 0, votes: [] }, misbehavior: [] });
    await this.app.commit();
    return { txs: res.txResults, events: res.events };
  }

  /** Signs and delivers msgs in their own block; throws with the log when the tx fails, unless expectFailure. */
  async exec(account: TestAccount, msgs: EncodeObject[], opts: { expectFailure?: boolean } = {}): Promise<ExecTxResult> {
    const tx = await this.signTx(account, msgs);
    const { txs } = await this.block([tx]);
    const r = txs[0]!;
    if (r.code !== 0 && !opts.expectFailure) throw new Error(`tx failed: code ${r.code} ${r.codespace}: ${r.log}`);
    return r;
  }

  /** Advances blocks until block time reaches at least `timeNs`. */
  async advanceTo(timeNs: bigint): Promise<void> {
    while (this.timeNs < timeNs) await this.block();
  }

  async query(path: string, data: Uint8Array): Promise<Uint8Array> {
    const r = await this.app.query({ path, data, height: 0, prove: false });
    if (r.code !== 0) throw new Error(`query ${path} failed: code ${r.code}: ${r.log}`);
    return r.value!;
  }

  balance(address: string): bigint {
    return this.bank.getBalance(this.app.queryContext(), address, 'nicoin', false).amount;
  }
}

export function msgResponses(r: ExecTxResult) {
  return TxMsgData.decode(r.data).msgResponses;
}

export const hex64 = (c: string) => c.repeat(64).slice(0, 64);
