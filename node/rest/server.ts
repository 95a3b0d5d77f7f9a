/**
 * The Cosmos REST server (grpc-gateway style, default port 1317): GET queries answered through the app's ABCI
 * query, tx broadcast through the node's mempool, everything read through the same RpcBackend as JSON-RPC so the
 * two always agree. Replies are the SDK's JSON; errors are `{"code","message","details"}` with the gateway's HTTP
 * status. CORS is open (Access-Control-Allow-Origin: *) so browser wallets can use it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { TypeRegistry } from '../../chain/client/type-registry.js';
import type { MsgRegistry } from '../../chain/tx/registry.js';
import { appTypeRegistry } from '../app/module-list.js';
import type { Logger } from '../../chain/util/log.js';
import type { RpcBackend } from '../rpc/backend.js';
import { parseListenAddress } from '../../chain/types/listen-address.js';
import { BodyTooLargeError, closeServer, listen, readBody, sendJson } from '../rpc/http-util.js';
import { makeContext } from './context.js';
import { badRequest, Grpc, RestError, toRestError } from './errors.js';
import { restJsonOf } from './json.js';
import { Router, type Route } from './router.js';
import { defaultRestRoutes } from './routes/all.js';
import { absentModuleError } from './routes/unimplemented.js';

export interface RestServerOpts {
  /** app.toml api.address, e.g. "tcp://127.0.0.1:1317"; port 0 picks a free port. */
  address: string;
  /** Largest accepted request body (default 2 MB: a 1 MiB tx in base64 plus JSON). */
  maxBodyBytes?: number;
}

export interface RestServerDeps {
  backend: RpcBackend;
  log: Logger;
  /** The tx decoder's registry: messages without a known JSON codec are still printed with "@type". */
  registry?: MsgRegistry;
  /** app.toml minimum-gas-prices, for /cosmos/base/node/v1beta1/config. */
  minimumGasPrices?: () => string;
  /** Defaults to defaultRestRoutes() (Cosmos services plus our modules' routes). */
  routes?: Route[];
  /** The types printed inside Anys; defaults to the app's modules'. */
  types?: TypeRegistry;
  /** Non-JSON surfaces (the dashboard's page): each answers its own paths and returns true, before any route. */
  rawHandlers?: Array<(req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>>;
}

export interface RestServerHandle {
  /** "HOST:PORT" actually bound. */
  address: string;
  /** "http://HOST:PORT". */
  url: string;
  port: number;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 2_000_000;
const ALLOW = 'GET, POST, OPTIONS';

function setCors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', ALLOW);
  const asked = req.headers['access-control-request-headers'];
  res.setHeader(
    'Access-Control-Allow-Headers',
    typeof asked === 'string' && asked.length < 1000 ? asked : 'Content-Type, Accept, Authorization, X-Requested-With',
  );
  res.setHeader('Access-Control-Max-Age', '600');
}

function sendError(res: ServerResponse, err: RestError): void {
  sendJson(res, err.httpStatus, err.toJSON());
}

async function readJsonBody(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  let body: Buffer;
  try {
    body = await readBody(req, limit);
  } catch (e) {
    if (e instanceof BodyTooLargeError) throw new RestError(Grpc.ResourceExhausted, e.message, 413);
    throw badRequest('error reading request body');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw badRequest(`request body is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw badRequest('request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

export async function startRestServer(opts: RestServerOpts, deps: RestServerDeps): Promise<RestServerHandle> {
  const log = deps.log.child({ module: 'rest' });
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const router = new Router().add(...(deps.routes ?? defaultRestRoutes()));
  const ctx = makeContext({
    backend: deps.backend,
    json: restJsonOf(deps.types ?? appTypeRegistry(), deps.registry),
    log,
    minimumGasPrices: deps.minimumGasPrices ?? (() => ''),
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setCors(req, res);
    if (req.method === 'OPTIONS') {
      req.resume();
      res.writeHead(204, { Allow: ALLOW }).end();
      return;
    }
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      req.resume();
      sendError(res, badRequest('invalid request URL'));
      return;
    }
    for (const raw of deps.rawHandlers ?? []) if (await raw(req, res, url)) return;
    const match = router.match(method, url.pathname);
    if (!match || 'allowed' in match) {
      req.resume();
      if (match) {
        res.setHeader('Allow', [...match.allowed, 'OPTIONS'].join(', '));
        sendError(
          res,
          new RestError(
            Grpc.Unimplemented,
            `method ${method.slice(0, 20)} is not allowed on ${url.pathname}; use ${match.allowed.join(' or ')}`,
            405,
          ),
        );
      } else {
        sendError(res, absentModuleError(url.pathname) ?? new RestError(Grpc.NotFound, 'Not Found'));
      }
      return;
    }
    const body = method === 'POST' ? await readJsonBody(req, maxBody) : (req.resume(), {});
    const out = await match.route.handle(
      { params: match.params, query: url.searchParams, body, headers: req.headers },
      ctx,
    );
    sendJson(res, 200, out);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const err = toRestError(e);
      if (err.httpStatus === 413) res.setHeader('Connection', 'close');
      if (err.httpStatus >= 500 && err.grpcCode === Grpc.Internal)
        log.warn({ err: err.message, path: req.url?.slice(0, 200) }, 'REST request failed');
      sendError(res, err);
    });
  });

  const bound = await listen(server, parseListenAddress(opts.address, 'api.address'));
  const hostForUrl = bound.host === '0.0.0.0' ? '127.0.0.1' : bound.host.includes(':') ? `[${bound.host}]` : bound.host;
  return {
    address: `${bound.host}:${bound.port}`,
    url: `http://${hostForUrl}:${bound.port}`,
    port: bound.port,
    close: () => closeServer(server),
  };
}
