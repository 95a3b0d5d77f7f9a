/**
 * The CometBFT 0.38 RPC methods: argument names in CometBFT's declared order (for positional params and the GET
 * form), parameter validation, backend calls and rendering. Transport-independent.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { IndexedTx, RpcBackend, StoredBlock } from './backend.js';
import { toHexUpper } from '../../chain/types/bytes.js';
import { internalError, invalidParams } from './errors.js';
import { optBool, optBytes, optInt, optString, reqBytes, reqHash, reqString, type Args } from './params.js';
import * as R from './render.js';
import type { JsonObject } from './render.js';

/** What a websocket connection offers to subscribe/unsubscribe; absent over HTTP. */
export interface SubscriptionScope {
  /** `requestId` tags every event frame of the subscription. */
  subscribe(query: string, requestId: string | number | null): Promise<void>;
  unsubscribe(query: string): Promise<void>;
  unsubscribeAll(): Promise<void>;
}

export interface MethodContext {
  requestId: string | number | null;
  subscriptions?: SubscriptionScope;
}

export interface MethodSpec {
  /** Argument names in CometBFT's order. */
  args: readonly string[];
  /** Only over the websocket (subscriptions). */
  wsOnly?: boolean;
  call(args: Args, ctx: MethodContext): Promise<unknown>;
}

export interface MethodOpts {
  /** How long broadcast_tx_commit waits for the tx to be included (CometBFT's timeout_broadcast_tx_commit). */
  timeoutBroadcastTxCommitMs: number;
}

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;
/** blockchain returns at most this many block metas. */
const MAX_BLOCKCHAIN_METAS = 20;
const MAX_QUERY_LENGTH = 512;
/** genesis larger than this must be fetched with genesis_chunked. */
const GENESIS_CHUNK_SIZE = 16 * 1024 * 1024;

function perPageOf(v: number | undefined): number {
  if (v === undefined || v < 1) return DEFAULT_PER_PAGE;
  return Math.min(v, MAX_PER_PAGE);
}

function checkPage(page: number, perPage: number, total: number): void {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (page <= 0 || page > pages) throw internalError(`page should be within [1, ${pages}] range, given ${page}`);
}

