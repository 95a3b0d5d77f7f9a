import { TxMsgData } from 'cosmjs-types/cosmos/base/abci/v1beta1/abci';
import { SimulateRequest, SimulateResponse } from 'cosmjs-types/cosmos/tx/v1beta1/service';
import { Any } from 'cosmjs-types/google/protobuf/any';
import type {
  AppInfo,
  Application,
  CheckTxResult,
  ExecTxResult,
  FinalizeBlockRequest,
  FinalizeBlockResponse,
  InitChainRequest,
  InitChainResponse,
  MempoolApplication,
  QueryRequest,
  QueryResponse,
  ValidatorUpdate,
} from '../abci.js';
import type { BatchOp } from '../store/db.js';
import { CacheStore } from '../store/cache.js';
import type { CommitStore } from '../store/commit-store.js';
import { Errors, SdkError, toSdkError } from '../types/errors.js';
import { event, EventManager, type AbciEvent } from '../types/events.js';
import type { Logger } from '../util/log.js';
import { Context, type BlockInfo, type ExecMode } from './context.js';
import { MAX_UINT64, newGasMeter, newInfiniteGasMeter, type GasMeter } from '../tx/gas.js';
import { decodeTx } from '../tx/decode.js';
import type { MsgRegistry } from '../tx/registry.js';
import { simulateRequestTxBytes } from '../tx/simulate.js';
import type { AppModule } from './module.js';
import { MsgServiceRouter, QueryError, QueryRouter } from './router.js';
import type { AppTx, DecodedMsg } from './tx-types.js';
import type { VerifyJob } from '../crypto/verify-cache.js';

/** Runs the checks every tx must pass before its messages (signatures, sequence, fee): the auth module's ante chain. */
export type AnteHandler = (ctx: Context, tx: AppTx, opts: { simulate: boolean }) => void;

/** Signature pre-verification: which signatures a tx needs (read from a state) and a batch verifier that caches them. */
export interface PreVerifier {
  jobs: (ctx: Context, tx: AppTx) => VerifyJob[];
  verifyMany: (jobs: VerifyJob[]) => Promise<void>;
}

export interface BaseAppOpts {
  name: string;
  version: string;
  chainId: string;
}

export interface BaseAppDeps {
  store: CommitStore;
  modules: AppModule[];
  /** The tx decoder's registry; every module's messages are registered into it through the router. */
  registry: MsgRegistry;
  maxTxBytes?: number;
  anteHandler: AnteHandler;
  log: Logger;
  /** When given, blocks and mempool batches have their signatures verified in parallel before they execute. */
  preVerifier?: PreVerifier;
  /** Extra writes that must land atomically with a block's state: its results and tx index. */
  commitOps?: (height: number, txs: Uint8Array[], response: FinalizeBlockResponse) => BatchOp[];
}

/** Decoded txs kept: a few blocks' worth, so CheckTx's decoding serves the block that includes the tx. */
const DECODED_TXS_MAX = 20_000;

interface PendingBlock {
  height: number;
  txs: Uint8Array[];
  changes: Array<[string, Uint8Array | null]>;
  response: FinalizeBlockResponse;
}

/**
 * The application side of ABCI: module manager, tx execution with the SDK's semantics (ante, then messages on a
 * branch that is dropped on failure, while fee and sequence stay paid), queries and simulation.
 */
export class BaseApp implements Application, MempoolApplication {
  readonly msgs: MsgServiceRouter;
  readonly queries = new QueryRouter();
  private checkState: CacheStore;
  private deliverState: CacheStore | undefined;
  private pending: PendingBlock | undefined;
  private lastBlock: BlockInfo;
  /** Decoded txs by their bytes: a tx is decoded at pre-verification, CheckTx and DeliverTx, and decoding is pure. */
  private readonly decoded = new Map<string, AppTx>();

