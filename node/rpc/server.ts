/**
 * The CometBFT 0.38-compatible RPC server: JSON-RPC 2.0 POST to "/", the GET URI form ("/block?height=5"), an
 * endpoint list at "GET /", and JSON-RPC plus subscriptions over a websocket at "/websocket".
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { WebSocketServer } from 'ws';
import type { Logger } from '../../chain/util/log.js';
import type { RpcBackend, RpcMetrics } from './backend.js';
import { RpcCode, RpcError } from './errors.js';
import { parseListenAddress } from '../../chain/types/listen-address.js';
import { applyCors, BodyTooLargeError, closeServer, listen, readBody, sendJson } from './http-util.js';
import { Dispatcher, errorResponse } from './jsonrpc.js';
import { createMethods } from './methods.js';
import { UriArg, type Args } from './params.js';
import { WsConnection, type SubscriberCount } from './websocket.js';

export interface RpcServerOpts {
  /** e.g. "tcp://127.0.0.1:26657"; port 0 picks a free port. */
  laddr: string;
  /** CometBFT's max_body_bytes (default 1 MB); also the largest websocket message. */
  maxBodyBytes?: number;
  /** Most requests in one batch (default 10). */
  maxBatch?: number;
  /** Origins allowed by CORS ("*" for any); none by default. */
  corsOrigins?: string[];
  maxOpenConnections?: number;
  maxSubscriptionClients?: number;
  maxSubscriptionsPerClient?: number;
  timeoutBroadcastTxCommitMs?: number;
  wsPingIntervalMs?: number;
  wsMaxBufferedBytes?: number;
}

export interface RpcServerDeps {
  backend: RpcBackend;
  log: Logger;
  metrics?: RpcMetrics;
  now?: () => number;
}

