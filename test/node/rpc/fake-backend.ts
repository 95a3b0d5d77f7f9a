/**
 * An in-memory RpcBackend for the RPC and REST server tests: a tiny chain (block 1 empty, block 2 with a successful
 * MsgSend, block 3 with a failed one), a mempool, an event bus with a small query matcher, and an "app" answering
 * the auth/bank/tx ABCI queries with cosmjs-types messages.
 */
import { fromHex, toBech32 } from '@cosmjs/encoding';
import { sha256 } from '@noble/hashes/sha2.js';
import { BaseAccount } from 'cosmjs-types/cosmos/auth/v1beta1/auth';
import {
  QueryAccountRequest,
  QueryAccountResponse,
  QueryParamsResponse as AuthParamsResponse,
} from 'cosmjs-types/cosmos/auth/v1beta1/query';
import { MsgSend, MsgSendResponse } from 'cosmjs-types/cosmos/bank/v1beta1/tx';
import {
  QueryAllBalancesRequest,
  QueryAllBalancesResponse,
  QueryBalanceRequest,
  QueryBalanceResponse,
  QueryDenomMetadataRequest,
  QueryDenomMetadataResponse,
  QueryDenomsMetadataResponse,
  QueryParamsResponse as BankParamsResponse,
  QuerySupplyOfRequest,
  QuerySupplyOfResponse,
  QueryTotalSupplyResponse,
  QuerySpendableBalancesResponse,
  QuerySpendableBalancesRequest,
} from 'cosmjs-types/cosmos/bank/v1beta1/query';
import { PubKey as Secp256k1PubKey } from 'cosmjs-types/cosmos/crypto/secp256k1/keys';
import { TxMsgData } from 'cosmjs-types/cosmos/base/abci/v1beta1/abci';
import { SimulateRequest, SimulateResponse } from 'cosmjs-types/cosmos/tx/v1beta1/service';
import { AuthInfo, Fee, TxBody, TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { SignMode } from 'cosmjs-types/cosmos/tx/signing/v1beta1/signing';
import { Any } from 'cosmjs-types/google/protobuf/any';
import type {
  CheckTxResult,
  ExecTxResult,
  FinalizeBlockResponse,
  QueryRequest,
  QueryResponse,
} from '../../../chain/abci.js';
import {
  BlockIdFlag,
  EMPTY_BLOCK_ID,
  type Block,
  type BlockId,
  type Header,
  type Validator,
} from '../../../chain/types/block.js';
import { event, type AbciEvent } from '../../../chain/types/events.js';
import type {
  CommitView,
  ConsensusParamsView,
  GenesisView,
  IndexedTx,
  NetInfoView,
  NodeInfoView,
  RpcBackend,
  RpcEvent,
  StoredBlock,
  SyncInfoView,
  TxSearchRequest,
  TxSearchResult,
  UnconfirmedTxsView,
  ValidatorInfoView,
} from '../../../node/rpc/backend.js';
import { renderEventTags } from '../../../node/rpc/render.js';

export const CHAIN_ID = 'race-test';
export const ALICE = toBech32('race', fromHex('0d82b1e7c96dbfa42462fe612932e6bff111d51b'));
export const BOB = toBech32('race', new Uint8Array(20).fill(2));
export const NOBODY = toBech32('race', new Uint8Array(20).fill(3));
export const ALICE_PUBKEY = Uint8Array.from(Buffer.from('A08EGB7ro1ORuFhjOnZcSgwYlpe0DSFjVNUIkNNQxwKQ', 'base64'));
const GENESIS_NS = 1_795_000_000_000_000_000n;
const SECOND = 1_000_000_000n;

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);
const hashOf = (label: string) => sha256(new TextEncoder().encode(label));

export const VAL_PUBKEY = bytes(32, 7);
export const VAL_ADDRESS = sha256(VAL_PUBKEY).slice(0, 20);
const validator: Validator = { address: VAL_ADDRESS, pubKey: VAL_PUBKEY, votingPower: 10n, proposerPriority: 0n };