  constructor(
    private readonly opts: BaseAppOpts,
    private readonly deps: BaseAppDeps,
  ) {
    this.msgs = new MsgServiceRouter(deps.registry);
    for (const m of deps.modules) m.registerServices({ msgs: this.msgs, queries: this.queries });
    this.checkState = new CacheStore(deps.store.base());
    this.lastBlock = {
      chainId: opts.chainId,
      height: deps.store.lastCommit().height,
      timeNs: 0n,
      proposerAddress: new Uint8Array(0),
    };
    this.queries.register('/cosmos.tx.v1beta1.Service/Simulate', (_ctx, req) => this.simulateQuery(req));
  }

  get chainId(): string {
    return this.opts.chainId;
  }

  info(): AppInfo {
    const last = this.deps.store.lastCommit();
    return {
      data: this.opts.name,
      version: this.opts.version,
      appVersion: 1n,
      lastBlockHeight: last.height,
      lastBlockAppHash: last.appHash,
    };
  }

  /** Restores the last block's time after a restart, so queries and CheckTx see the chain's clock (finalizeBlock keeps it current from then on). */
  setLastBlockInfo(info: Partial<BlockInfo>): void {
    this.lastBlock = { ...this.lastBlock, ...info };
  }

  async initChain(req: InitChainRequest): Promise<InitChainResponse> {
    if (req.chainId !== this.opts.chainId)
      throw new Error(`genesis chain id ${req.chainId} does not match the app's ${this.opts.chainId}`);
    let appState: Record<string, unknown>;
    try {
      appState = req.appStateJson.trim() === '' ? {} : (JSON.parse(req.appStateJson) as Record<string, unknown>);
    } catch (e) {
      throw new Error(`genesis app_state is not valid JSON: ${(e as Error).message}`, { cause: e });
    }
    if (typeof appState !== 'object' || appState === null || Array.isArray(appState))
      throw new Error('genesis app_state must be a JSON object');
    this.deliverState = new CacheStore(this.deps.store.base());
    const block: BlockInfo = {
      chainId: req.chainId,
      height: req.initialHeight,
      timeNs: req.timeNs,
      proposerAddress: new Uint8Array(0),
    };
    const ctx = new Context(
      this.deliverState,
      block,
      newInfiniteGasMeter(),
      new EventManager(),
      'genesis',
      this.deps.log,
    );
    const validators: ValidatorUpdate[] = [];
    for (const m of this.deps.modules) {
      const g = appState[m.name] ?? m.defaultGenesis();
      try {
        const vu = m.initGenesis(ctx, g);
        if (vu) validators.push(...vu);
      } catch (e) {
        throw new Error(`genesis of module ${m.name} is invalid: ${(e as Error).message}`, { cause: e });
      }
    }
    const appHash = this.deps.store.stage(this.deliverState.changes());
    this.lastBlock = { ...block, height: req.initialHeight - 1 };
    return { validators, appHash };
  }

  /** The app_state of a genesis file that reproduces the current state (the exact inverse of initChain). */
  exportGenesis(): Record<string, unknown> {
    const ctx = this.queryContext();
    const out: Record<string, unknown> = {};
    for (const m of this.deps.modules) out[m.name] = m.exportGenesis(ctx);
    return out;
  }

  checkTx(tx: Uint8Array, kind: 'new' | 'recheck'): CheckTxResult {
    const r = this.runTx(kind === 'new' ? 'check' : 'recheck', tx, this.checkState, this.nextBlockInfo());
    return {
      code: r.code,
      codespace: r.codespace,
      log: r.log,
      gasWanted: r.gasWanted,
      gasUsed: r.gasUsed,
      events: r.events,
    };
  }

  prepareProposal(req: { height: number; maxTxBytes: number; txs: Uint8Array[] }): Uint8Array[] {
    const out: Uint8Array[] = [];
    let bytes = 0;
    for (const tx of req.txs) {
      if (bytes + tx.length > req.maxTxBytes) break;
      out.push(tx);
      bytes += tx.length;
    }
    return out;
  }

  processProposal(_req: { height: number; txs: Uint8Array[]; proposerAddress: Uint8Array }): boolean {
    // Undecodable txs are still valid block content: they fail in DeliverTx with code 2, as in the SDK.
    return true;
  }

