/**
 * An in-process chain for the gov, registry and pricing tests: the node's own app (its ONE module list, from
 * node/app/build-app.ts) over a temp level store, with Race weights held by participants that do not race; txs built
 * and signed with CosmJS (DIRECT) as a user would, with the app's type registry.
 */
import type { MsgRegistry } from '../../../chain/tx/registry.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBase64 } from '@cosmjs/encoding';
import {
  encodePubkey,
  makeAuthInfoBytes,
  makeSignDoc,
  Registry,
  DirectSecp256k1Wallet,
  type EncodeObject,
} from '@cosmjs/proto-signing';
import { encodeSecp256k1Pubkey } from '@cosmjs/amino';
import { defaultRegistryTypes } from '@cosmjs/stargate';
import { TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { TxMsgData } from 'cosmjs-types/cosmos/base/abci/v1beta1/abci';
import { sha256 } from '@noble/hashes/sha2.js';
import type { ExecTxResult } from '../../../chain/abci.js';
import { addressBytesFromSecp256k1, toBech32 } from '../../../chain/crypto/address.js';
import { secp256k1PubkeyFromPrivkey } from '../../../chain/crypto/secp256k1.js';
import { ChainDb } from '../../../chain/store/db.js';
import { CommitStore } from '../../../chain/store/commit-store.js';
import { silentLogger } from '../../../chain/util/log.js';
import { buildRaceApp, type AppKeepers } from '../../../node/app/build-app.js';
import type { VerifyCache } from '../../../chain/crypto/verify-cache.js';
import { appTypeRegistry } from '../../../node/app/module-list.js';
import type { BaseApp } from '../../../chain/app/base-app.js';
import { snakeKeys } from '../../../chain/util/json-case.js';
import { holdWeightsParams } from '../../../race/module/params.js';
import { DEFAULT_GOV_PARAMS, govParamsToJson } from '../../../modules/gov/params.js';
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
  return {
    name,
    priv,
    pub,
    address: toBech32(addressBytesFromSecp256k1(pub)),
    wallet: undefined as unknown as DirectSecp256k1Wallet,
  };
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
  /** Parallel signature pre-verification of blocks (default on, as in the node). */
  preVerify?: boolean;
}

/** Gov genesis params for tests: the defaults with a 100 s deposit period and 60 s of voting. */
export function testGovParams(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...govParamsToJson(DEFAULT_GOV_PARAMS), max_deposit_period: '100s', voting_period: '60s', ...overrides };
}

export class TestChain {
  readonly clientRegistry = new Registry([...defaultRegistryTypes, ...appTypeRegistry().cosmjsTypes()]);
  app!: BaseApp;
  /** The app's tx decoder registry (every module's messages). */
  msgRegistry!: MsgRegistry;
  keepers!: AppKeepers;
  verifyCache!: VerifyCache;
  height = 0;
  timeNs = GENESIS_TIME;
  private db!: ChainDb;
  private dir!: string;
  readonly blockSeconds: bigint;

  constructor(readonly opts: ChainOpts) {
    this.blockSeconds = opts.blockSeconds ?? 5n;
  }