export function makeSendTx(from: string, to: string, amount: string, sequence: bigint, memo = ''): Uint8Array {
  const msg = Any.fromPartial({
    typeUrl: '/cosmos.bank.v1beta1.MsgSend',
    value: MsgSend.encode(
      MsgSend.fromPartial({ fromAddress: from, toAddress: to, amount: [{ denom: 'nicoin', amount }] }),
    ).finish(),
  });
  const body = TxBody.encode(TxBody.fromPartial({ messages: [msg], memo })).finish();
  const authInfo = AuthInfo.encode(
    AuthInfo.fromPartial({
      signerInfos: [
        {
          publicKey: {
            typeUrl: '/cosmos.crypto.secp256k1.PubKey',
            value: Secp256k1PubKey.encode({ key: ALICE_PUBKEY }).finish(),
          },
          modeInfo: { single: { mode: SignMode.SIGN_MODE_DIRECT } },
          sequence,
        },
      ],
      fee: Fee.fromPartial({ amount: [{ denom: 'nicoin', amount: '2500' }], gasLimit: 100000n }),
    }),
  ).finish();
  return TxRaw.encode(
    TxRaw.fromPartial({ bodyBytes: body, authInfoBytes: authInfo, signatures: [bytes(64, 9)] }),
  ).finish();
}

function sendEvents(from: string, to: string, amount: string, ok: boolean): AbciEvent[] {
  const fee: AbciEvent[] = [
    event('coin_spent', [
      ['spender', from],
      ['amount', '2500nicoin'],
    ]),
    event('tx', [
      ['fee', '2500nicoin'],
      ['fee_payer', from],
    ]),
    event('tx', [['acc_seq', `${from}/0`]]),
  ];
  if (!ok) return fee;
  return [
    ...fee,
    event('message', [
      ['action', '/cosmos.bank.v1beta1.MsgSend'],
      ['sender', from],
      ['module', 'bank'],
      ['msg_index', '0'],
    ]),
    event('transfer', [
      ['recipient', to],
      ['sender', from],
      ['amount', `${amount}nicoin`],
      ['msg_index', '0'],
    ]),
  ];
}

function okResult(from: string, to: string, amount: string): ExecTxResult {
  const data = TxMsgData.encode({
    data: [],
    msgResponses: [{ typeUrl: '/cosmos.bank.v1beta1.MsgSendResponse', value: MsgSendResponse.encode({}).finish() }],
  }).finish();
  return {
    code: 0,
    codespace: '',
    log: '',
    info: '',
    data,
    gasWanted: 100000n,
    gasUsed: 74280n,
    events: sendEvents(from, to, amount, true),
  };
}

function failResult(from: string, to: string, amount: string): ExecTxResult {
  return {
    code: 5,
    codespace: 'sdk',
    log: `failed to execute message; message index: 0: spendable balance 1nicoin is smaller than ${amount}nicoin: insufficient funds`,
    info: '',
    data: new Uint8Array(0),
    gasWanted: 100000n,
    gasUsed: 51000n,
    events: sendEvents(from, to, amount, false),
  };
}

interface Sub {
  query: string;
  onEvent: (ev: RpcEvent) => void;
}

/** Matches CometBFT-style queries: conditions joined by AND, operators = < <= > >= CONTAINS EXISTS. */
export function matchQuery(query: string, tags: Record<string, string[]>): boolean {
  const conds = query.split(/\s+AND\s+/i);
  return conds.every((cond) => {
    const m = /^\s*([\w.\-/]+)\s*(<=|>=|=|<|>|CONTAINS|EXISTS)\s*(?:'([^']*)'|(\d+))?\s*$/.exec(cond);
    if (!m) throw new Error(`failed to parse query: ${JSON.stringify(cond)}`);
    const [, key, op, str, num] = m;
    const values = tags[key!] ?? [];
    if (op === 'EXISTS') return values.length > 0;
    const want = str ?? num ?? '';
    return values.some((v) => {
      if (op === '=') return key === 'tx.hash' ? v.toUpperCase() === want.toUpperCase() : v === want;
      if (op === 'CONTAINS') return v.includes(want);
      const a = Number(v);
      const b = Number(want);
      return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
    });
  });
}