  /**
   * Verifies the txs' signatures concurrently (off the main thread where the verifier can) and caches the valid ones,
   * so that running the txs in order afterwards finds them verified. Reads accounts from the committed state
   * ('block') or from CheckTx's state ('check'). Only fills a cache: results are those of serial execution, and a tx
   * that fails to decode or names an unknown account is simply left to runTx.
   */
  async preVerify(txs: readonly Uint8Array[], from: 'block' | 'check'): Promise<void> {
    const pv = this.deps.preVerifier;
    if (!pv || txs.length === 0) return;
    const block = from === 'block' ? { ...this.lastBlock, height: this.lastBlock.height + 1 } : this.nextBlockInfo();
    const state = new CacheStore(from === 'block' ? (this.deliverState ?? this.deps.store.base()) : this.checkState);
    const ctx = new Context(state, block, newInfiniteGasMeter(), new EventManager(), 'query', this.deps.log);
    const jobs: VerifyJob[] = [];
    for (const bytes of txs) {
      try {
        const tx = this.decode(bytes);
        jobs.push(...pv.jobs(ctx, tx));
      } catch {
        // runTx reports it
      }
    }
    await pv.verifyMany(jobs);
  }

  async finalizeBlock(req: FinalizeBlockRequest): Promise<FinalizeBlockResponse> {
    await this.preVerify(req.txs, 'block');
    const state = this.deliverState ?? new CacheStore(this.deps.store.base());
    this.deliverState = state;
    const block: BlockInfo = {
      chainId: this.opts.chainId,
      height: req.height,
      timeNs: req.timeNs,
      proposerAddress: req.proposerAddress,
      hash: req.hash,
      misbehavior: req.misbehavior,
    };
    const blockEvents: AbciEvent[] = [];
    const validatorUpdates: ValidatorUpdate[] = [];
    for (const m of this.deps.modules) {
      if (m.beginBlock)
        blockEvents.push(...this.runHook(state, block, m.name, 'BeginBlock', (ctx) => m.beginBlock!(ctx)).events);
    }

    const txResults = req.txs.map((tx) => this.runTx('deliver', tx, state, block));

    for (const m of this.deps.modules) {
      if (!m.endBlock) continue;
      const r = this.runHook(state, block, m.name, 'EndBlock', (ctx) => m.endBlock!(ctx));
      blockEvents.push(...r.events);
      validatorUpdates.push(...r.validatorUpdates);
    }

    const changes = state.changes();
    const appHash = this.deps.store.stage(changes);
    const response: FinalizeBlockResponse = { events: blockEvents, txResults, validatorUpdates, appHash };
    this.pending = { height: req.height, txs: req.txs, changes, response };
    this.lastBlock = block;
    return response;
  }

  async commit(): Promise<void> {
    const p = this.pending;
    if (!p) throw new Error('commit without a finalized block');
    const extra = this.deps.commitOps ? this.deps.commitOps(p.height, p.txs, p.response) : [];
    await this.deps.store.commit(p.height, p.changes, extra);
    this.pending = undefined;
    this.deliverState = undefined;
  }

  /** Starts CheckTx over from the committed state (MempoolApplication: when and why the mempool calls it). */
  resetCheckState(): void {
    this.checkState = new CacheStore(this.deps.store.base());
  }

  async query(req: QueryRequest): Promise<QueryResponse> {
    const height = this.deps.store.lastCommit().height;
    const base = { info: '', index: 0n, key: null, height };
    if (req.height !== 0 && req.height !== height) {
      const e = Errors.InvalidRequest.wrap(
        `historical state is not kept: only the latest height ${height} can be queried, not ${req.height}`,
      );
      return { ...base, code: e.code, codespace: e.codespace, log: e.message, value: null };
    }
    try {
      const handler = this.queries.route(req.path);
      if (!handler) {
        const e = Errors.UnknownRequest.wrap('unknown query path');
        return { ...base, code: e.code, codespace: e.codespace, log: e.message, value: null };
      }
      return { ...base, code: 0, codespace: '', log: '', value: handler(this.queryContext(), req.data) };
    } catch (err) {
      const e =
        err instanceof QueryError
          ? err.toSdk()
          : err instanceof SdkError
            ? err
            : new QueryError(2, (err as Error).message).toSdk();
      return { ...base, code: e.code, codespace: e.codespace, log: e.message, value: null };
    }
  }