export interface RpcServerHandle {
  /** "HOST:PORT" actually bound. */
  address: string;
  /** "http://HOST:PORT", what clients connect to. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const DEFAULTS = {
  maxBodyBytes: 1_000_000,
  maxBatch: 10,
  maxOpenConnections: 900,
  maxSubscriptionClients: 100,
  maxSubscriptionsPerClient: 5,
  timeoutBroadcastTxCommitMs: 10_000,
  wsPingIntervalMs: 27_000,
  wsMaxBufferedBytes: 16 * 1024 * 1024,
};

/** The URI form's id, as CometBFT uses for GET requests. */
const URI_REQUEST_ID = -1;

function endpointList(dispatcher: Dispatcher, host: string): string {
  const link = (path: string) => `<a href="//${host}${path}">//${host}${path}</a></br>`;
  const plain = dispatcher.methodNames().filter((m) => !dispatcher.isWsOnly(m));
  const noArgs = plain.filter((m) => dispatcher.argsOf(m).length === 0).map((m) => link(`/${m}`));
  const withArgs = plain
    .filter((m) => dispatcher.argsOf(m).length > 0)
    .map((m) =>
      link(
        `/${m}?${dispatcher
          .argsOf(m)
          .map((a) => `${a}=_`)
          .join('&')}`,
      ),
    );
  return `<html><body><br>Available endpoints:<br>${noArgs.join('')}<br>Endpoints that require arguments:<br>${withArgs.join('')}</body></html>`;
}

export async function startRpcServer(opts: RpcServerOpts, deps: RpcServerDeps): Promise<RpcServerHandle> {
  const o = {
    ...DEFAULTS,
    ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
  } as typeof DEFAULTS & RpcServerOpts;
  const log = deps.log.child({ module: 'rpc' });
  const methods = createMethods(deps.backend, { timeoutBroadcastTxCommitMs: o.timeoutBroadcastTxCommitMs });
  const dispatcher = new Dispatcher({ maxBatch: o.maxBatch }, { methods, log, metrics: deps.metrics, now: deps.now });

  async function handlePost(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(req, o.maxBodyBytes);
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        res.setHeader('Connection', 'close');
        sendJson(
          res,
          413,
          errorResponse(null, new RpcError(RpcCode.InvalidRequest, `error reading request body: ${err.message}`)),
        );
      } else {
        sendJson(res, 400, errorResponse(null, new RpcError(RpcCode.InvalidRequest, 'error reading request body')));
      }
      return;
    }
    const out = await dispatcher.handleText(body.toString('utf8'));
    if (out === undefined) res.writeHead(200).end();
    // Method errors are HTTP 200: CosmJS drops the body of any status >= 400.
    else sendJson(res, 200, out);
  }

  async function handleGet(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/') {
      res
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end(endpointList(dispatcher, req.headers.host ?? 'localhost'));
      return;
    }
    if (url.pathname === '/websocket') {
      sendJson(
        res,
        400,
        errorResponse(null, new RpcError(RpcCode.InvalidRequest, 'expected a websocket upgrade at /websocket')),
      );
      return;
    }
    const method = url.pathname.slice(1);
    if (!dispatcher.has(method) || dispatcher.isWsOnly(method)) {
      sendJson(
        res,
        404,
        errorResponse(
          URI_REQUEST_ID,
          new RpcError(RpcCode.MethodNotFound, `method ${JSON.stringify(method.slice(0, 100))} not found`),
        ),
      );
      return;
    }
    const args: Args = {};
    for (const [k, v] of url.searchParams) args[k] = new UriArg(v);
    sendJson(res, 200, await dispatcher.call(method, args, URI_REQUEST_ID));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (applyCors(req, res, o.corsOrigins)) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'POST') {
      if (url.pathname !== '/') {
        req.resume();
        sendJson(
          res,
          404,
          errorResponse(
            null,
            new RpcError(RpcCode.InvalidRequest, `path ${url.pathname} is invalid: POST JSON-RPC to /`),
          ),
        );
        return;
      }
      await handlePost(req, res);
    } else if (req.method === 'GET' || req.method === 'HEAD') {
      await handleGet(req, res, url);
    } else {
      req.resume();
      res.writeHead(405, { Allow: 'GET, POST, OPTIONS' }).end();
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.warn({ err }, 'rpc request failed');
      sendJson(res, 500, errorResponse(null, new RpcError(RpcCode.InternalError, 'internal server error')));
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: o.maxBodyBytes });
  const clients = new Set<WsConnection>();
  const subscribers: SubscriberCount = { value: 0 };
  let nextClient = 0;
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/websocket' || clients.size >= o.maxOpenConnections) {
      socket.end(path !== '/websocket' ? 'HTTP/1.1 404 Not Found\r\n\r\n' : 'HTTP/1.1 503 Service Unavailable\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const id = `ws#${++nextClient}@${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? 0}`;
      const conn = new WsConnection(
        id,
        ws,
        {
          maxSubscriptionsPerClient: o.maxSubscriptionsPerClient,
          maxSubscriptionClients: o.maxSubscriptionClients,
          maxBufferedBytes: o.wsMaxBufferedBytes,
          pingIntervalMs: o.wsPingIntervalMs,
        },
        { backend: deps.backend, dispatcher, log, subscribers },
      );
      clients.add(conn);
      ws.on('close', () => clients.delete(conn));
    });
  });

  const bound = await listen(server, parseListenAddress(o.laddr, 'rpc.laddr'));
  const hostForUrl = bound.host === '0.0.0.0' ? '127.0.0.1' : bound.host.includes(':') ? `[${bound.host}]` : bound.host;
  log.info({ laddr: `tcp://${bound.host}:${bound.port}` }, 'RPC server listening');

  return {
    address: `${bound.host}:${bound.port}`,
    url: `http://${hostForUrl}:${bound.port}`,
    port: bound.port,
    async close() {
      for (const c of clients) c.close();
      clients.clear();
      wss.close();
      await closeServer(server);
    },
  };
}