export class FakeBackend implements RpcBackend {
  readonly blocks: StoredBlock[] = [];
  readonly results: FinalizeBlockResponse[] = [];
  readonly txs: IndexedTx[] = [];
  readonly mempool: Uint8Array[] = [];
  readonly subs = new Map<string, Sub[]>();
  readonly accounts = new Map<
    string,
    { number: bigint; sequence: bigint; pubKey?: Uint8Array; balances: Map<string, bigint> }
  >();
  readonly queries: QueryRequest[] = [];
  /** Set to make broadcastTx include the tx in a new block right away (for broadcast_tx_commit). */
  autoCommit = false;

  constructor() {
    this.accounts.set(ALICE, {
      number: 1n,
      sequence: 2n,
      pubKey: ALICE_PUBKEY,
      balances: new Map([
        ['nicoin', 1_000_000n],
        ['uicon', 5n],
      ]),
    });
    this.accounts.set(BOB, { number: 2n, sequence: 0n, balances: new Map([['nicoin', 500n]]) });
    this.produceBlock([]);
    this.produceBlock([{ tx: makeSendTx(ALICE, BOB, '1000', 0n, 'first'), ok: true }]);
    this.produceBlock([{ tx: makeSendTx(ALICE, BOB, '99999999', 1n), ok: false }]);
  }

  /** Appends a block with the given txs and publishes NewBlock, NewBlockHeader and Tx events. */
  produceBlock(items: Array<{ tx: Uint8Array; ok: boolean }>): StoredBlock {
    const height = this.blocks.length + 1;
    const prev = this.blocks[height - 2];
    const lastBlockId: BlockId = prev ? prev.blockId : EMPTY_BLOCK_ID;
    const timeNs = GENESIS_NS + BigInt(height) * SECOND + 274_000_000n;
    const header: Header = {
      version: { block: 11n, app: 0n },
      chainId: CHAIN_ID,
      height,
      timeNs,
      lastBlockId,
      lastCommitHash: prev ? hashOf(`commit ${height - 1}`) : sha256(new Uint8Array(0)),
      dataHash: hashOf(`data ${height}`),
      validatorsHash: hashOf('vals'),
      nextValidatorsHash: hashOf('vals'),
      consensusHash: hashOf('consensus'),
      appHash: hashOf(`app ${height - 1}`),
      lastResultsHash: hashOf(`results ${height - 1}`),
      evidenceHash: sha256(new Uint8Array(0)),
      proposerAddress: VAL_ADDRESS,
    };
    const lastCommit = prev
      ? {
          height: height - 1,
          round: 0,
          blockId: lastBlockId,
          signatures: [
            {
              blockIdFlag: BlockIdFlag.Commit,
              validatorAddress: VAL_ADDRESS,
              timestampNs: timeNs - SECOND,
              signature: bytes(64, height),
            },
          ],
        }
      : { height: 0, round: 0, blockId: EMPTY_BLOCK_ID, signatures: [] };
    const block: Block = { header, txs: items.map((i) => i.tx), evidence: [], lastCommit };
    const blockId: BlockId = {
      hash: hashOf(`block ${height}`),
      partSetHeader: { total: 1, hash: hashOf(`parts ${height}`) },
    };
    const stored: StoredBlock = { blockId, block, sizeBytes: 500 + items.reduce((s, i) => s + i.tx.length, 0) };
    const results: FinalizeBlockResponse = {
      events: [
        event('coinbase', [
          ['minter', BOB],
          ['amount', '10nicoin'],
          ['mode', 'BeginBlock'],
        ]),
      ],
      txResults: items.map((i) => {
        const msg = MsgSend.decode(TxBody.decode(TxRaw.decode(i.tx).bodyBytes).messages[0]!.value);
        const amount = msg.amount[0]!.amount;
        return i.ok
          ? okResult(msg.fromAddress, msg.toAddress, amount)
          : failResult(msg.fromAddress, msg.toAddress, amount);
      }),
      validatorUpdates: [],
      appHash: hashOf(`app ${height}`),
    };
    this.blocks.push(stored);
    this.results.push(results);
    const indexed = items.map((i, index) => ({
      hash: sha256(i.tx),
      height,
      index,
      tx: i.tx,
      result: results.txResults[index]!,
    }));
    this.txs.push(...indexed);
    this.publish({ type: 'NewBlock', block, blockId, result: results });
    this.publish({ type: 'NewBlockHeader', header });
    for (const t of indexed) this.publish({ type: 'Tx', tx: t });
    return stored;
  }