export function createMethods(backend: RpcBackend, opts: MethodOpts): Map<string, MethodSpec> {
  /** CometBFT's getHeight: absent → `latest`; otherwise within [base, latest]. */
  async function resolveHeight(h: number | undefined, latest?: number): Promise<number> {
    const top = latest ?? (await backend.latestHeight());
    if (h === undefined) return top;
    if (h <= 0) throw internalError(`height must be greater than 0, but got ${h}`);
    if (h > top) throw internalError(`height ${h} must be less than or equal to the current blockchain height ${top}`);
    const base = await backend.earliestHeight();
    if (h < base) throw internalError(`height ${h} is not available, lowest height is ${base}`);
    return h;
  }

  async function storedAt(height: number): Promise<StoredBlock> {
    const b = await backend.blockAt(height);
    if (!b) throw internalError(`block at height ${height} not found`);
    return b;
  }

  let genesisJson: string | undefined;
  async function genesisText(): Promise<string> {
    genesisJson ??= JSON.stringify(R.renderGenesis(await backend.genesis()).genesis);
    return genesisJson;
  }

  async function broadcastCommit(tx: Uint8Array): Promise<JsonObject> {
    const hash = sha256(tx);
    const subscriber = `broadcast_tx_commit/${toHexUpper(hash)}/${Math.random().toString(36).slice(2)}`;
    let onIncluded: (t: IndexedTx) => void = () => {};
    const included = new Promise<IndexedTx>((resolve) => (onIncluded = resolve));
    // Subscribe before CheckTx so that a tx included in the very next block is not missed.
    await backend.subscribe(subscriber, `tm.event='Tx' AND tx.hash='${toHexUpper(hash)}'`, (ev) => {
      if (ev.type === 'Tx') onIncluded(ev.tx);
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      const check = await backend.broadcastTx(tx);
      if (check.code !== 0) return R.renderBroadcastTxCommit(check, R.EMPTY_EXEC_TX_RESULT, hash, 0);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(internalError('timed out waiting for tx to be included in a block')),
          opts.timeoutBroadcastTxCommitMs,
        );
      });
      const t = await Promise.race([included, timeout]);
      return R.renderBroadcastTxCommit(check, t.result, hash, t.height);
    } finally {
      clearTimeout(timer);
      await backend.unsubscribeAll(subscriber);
    }
  }

  const m = new Map<string, MethodSpec>();
  const def = (name: string, args: readonly string[], call: MethodSpec['call'], wsOnly = false) =>
    m.set(name, { args, call, wsOnly });

  def('health', [], async () => ({}));
  def('status', [], async () =>
    R.renderStatus(await backend.nodeInfo(), await backend.syncInfo(), await backend.validatorInfo()),
  );
  def('net_info', [], async () => R.renderNetInfo(await backend.netInfo()));
  def('abci_info', [], async () => R.renderAbciInfo(await backend.abciInfo()));

  def('abci_query', ['path', 'data', 'height', 'prove'], async (a) => {
    const path = optString('path', a.path) ?? '';
    const data = optBytes('data', a.data, { hexDefault: true }) ?? new Uint8Array(0);
    const height = optInt('height', a.height) ?? 0;
    const prove = optBool('prove', a.prove) ?? false;
    if (height < 0) throw internalError(`height must be non-negative, got ${height}`);
    return R.renderAbciQuery(await backend.abciQuery({ path, data, height, prove }));
  });

  def('block', ['height'], async (a) => {
    const height = await resolveHeight(optInt('height', a.height));
    return R.renderBlockResponse(height > 0 ? await backend.blockAt(height) : undefined);
  });
  def('block_by_hash', ['hash'], async (a) =>
    R.renderBlockResponse(await backend.blockByHash(reqHash('hash', a.hash))),
  );
  def('header', ['height'], async (a) => {
    const height = await resolveHeight(optInt('height', a.height));
    return R.renderHeaderResponse(height > 0 ? await backend.blockAt(height) : undefined);
  });
  def('header_by_hash', ['hash'], async (a) =>
    R.renderHeaderResponse(await backend.blockByHash(reqHash('hash', a.hash))),
  );

  def('block_results', ['height'], async (a) => {
    const height = await resolveHeight(optInt('height', a.height));
    const res = height > 0 ? await backend.blockResults(height) : undefined;
    if (!res) throw internalError(`could not find results for height #${height}`);
    return R.renderBlockResults(height, res);
  });

  def('commit', ['height'], async (a) => {
    const height = await resolveHeight(optInt('height', a.height));
    const stored = await storedAt(height);
    const c = await backend.commitAt(height);
    if (!c) throw internalError(`commit for height ${height} not found`);
    return R.renderCommitResponse(stored.block.header, c);
  });

  def('blockchain', ['minHeight', 'maxHeight'], async (a) => {
    let min = optInt('minHeight', a.minHeight) ?? 0;
    let max = optInt('maxHeight', a.maxHeight) ?? 0;
    const height = await backend.latestHeight();
    const base = await backend.earliestHeight();
    if (min < 0 || max < 0) throw internalError('heights must be non-negative');
    if (min === 0) min = 1;
    if (max === 0) max = height;
    max = Math.min(height, max);
    min = Math.max(base, min, max - MAX_BLOCKCHAIN_METAS + 1);
    if (min > max) throw internalError(`min height ${min} can't be greater than max height ${max}`);
    const metas: StoredBlock[] = [];
    for (let h = max; h >= min; h--) {
      const b = await backend.blockAt(h);
      if (b) metas.push(b);
    }
    return R.renderBlockchain(height, metas);
  });

  def('validators', ['height', 'page', 'per_page'], async (a) => {
    const latest = await backend.latestHeight();
    const requested = optInt('height', a.height);
    // CometBFT already knows the next height's set: it is the default and may be asked for.
    const height =
      requested === undefined
        ? (await backend.validators(latest + 1))
          ? latest + 1
          : latest
        : await resolveHeight(requested, latest + 1);
    const vals = await backend.validators(height);
    if (!vals) throw internalError(`validator set for height ${height} not found`);
    const perPage = perPageOf(optInt('per_page', a.per_page));
    const page = optInt('page', a.page) ?? 1;
    checkPage(page, perPage, vals.length);
    const start = (page - 1) * perPage;
    return R.renderValidators(height, vals.slice(start, start + perPage), vals.length);
  });

  def('consensus_params', ['height'], async (a) => {
    const height = await resolveHeight(optInt('height', a.height));
    const p =
      (await backend.consensusParams(height)) ??
      (await backend.genesis()).consensusParams ??
      R.DEFAULT_CONSENSUS_PARAMS;
    return { block_height: String(height), consensus_params: R.renderConsensusParams(p) };
  });

  def('genesis', [], async () => {
    const text = await genesisText();
    if (text.length > GENESIS_CHUNK_SIZE)
      throw internalError('genesis response is large, please use the genesis_chunked API instead');
    return { genesis: JSON.parse(text) as unknown };
  });
  def('genesis_chunked', ['chunk'], async (a) => {
    const text = await genesisText();
    const total = Math.max(1, Math.ceil(text.length / GENESIS_CHUNK_SIZE));
    const chunk = optInt('chunk', a.chunk) ?? 0;
    if (chunk < 0 || chunk >= total) throw internalError(`there are ${total} chunks, ${chunk} is invalid`);
    const data = Buffer.from(text.slice(chunk * GENESIS_CHUNK_SIZE, (chunk + 1) * GENESIS_CHUNK_SIZE)).toString(
      'base64',
    );
    return { chunk: String(chunk), total: String(total), data };
  });

  def('tx', ['hash', 'prove'], async (a) => {
    const hash = reqHash('hash', a.hash);
    optBool('prove', a.prove);
    const t = await backend.txByHash(hash);
    if (!t) throw internalError(`tx (${toHexUpper(hash)}) not found`);
    return R.renderTx(t);
  });

  def('tx_search', ['query', 'prove', 'page', 'per_page', 'order_by'], async (a) => {
    const query = reqString('query', a.query);
    if (query.trim() === '') throw invalidParams('query must not be empty');
    if (query.length > MAX_QUERY_LENGTH) throw internalError('maximum query length exceeded');
    optBool('prove', a.prove);
    const orderBy = optString('order_by', a.order_by) ?? '';
    if (orderBy !== '' && orderBy !== 'asc' && orderBy !== 'desc') {
      throw internalError('expected order_by to be either `asc` or `desc` or empty');
    }
    const perPage = perPageOf(optInt('per_page', a.per_page));
    const page = optInt('page', a.page) ?? 1;
    if (page <= 0) throw internalError(`page must be 1 or greater, given ${page}`);
    const res = await backend.txSearch({ query, page, perPage, orderBy: orderBy === 'desc' ? 'desc' : 'asc' });
    checkPage(page, perPage, res.totalCount);
    return R.renderTxSearch(res.txs, res.totalCount);
  });

  def('check_tx', ['tx'], async (a) => R.renderCheckTx(await backend.checkTx(reqBytes('tx', a.tx))));
  def('broadcast_tx_sync', ['tx'], async (a) => {
    const tx = reqBytes('tx', a.tx);
    return R.renderBroadcastTx(await backend.broadcastTx(tx), sha256(tx));
  });
  def('broadcast_tx_async', ['tx'], async (a) => {
    const tx = reqBytes('tx', a.tx);
    // Async answers before CheckTx completes, as CometBFT does; the outcome is visible only in the mempool/blocks.
    void Promise.resolve()
      .then(() => backend.broadcastTx(tx))
      .catch(() => undefined);
    return R.renderBroadcastTx({ code: 0, log: '', codespace: '' }, sha256(tx));
  });
  def('broadcast_tx_commit', ['tx'], async (a) => broadcastCommit(reqBytes('tx', a.tx)));

  def('unconfirmed_txs', ['limit'], async (a) =>
    R.renderUnconfirmedTxs(await backend.unconfirmedTxs(perPageOf(optInt('limit', a.limit))), true),
  );
  def('num_unconfirmed_txs', [], async () => R.renderUnconfirmedTxs(await backend.unconfirmedTxs(0), false));

  const scope = (ctx: MethodContext): SubscriptionScope => {
    if (!ctx.subscriptions) throw internalError('subscriptions are only available over the websocket at /websocket');
    return ctx.subscriptions;
  };
  def(
    'subscribe',
    ['query'],
    async (a, ctx) => {
      const query = reqString('query', a.query);
      if (query.length > MAX_QUERY_LENGTH) throw internalError('maximum query length exceeded');
      await scope(ctx).subscribe(query, ctx.requestId);
      return {};
    },
    true,
  );
  def(
    'unsubscribe',
    ['query'],
    async (a, ctx) => {
      await scope(ctx).unsubscribe(reqString('query', a.query));
      return {};
    },
    true,
  );
  def(
    'unsubscribe_all',
    [],
    async (_a, ctx) => {
      await scope(ctx).unsubscribeAll();
      return {};
    },
    true,
  );

  return m;
}
