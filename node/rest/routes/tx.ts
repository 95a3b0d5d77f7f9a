/**
 * cosmos.tx.v1beta1.Service over REST: simulate (the app's Simulate ABCI query), broadcast (the node's mempool
 * CheckTx, the same path as RPC broadcast_tx_*), GetTx and GetTxsEvent (the node's tx index).
 */
import { SimulateRequest, SimulateResponse } from 'cosmjs-types/cosmos/tx/v1beta1/service';
import type { IndexedTx } from '../../rpc/backend.js';
import { tryBase64, tryHex } from '../../rpc/encoding.js';
import type { RestContext } from '../context.js';
import { badRequest, Grpc, notFound, RestError } from '../errors.js';
import { renderBroadcastResponse, renderTx, renderTxResponse } from '../render-tx.js';
import type { Route } from '../router.js';

const BROADCAST_MODES: Record<string, 'sync' | 'async' | 'block' | 'unspecified'> = {
  BROADCAST_MODE_UNSPECIFIED: 'unspecified',
  '0': 'unspecified',
  BROADCAST_MODE_BLOCK: 'block',
  '1': 'block',
  BROADCAST_MODE_SYNC: 'sync',
  '2': 'sync',
  BROADCAST_MODE_ASYNC: 'async',
  '3': 'async',
};

/** The SDK's CheckCometError: mempool refusals become a TxResponse with an SDK code, not an HTTP error. */
const MEMPOOL_REFUSALS: Array<[RegExp, number]> = [
  [/tx already exists in cache/i, 19],
  [/mempool is full/i, 20],
  [/tx too large/i, 21],
];

/** `tx_bytes` of a JSON body: standard or URL-safe base64, as the gateway's []byte decoding accepts. */
function txBytesOf(body: Record<string, unknown>): Uint8Array {
  const v = body.tx_bytes ?? body.txBytes;
  if (v === undefined || v === null || v === '') {
    if (body.tx !== undefined)
      throw badRequest('the JSON "tx" field is not supported: send the signed tx as base64 "tx_bytes"');
    throw badRequest('invalid empty tx: tx_bytes is required');
  }
  if (typeof v !== 'string') throw badRequest('tx_bytes must be a base64 string');
  const std = v.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = tryBase64(std.length % 4 === 0 ? std : std + '='.repeat(4 - (std.length % 4)));
  if (!bytes || bytes.length === 0) throw badRequest('tx_bytes is not valid base64');
  return bytes;
}

function broadcastMode(body: Record<string, unknown>): 'sync' | 'async' {
  const raw = body.mode;
  const mode = raw === undefined || raw === null ? 'unspecified' : BROADCAST_MODES[String(raw)];
  if (mode === 'sync' || mode === 'async') return mode;
  if (mode === 'block') {
    throw badRequest(
      'BROADCAST_MODE_BLOCK is not supported (removed in Cosmos SDK 0.47): use BROADCAST_MODE_SYNC and poll GET /cosmos/tx/v1beta1/txs/{hash}',
    );
  }
  if (mode === 'unspecified') throw badRequest('mode is required: BROADCAST_MODE_SYNC or BROADCAST_MODE_ASYNC');
  throw badRequest(`unknown broadcast mode ${JSON.stringify(String(raw).slice(0, 60))}`);
}

async function broadcast(ctx: RestContext, txBytes: Uint8Array, mode: 'sync' | 'async') {
  let check;
  try {
    check = await ctx.backend.broadcastTx(txBytes);
  } catch (e) {
    const message = (e as Error).message;
    const refusal = MEMPOOL_REFUSALS.find(([re]) => re.test(message));
    if (refusal)
      return {
        tx_response: { ...renderBroadcastResponse(txBytes, { code: refusal[1], codespace: 'sdk', log: message }) },
      };
    throw new RestError(Grpc.Unknown, message);
  }
  return { tx_response: mode === 'sync' ? renderBroadcastResponse(txBytes, check) : renderBroadcastResponse(txBytes) };
}

