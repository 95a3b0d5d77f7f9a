/**
 * JSON-RPC 2.0 envelope handling shared by HTTP POST, the GET URI form and the websocket: validates requests and
 * batches, dispatches to the method table and turns every failure into an error object (a handler never throws out).
 */
import type { Logger } from '../../chain/util/log.js';
import type { RpcMetrics } from './backend.js';
import { RpcCode, RpcError, toRpcError, type RpcErrorObject } from './errors.js';
import type { MethodSpec, SubscriptionScope } from './methods.js';
import { normalizeParams } from './params.js';

export type JsonRpcId = string | number | null;

export interface JsonRpcResponse {
  jsonrpc: '2.0';
  id: JsonRpcId;
  result?: unknown;
  error?: RpcErrorObject;
}

export interface DispatcherDeps {
  methods: Map<string, MethodSpec>;
  log: Logger;
  metrics?: RpcMetrics;
  /** Monotonic milliseconds, for latency metrics. */
  now?: () => number;
}

export interface DispatcherOpts {
  maxBatch: number;
}

/** Where a request came from; only websocket connections can subscribe. */
export interface Transport {
  subscriptions?: SubscriptionScope;
}

export function errorResponse(id: JsonRpcId, err: RpcError): JsonRpcResponse {
  return { jsonrpc: '2.0', id, error: err.toJSON() };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function validId(v: unknown): v is JsonRpcId {
  return v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

export class Dispatcher {
  private readonly now: () => number;

  constructor(
    private readonly opts: DispatcherOpts,
    private readonly deps: DispatcherDeps,
  ) {
    this.now = deps.now ?? (() => performance.now());
  }

  /** A request body or websocket message: the response to send, or undefined when nothing is due (notifications). */
  async handleText(text: string, transport: Transport = {}): Promise<JsonRpcResponse | JsonRpcResponse[] | undefined> {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      return errorResponse(null, new RpcError(RpcCode.ParseError, `error unmarshaling request: ${detail}`));
    }
    return this.handleValue(value, transport);
  }

  async handleValue(
    value: unknown,
    transport: Transport = {},
  ): Promise<JsonRpcResponse | JsonRpcResponse[] | undefined> {
    if (!Array.isArray(value)) return this.handleRequest(value, transport);
    if (value.length === 0) return errorResponse(null, new RpcError(RpcCode.InvalidRequest, 'empty batch'));
    if (value.length > this.opts.maxBatch) {
      return errorResponse(
        null,
        new RpcError(
          RpcCode.InvalidRequest,
          `batch of ${value.length} requests exceeds the limit of ${this.opts.maxBatch}`,
        ),
      );
    }
    const out: JsonRpcResponse[] = [];
    // In order, one at a time, as CometBFT does: a batch of broadcasts keeps its order.
    for (const req of value) {
      const res = await this.handleRequest(req, transport);
      if (res) out.push(res);
    }
    return out.length > 0 ? out : undefined;
  }

  private async handleRequest(req: unknown, transport: Transport): Promise<JsonRpcResponse | undefined> {
    if (!isObject(req))
      return errorResponse(null, new RpcError(RpcCode.InvalidRequest, 'a request must be a JSON object'));
    if (!('id' in req)) return undefined; // a notification: JSON-RPC forbids a reply and CometBFT skips them
    if (!validId(req.id))
      return errorResponse(null, new RpcError(RpcCode.InvalidRequest, 'id must be a string, a number or null'));
    const id = req.id;
    if (req.jsonrpc !== '2.0') return errorResponse(id, new RpcError(RpcCode.InvalidRequest, 'jsonrpc must be "2.0"'));
    if (typeof req.method !== 'string' || req.method === '') {
      return errorResponse(id, new RpcError(RpcCode.InvalidRequest, 'method must be a non-empty string'));
    }
    return this.call(req.method, req.params, id, transport);
  }

  /** Runs one method; `params` may be an object, an array (positional) or absent. */
  async call(method: string, params: unknown, id: JsonRpcId, transport: Transport = {}): Promise<JsonRpcResponse> {
    const spec = this.deps.methods.get(method);
    if (!spec)
      return errorResponse(
        id,
        new RpcError(RpcCode.MethodNotFound, `method ${JSON.stringify(method.slice(0, 100))} not found`),
      );
    const started = this.now();
    try {
      const args = normalizeParams(params, spec.args);
      const result = await spec.call(args, { requestId: id, subscriptions: transport.subscriptions });
      return { jsonrpc: '2.0', id, result };
    } catch (err) {
      // Programming errors deserve attention; backend refusals ("tx already exists in cache") are routine.
      const bug = err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError;
      if (bug) this.deps.log.warn({ err, method }, 'rpc method failed');
      else this.deps.log.debug({ err, method }, 'rpc method returned an error');
      return errorResponse(id, toRpcError(err));
    } finally {
      this.deps.metrics?.observeRpc(method, (this.now() - started) / 1000);
    }
  }

  has(method: string): boolean {
    return this.deps.methods.has(method);
  }

  methodNames(): string[] {
    return [...this.deps.methods.keys()].sort();
  }

  argsOf(method: string): readonly string[] {
    return this.deps.methods.get(method)?.args ?? [];
  }

  isWsOnly(method: string): boolean {
    return this.deps.methods.get(method)?.wsOnly === true;
  }
}