  /** A read-only view of the committed state, for queries and export. */
  queryContext(): Context {
    return new Context(
      new CacheStore(this.deps.store.base()),
      this.lastBlock,
      newInfiniteGasMeter(),
      new EventManager(),
      'query',
      this.deps.log,
    );
  }

  /** Runs invariants of every module against the committed state; returns the broken ones. */
  checkInvariants(): string[] {
    const ctx = this.queryContext();
    const broken: string[] = [];
    for (const m of this.deps.modules) {
      for (const inv of m.invariants?.() ?? []) {
        const msg = inv.check(ctx);
        if (msg) broken.push(`${m.name}/${inv.name}: ${msg}`);
      }
    }
    return broken;
  }

  private decode(bytes: Uint8Array): AppTx {
    const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    let tx = this.decoded.get(key);
    if (!tx) {
      tx = decodeTx(bytes, { registry: this.deps.registry, maxTxBytes: this.deps.maxTxBytes });
      if (this.decoded.size >= DECODED_TXS_MAX) this.decoded.delete(this.decoded.keys().next().value!);
      this.decoded.set(key, tx);
    }
    return tx;
  }

  private nextBlockInfo(): BlockInfo {
    return { ...this.lastBlock, height: this.deps.store.lastCommit().height + 1 };
  }

  /**
   * One module's block hook on its own branch of the block's state: on success its writes, events and validator
   * updates are kept; on a throw all of them are dropped, the failure is logged and reported by a block_hook_error
   * event, and the block goes on. This is the one place hooks are made atomic: a hook never halts the chain, and
   * never leaves half of its writes behind.
   */
  private runHook(
    state: CacheStore,
    block: BlockInfo,
    module: string,
    hook: 'BeginBlock' | 'EndBlock',
    fn: (ctx: Context) => ValidatorUpdate[] | void,
  ): { events: AbciEvent[]; validatorUpdates: ValidatorUpdate[] } {
    const root = new Context(state, block, newInfiniteGasMeter(), new EventManager(), 'block', this.deps.log);
    const { ctx, commit } = root.branch();
    try {
      const validatorUpdates = fn(ctx) ?? [];
      commit();
      return { events: withMode(root.events.events(), hook), validatorUpdates };
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      this.deps.log.error(
        { module, hook, err: error },
        'block hook failed: its writes, events and validator updates are discarded',
      );
      root.events.emit(
        event('block_hook_error', [
          ['module', module],
          ['hook', hook],
          ['error', error],
        ]),
      );
      return { events: withMode(root.events.events(), hook), validatorUpdates: [] };
    }
  }

  private simulateQuery(request: Uint8Array): Uint8Array {
    const req = SimulateRequest.decode(request);
    const txBytes = simulateRequestTxBytes(req);
    const sim = new CacheStore(this.checkState);
    const r = this.runTx('simulate', txBytes, sim, this.nextBlockInfo());
    if (r.code !== 0) {
      throw Errors.UnknownRequest.wrap(
        `rpc error: code = Unknown desc = ${r.log} With gas wanted: '${MAX_UINT64}' and gas used: '${r.gasUsed}' `,
      );
    }
    const msgResponses = r.data.length > 0 ? TxMsgData.decode(r.data).msgResponses : [];
    return SimulateResponse.encode({
      gasInfo: { gasWanted: MAX_UINT64, gasUsed: r.gasUsed },
      result: {
        data: new Uint8Array(),
        log: '',
        events: r.events.map((e) => ({ type: e.type, attributes: e.attributes })),
        msgResponses,
      },
    }).finish();
  }