/** Block times for a page of txs, one block read per height. */
async function blockTimes(ctx: RestContext, txs: readonly IndexedTx[]): Promise<Map<number, bigint | undefined>> {
  const times = new Map<number, bigint | undefined>();
  for (const t of txs) {
    if (!times.has(t.height)) times.set(t.height, (await ctx.backend.blockAt(t.height))?.block.header.timeNs);
  }
  return times;
}

function positiveInt(v: string | null, name: string): number | undefined {
  if (v === null || v === '') return undefined;
  if (!/^[0-9]{1,9}$/.test(v))
    throw badRequest(`${name} must be a non-negative integer, got ${JSON.stringify(v.slice(0, 40))}`);
  return Number(v) || undefined;
}

/** The search of GetTxsEvent: `query` (SDK 0.50), or the older repeated `events` joined with AND. */
function searchQuery(q: URLSearchParams): string {
  const query = q.get('query');
  if (query) return query;
  const events = q.getAll('events').filter((e) => e !== '');
  if (events.length > 0) return events.join(' AND ');
  throw badRequest('query cannot be empty');
}

function orderBy(q: URLSearchParams): 'asc' | 'desc' {
  const v = q.get('order_by') ?? '';
  if (v === '' || v === 'ORDER_BY_UNSPECIFIED' || v === '0' || v === 'ORDER_BY_ASC' || v === '1') return 'asc';
  if (v === 'ORDER_BY_DESC' || v === '2') return 'desc';
  throw badRequest(`invalid order_by ${JSON.stringify(v.slice(0, 40))}: expected ORDER_BY_ASC or ORDER_BY_DESC`);
}

export function txRestRoutes(): Route[] {
  return [
    {
      method: 'POST',
      path: '/cosmos/tx/v1beta1/simulate',
      async handle(req, ctx) {
        const data = SimulateRequest.encode({ txBytes: txBytesOf(req.body) }).finish();
        return ctx.json.message(SimulateResponse, await ctx.query('/cosmos.tx.v1beta1.Service/Simulate', data));
      },
    },
    {
      method: 'POST',
      path: '/cosmos/tx/v1beta1/txs',
      async handle(req, ctx) {
        const txBytes = txBytesOf(req.body);
        return broadcast(ctx, txBytes, broadcastMode(req.body));
      },
    },
    {
      method: 'GET',
      path: '/cosmos/tx/v1beta1/txs/:hash',
      async handle(req, ctx) {
        const text = req.params.hash ?? '';
        const hash = tryHex(text);
        if (!hash || hash.length !== 32)
          throw badRequest(`invalid tx hash ${JSON.stringify(text.slice(0, 80))}: expected 64 hex characters`);
        const t = await ctx.backend.txByHash(hash);
        if (!t) throw notFound(`tx not found: ${text}`);
        const times = await blockTimes(ctx, [t]);
        return { tx: renderTx(t.tx, ctx.json), tx_response: renderTxResponse(t, times.get(t.height), ctx.json) };
      },
    },
    {
      method: 'GET',
      path: '/cosmos/tx/v1beta1/txs',
      async handle(req, ctx) {
        const q = req.query;
        const query = searchQuery(q);
        let limit =
          positiveInt(q.get('limit'), 'limit') ?? positiveInt(q.get('pagination.limit'), 'pagination.limit') ?? 100;
        limit = Math.min(limit, 100);
        const offset = positiveInt(q.get('pagination.offset'), 'pagination.offset');
        const page = positiveInt(q.get('page'), 'page') ?? (offset !== undefined ? Math.floor(offset / limit) + 1 : 1);
        let result;
        try {
          result = await ctx.backend.txSearch({ query, page, perPage: limit, orderBy: orderBy(q) });
        } catch (e) {
          throw badRequest((e as Error).message);
        }
        const times = await blockTimes(ctx, result.txs);
        return {
          txs: result.txs.map((t) => renderTx(t.tx, ctx.json)),
          tx_responses: result.txs.map((t) => renderTxResponse(t, times.get(t.height), ctx.json)),
          pagination: { next_key: null, total: String(result.totalCount) },
          total: String(result.totalCount),
        };
      },
    },
  ];
}