  private publish(ev: RpcEvent): void {
    const tags = renderEventTags(ev);
    for (const subs of this.subs.values()) for (const s of subs) if (matchQuery(s.query, tags)) s.onEvent(ev);
  }

  subscriberCount(): number {
    return [...this.subs.values()].reduce((n, s) => n + s.length, 0);
  }

  nodeInfo(): NodeInfoView {
    return {
      id: '545ea538461003efdc8c81c244531b003f6f26cf',
      listenAddr: 'tcp://0.0.0.0:26656',
      network: CHAIN_ID,
      moniker: 'fake',
      txIndex: true,
      rpcAddress: 'tcp://127.0.0.1:26657',
    };
  }

  syncInfo(): SyncInfoView {
    const first = this.blocks[0]!;
    const last = this.blocks[this.blocks.length - 1]!;
    return {
      latestBlockHash: last.blockId.hash,
      latestAppHash: this.results[this.results.length - 1]!.appHash,
      latestBlockHeight: last.block.header.height,
      latestBlockTimeNs: last.block.header.timeNs,
      earliestBlockHash: first.blockId.hash,
      earliestAppHash: first.block.header.appHash,
      earliestBlockHeight: 1,
      earliestBlockTimeNs: first.block.header.timeNs,
      catchingUp: false,
    };
  }

  validatorInfo(): ValidatorInfoView {
    return { address: VAL_ADDRESS, pubKey: VAL_PUBKEY, votingPower: 10n };
  }

  abciInfo() {
    return {
      data: 'race',
      version: '0.1.0',
      appVersion: 1n,
      lastBlockHeight: this.blocks.length,
      lastBlockAppHash: this.results[this.results.length - 1]!.appHash,
    };
  }