  /** The SDK's runTx: decode, ante on a branch, then all messages on another branch; only the ante's effects survive a message failure. */
  runTx(mode: ExecMode, bytes: Uint8Array, state: CacheStore, block: BlockInfo): ExecTxResult {
    let gasWanted = 0n;
    let meter: GasMeter = newInfiniteGasMeter();
    const result = (err: unknown, events: AbciEvent[] = []): ExecTxResult => {
      const e = toSdkError(err);
      if (e.codespace === 'undefined') this.deps.log.warn({ err: e.message, mode }, 'tx failed with an internal error');
      return {
        code: e.code,
        codespace: e.codespace,
        log: e.message,
        info: '',
        data: new Uint8Array(),
        gasWanted,
        gasUsed: meter.consumed(),
        events,
      };
    };
    let tx: AppTx;
    try {
      tx = this.decode(bytes);
    } catch (e) {
      return result(e);
    }
    gasWanted = tx.fee?.gasLimit ?? 0n;
    const simulate = mode === 'simulate';
    meter = simulate ? newInfiniteGasMeter() : newGasMeter(gasWanted);
    const rootEvents = new EventManager();
    const ctx = new Context(state, block, meter, rootEvents, mode, this.deps.log);

    const msgs: DecodedMsg[] = tx.msgs;
    const ante = ctx.branch();
    try {
      this.deps.anteHandler(ante.ctx, tx, { simulate });
      ante.commit();
    } catch (e) {
      return result(e);
    }
    const anteEvents = rootEvents.events();
    if (mode === 'check' || mode === 'recheck') {
      return {
        code: 0,
        codespace: '',
        log: '',
        info: '',
        data: new Uint8Array(),
        gasWanted,
        gasUsed: meter.consumed(),
        events: anteEvents,
      };
    }

    const run = ctx.branch();
    const responses: Any[] = [];
    for (let i = 0; i < msgs.length; i++) {
      const m = msgs[i]!;
      const route = this.msgs.route(m.typeUrl)!;
      try {
        const msgEvents = new EventManager();
        const signers = route.getSigners(m.msg);
        msgEvents.emit({
          type: 'message',
          attributes: [
            { key: 'action', value: m.typeUrl, index: true },
            { key: 'sender', value: signers[0] ?? '', index: true },
            { key: 'module', value: route.module, index: true },
            { key: 'msg_index', value: String(i), index: true },
          ].filter((a) => a.value !== ''),
        });
        const handlerEvents = new EventManager();
        const res = route.handler(run.ctx.withEvents(handlerEvents), m.msg);
        for (const ev of handlerEvents.events()) {
          msgEvents.emit({
            type: ev.type,
            attributes: [...ev.attributes, { key: 'msg_index', value: String(i), index: true }],
          });
        }
        run.ctx.events.emitAll(msgEvents.events());
        responses.push(Any.fromPartial({ typeUrl: res.typeUrl, value: res.value }));
      } catch (e) {
        const err = toSdkError(e);
        // The SDK's meter panics past its limit and runTx recovers it outside runMsgs: no message-index prefix.
        if (err.is(Errors.OutOfGas) && meter.isPastLimit()) return result(err, anteEvents);
        return result(
          new SdkError(
            err.codespace,
            err.code,
            err.description,
            `failed to execute message; message index: ${i}: ${err.message}`,
          ),
          anteEvents,
        );
      }
    }
    if (meter.consumed() > gasWanted && !simulate) {
      return result(
        Errors.OutOfGas.wrap(
          `out of gas in location: txExecution; gasWanted: ${gasWanted}, gasUsed: ${meter.consumed()}`,
        ),
        anteEvents,
      );
    }
    run.commit();
    const data = TxMsgData.encode({ data: [], msgResponses: responses }).finish();
    return {
      code: 0,
      codespace: '',
      log: '',
      info: '',
      data,
      gasWanted,
      gasUsed: meter.consumed(),
      events: rootEvents.events(),
    };
  }
}

function withMode(events: AbciEvent[], mode: string): AbciEvent[] {
  return events.map((e) => ({
    type: e.type,
    attributes: [...e.attributes, { key: 'mode', value: mode, index: true }],
  }));
}