  async start(): Promise<this> {
    this.dir = mkdtempSync(join(tmpdir(), 'race-gov-'));
    this.db = await ChainDb.open(join(this.dir, 'chain.db'));
    const store = await CommitStore.open(this.db);
    const built = buildRaceApp(
      { chainId: CHAIN_ID, name: 'raced', preVerify: this.opts.preVerify },
      { store, log: silentLogger() },
    );
    this.app = built.app;
    this.verifyCache = built.verifyCache;
    this.msgRegistry = built.registry;
    this.keepers = built.keepers;
    for (const a of this.opts.accounts) a.account.wallet = await DirectSecp256k1Wallet.fromKey(a.account.priv, 'race');
    const appState = {
      auth: {
        params: {
          max_memo_characters: '256',
          tx_sig_limit: '7',
          tx_size_cost_per_byte: '10',
          sig_verify_cost_ed25519: '590',
          sig_verify_cost_secp256k1: '1000',
        },
        accounts: this.opts.accounts.map((a, i) => ({
          '@type': '/cosmos.auth.v1beta1.BaseAccount',
          address: a.account.address,
          pub_key: null,
          account_number: String(i),
          sequence: '0',
        })),
      },
      bank: {
        params: { send_enabled: [], default_send_enabled: true },
        balances: this.opts.accounts
          .filter((a) => a.balance > 0n)
          .map((a) => ({ address: a.account.address, coins: [{ denom: 'nicoin', amount: a.balance.toString() }] })),
        supply: [],
        denom_metadata: [],
        send_enabled: [],
      },
      race: {
        params: snakeKeys(RaceParamsProto.toJSON(holdWeightsParams(this.opts.epochLength ?? 12n))),
        participants: this.opts.accounts
          .filter((a) => a.weight > 0n)
          .map((a) => ({ address: a.account.address, weight: a.weight.toString() })),
        seed: '',
      },
      gov: this.opts.govParams
        ? { ...(built.modules.find((m) => m.name === 'gov')!.defaultGenesis() as object), params: this.opts.govParams }
        : undefined,
      pricing: this.opts.pricingParams ? { params: this.opts.pricingParams, unit_price: null, votes: [] } : undefined,
      ...this.opts.genesis,
    };
    await this.app.initChain({
      chainId: CHAIN_ID,
      timeNs: this.timeNs,
      initialHeight: 1,
      validators: [],
      appStateJson: JSON.stringify(appState),
    });
    // Genesis state is committed with the first block.
    await this.block();
    return this;
  }

  get auth() {
    return this.keepers.auth;
  }

  get bank() {
    return this.keepers.bank;
  }

  get gov() {
    return this.keepers.gov;
  }

  get pricing() {
    return this.keepers.pricing;
  }

  async stop(): Promise<void> {
    await this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Signs msgs with the account's key (DIRECT, as SigningStargateClient does). */
  async signTx(
    account: TestAccount,
    msgs: EncodeObject[],
    opts: { gas?: bigint; fee?: bigint; memo?: string; sequence?: bigint } = {},
  ): Promise<Uint8Array> {
    const ctx = this.app.queryContext();
    const acc = this.auth.getAccount(ctx, account.address, false);
    if (!acc) throw new Error(`no account ${account.address}`);
    const bodyBytes = this.clientRegistry.encodeTxBody({ messages: msgs, memo: opts.memo ?? '' });
    const pubkey = encodePubkey(encodeSecp256k1Pubkey(account.pub));
    const authInfoBytes = makeAuthInfoBytes(
      [{ pubkey, sequence: opts.sequence ?? acc.sequence }],
      [{ denom: 'nicoin', amount: (opts.fee ?? 0n).toString() }].filter((c) => c.amount !== '0'),
      Number(opts.gas ?? 2_000_000n),
      undefined,
      undefined,
    );
    const signDoc = makeSignDoc(bodyBytes, authInfoBytes, CHAIN_ID, acc.accountNumber);
    const { signature } = await account.wallet.signDirect(account.address, signDoc);
    return TxRaw.encode({ bodyBytes, authInfoBytes, signatures: [fromBase64(signature.signature)] }).finish();
  }

  /** One block with these txs; returns the tx results and the block's (EndBlock) events. */
  async block(txs: Uint8Array[] = []): Promise<{
    txs: ExecTxResult[];
    events: Array<{ type: string; attributes: Array<{ key: string; value: string }> }>;
  }> {
    this.height++;
    this.timeNs += this.blockSeconds * SECOND;
    const res = await this.app.finalizeBlock({
      height: this.height,
      timeNs: this.timeNs,
      hash: new Uint8Array(32),
      proposerAddress: new Uint8Array(20),
      txs,
      decidedLastCommit: { round: 0, votes: [] },
      misbehavior: [],
    });
    await this.app.commit();
    return { txs: res.txResults, events: res.events };
  }

  /** Signs and delivers msgs in their own block; throws with the log when the tx fails, unless expectFailure. */
  async exec(
    account: TestAccount,
    msgs: EncodeObject[],
    opts: { expectFailure?: boolean } = {},
  ): Promise<ExecTxResult> {
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