  abciQuery(req: QueryRequest): QueryResponse {
    this.queries.push(req);
    const height = req.height || this.blocks.length;
    const ok = (value: Uint8Array): QueryResponse => ({
      code: 0,
      codespace: '',
      log: '',
      info: '',
      index: 0n,
      key: null,
      value,
      height,
    });
    const fail = (code: number, log: string): QueryResponse => ({
      code,
      codespace: 'sdk',
      log,
      info: '',
      index: 0n,
      key: null,
      value: null,
      height,
    });
    switch (req.path) {
      case '/cosmos.auth.v1beta1.Query/Account': {
        const { address } = QueryAccountRequest.decode(req.data);
        const acc = this.accounts.get(address);
        if (!acc) return fail(22, `rpc error: code = NotFound desc = account ${address} not found: key not found`);
        const base = BaseAccount.fromPartial({
          address,
          accountNumber: acc.number,
          sequence: acc.sequence,
          pubKey: acc.pubKey
            ? {
                typeUrl: '/cosmos.crypto.secp256k1.PubKey',
                value: Secp256k1PubKey.encode({ key: acc.pubKey }).finish(),
              }
            : undefined,
        });
        const any = { typeUrl: '/cosmos.auth.v1beta1.BaseAccount', value: BaseAccount.encode(base).finish() };
        return ok(QueryAccountResponse.encode({ account: any }).finish());
      }
      case '/cosmos.auth.v1beta1.Query/Params':
        return ok(
          AuthParamsResponse.encode({
            params: {
              maxMemoCharacters: 256n,
              txSigLimit: 7n,
              txSizeCostPerByte: 10n,
              sigVerifyCostEd25519: 590n,
              sigVerifyCostSecp256k1: 1000n,
            },
          }).finish(),
        );
      case '/cosmos.bank.v1beta1.Query/Balance': {
        const r = QueryBalanceRequest.decode(req.data);
        if (!r.denom) return fail(18, 'rpc error: code = InvalidArgument desc = invalid denom: invalid request');
        const amount = this.accounts.get(r.address)?.balances.get(r.denom) ?? 0n;
        return ok(QueryBalanceResponse.encode({ balance: { denom: r.denom, amount: amount.toString() } }).finish());
      }
      case '/cosmos.bank.v1beta1.Query/AllBalances':
      case '/cosmos.bank.v1beta1.Query/SpendableBalances': {
        const r = req.path.endsWith('AllBalances')
          ? QueryAllBalancesRequest.decode(req.data)
          : QuerySpendableBalancesRequest.decode(req.data);
        if (!r.address.startsWith('race1')) {
          return fail(
            18,
            `rpc error: code = InvalidArgument desc = invalid address: decoding bech32 failed: invalid request`,
          );
        }
        const all = [...(this.accounts.get(r.address)?.balances ?? new Map<string, bigint>())]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([denom, amount]) => ({ denom, amount: amount.toString() }));
        const limit = Number(r.pagination?.limit ?? 0n) || all.length;
        const balances = all.slice(0, limit);
        const pagination = { nextKey: new Uint8Array(0), total: BigInt(all.length) };
        const Resp = req.path.endsWith('AllBalances') ? QueryAllBalancesResponse : QuerySpendableBalancesResponse;
        return ok(Resp.encode({ balances, pagination }).finish());
      }
      case '/cosmos.bank.v1beta1.Query/TotalSupply':
        return ok(
          QueryTotalSupplyResponse.encode({
            supply: [{ denom: 'nicoin', amount: '1000000000' }],
            pagination: { nextKey: new Uint8Array(0), total: 1n },
          }).finish(),
        );
      case '/cosmos.bank.v1beta1.Query/SupplyOf': {
        const { denom } = QuerySupplyOfRequest.decode(req.data);
        return ok(
          QuerySupplyOfResponse.encode({ amount: { denom, amount: denom === 'nicoin' ? '1000000000' : '0' } }).finish(),
        );
      }
      case '/cosmos.bank.v1beta1.Query/Params':
        return ok(BankParamsResponse.encode({ params: { sendEnabled: [], defaultSendEnabled: true } }).finish());
      case '/cosmos.bank.v1beta1.Query/DenomsMetadata':
        return ok(
          QueryDenomsMetadataResponse.encode({
            metadatas: [this.metadata()],
            pagination: { nextKey: new Uint8Array(0), total: 1n },
          }).finish(),
        );
      case '/cosmos.bank.v1beta1.Query/DenomMetadata': {
        const { denom } = QueryDenomMetadataRequest.decode(req.data);
        if (denom !== 'nicoin')
          return fail(22, `rpc error: code = NotFound desc = client metadata for denom ${denom}: key not found`);
        return ok(QueryDenomMetadataResponse.encode({ metadata: this.metadata() }).finish());
      }
      case '/cosmos.tx.v1beta1.Service/Simulate': {
        const { txBytes } = SimulateRequest.decode(req.data);
        try {
          TxBody.decode(TxRaw.decode(txBytes).bodyBytes);
        } catch {
          return fail(
            6,
            "rpc error: code = Unknown desc = tx parse error With gas wanted: '18446744073709551615' and gas used: '0' : unknown request",
          );
        }
        if (txBytes.length < 10)
          return fail(
            6,
            "rpc error: code = Unknown desc = tx parse error With gas wanted: '18446744073709551615' and gas used: '0' : unknown request",
          );
        const r = okResult(ALICE, BOB, '1');
        return ok(
          SimulateResponse.encode({
            gasInfo: { gasWanted: 18446744073709551615n, gasUsed: 61234n },
            result: {
              data: new Uint8Array(0),
              log: '',
              events: r.events.map((e) => ({ type: e.type, attributes: e.attributes })),
              msgResponses: TxMsgData.decode(r.data).msgResponses,
            },
          }).finish(),
        );
      }
      default:
        return fail(6, 'unknown query path: unknown request');
    }
  }

  private metadata() {
    return {
      description: 'The native token',
      denomUnits: [
        { denom: 'nicoin', exponent: 0, aliases: [] },
        { denom: 'icon', exponent: 9, aliases: [] },
      ],
      base: 'nicoin',
      display: 'icon',
      name: 'Race',
      symbol: 'ICON',
      uri: '',
      uriHash: '',
    };
  }

  checkTx(tx: Uint8Array): CheckTxResult {
    if (tx.length < 10)
      return { code: 2, codespace: 'sdk', log: 'tx parse error', gasWanted: 0n, gasUsed: 0n, events: [] };
    return { code: 0, codespace: '', log: '', gasWanted: 100000n, gasUsed: 40000n, events: [] };
  }

  broadcastTx(tx: Uint8Array): CheckTxResult {
    const res = this.checkTx(tx);
    if (res.code !== 0) return res;
    if (this.mempool.some((t) => Buffer.from(t).equals(Buffer.from(tx)))) throw new Error('tx already exists in cache');
    this.mempool.push(tx);
    if (this.autoCommit) setImmediate(() => this.commitMempool());
    return res;
  }

  commitMempool(): void {
    const items = this.mempool.splice(0).map((tx) => ({ tx, ok: true }));
    this.produceBlock(items);
  }

  earliestHeight(): number {
    return 1;
  }

  latestHeight(): number {
    return this.blocks.length;
  }

  blockAt(height: number): StoredBlock | undefined {
    return this.blocks[height - 1];
  }

  blockByHash(hash: Uint8Array): StoredBlock | undefined {
    return this.blocks.find((b) => Buffer.from(b.blockId.hash).equals(Buffer.from(hash)));
  }

  commitAt(height: number): CommitView | undefined {
    const next = this.blocks[height];
    if (next) return { commit: next.block.lastCommit, canonical: true };
    const b = this.blocks[height - 1];
    if (!b) return undefined;
    const seen = {
      blockIdFlag: BlockIdFlag.Commit,
      validatorAddress: VAL_ADDRESS,
      timestampNs: b.block.header.timeNs + SECOND,
      signature: bytes(64, 1),
    };
    return { commit: { height, round: 0, blockId: b.blockId, signatures: [seen] }, canonical: false };
  }

  blockResults(height: number): FinalizeBlockResponse | undefined {
    return this.results[height - 1];
  }

  validators(height: number): Validator[] | undefined {
    return height >= 1 && height <= this.blocks.length + 1 ? [validator] : undefined;
  }

  genesis(): GenesisView {
    return {
      genesisTime: '2026-11-19T08:53:20Z',
      chainId: CHAIN_ID,
      initialHeight: 1,
      validators: [{ address: VAL_ADDRESS, pubKey: VAL_PUBKEY, power: 10n, name: 'fake' }],
      appHash: new Uint8Array(0),
      appState: { bank: { balances: [] } },
    };
  }

  consensusParams(): ConsensusParamsView | undefined {
    return undefined;
  }

  txByHash(hash: Uint8Array): IndexedTx | undefined {
    return this.txs.find((t) => Buffer.from(t.hash).equals(Buffer.from(hash)));
  }

  txSearch(req: TxSearchRequest): TxSearchResult {
    const all = this.txs.filter((t) => matchQuery(req.query, renderEventTags({ type: 'Tx', tx: t })));
    if (req.orderBy === 'desc') all.reverse();
    const start = (req.page - 1) * req.perPage;
    return { txs: all.slice(start, start + req.perPage), totalCount: all.length };
  }

  unconfirmedTxs(limit: number): UnconfirmedTxsView {
    return {
      txs: this.mempool.slice(0, limit),
      total: this.mempool.length,
      totalBytes: this.mempool.reduce((s, t) => s + t.length, 0),
    };
  }

  netInfo(): NetInfoView {
    return { listening: true, listeners: ['Listener(@tcp://0.0.0.0:26656)'], peers: [] };
  }

  subscribe(subscriber: string, query: string, onEvent: (ev: RpcEvent) => void): void {
    matchQuery(query, {}); // throws on a malformed query
    const list = this.subs.get(subscriber) ?? [];
    if (list.some((s) => s.query === query)) throw new Error('already subscribed');
    list.push({ query, onEvent });
    this.subs.set(subscriber, list);
  }

  unsubscribe(subscriber: string, query: string): void {
    const list = (this.subs.get(subscriber) ?? []).filter((s) => s.query !== query);
    if (list.length > 0) this.subs.set(subscriber, list);
    else this.subs.delete(subscriber);
  }

  unsubscribeAll(subscriber: string): void {
    this.subs.delete(subscriber);
  }
}
