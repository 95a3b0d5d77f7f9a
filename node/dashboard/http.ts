/**
 * The dashboard's HTTP surface on the REST server: the page and its bundle under /dashboard/, and two small JSON
 * reads: /dashboard/api/history (the node's aggregates, never raw blocks) and /dashboard/api/node (sync, peers,
 * mempool, the RPC port for the live websocket). Everything else the page shows comes from the public REST routes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../chain/util/log.js';
import type { RpcBackend } from '../rpc/backend.js';
import { sendJson } from '../rpc/http-util.js';
import { APP_CLIENTS } from '../app/module-list.js';
import type { DashboardAggregator } from './aggregator.js';

export interface DashboardHttpDeps {
  backend: RpcBackend;
  aggregator: DashboardAggregator;
  /** The JSON-RPC port (its /websocket streams new blocks to the page). */
  rpcPort: () => number | undefined;
  log: Logger;
}

/** Answers a request under /dashboard and returns true, or returns false for any other path. */
export type RawHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

interface Bundle {
  js: Uint8Array;
  css: Uint8Array;
}

/** The page's sources: next to this file when run from source; dist/ has only compiled .js, so it reads the checkout's. */
function webDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const local = path.join(here, 'web');
  if (fs.existsSync(path.join(local, 'index.html'))) return local;
  return path.resolve(here, '..', '..', '..', 'node', 'dashboard', 'web');
}

/** Bundles web/main.ts with uPlot from node_modules (no CDN: validator hosts often have no open internet). */
async function buildBundle(dir: string): Promise<Bundle> {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [path.join(dir, 'main.ts')],
    bundle: true,
    write: false,
    outdir: path.join(dir, 'out'),
    format: 'iife',
    target: 'es2020',
    minify: true,
    logLevel: 'silent',
  });
  const pick = (ext: string) => out.outputFiles.find((f) => f.path.endsWith(ext))?.contents ?? new Uint8Array();
  return { js: pick('.js'), css: pick('.css') };
}

function sendBytes(res: ServerResponse, type: string, body: Uint8Array | string): void {
  res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-cache' }).end(body);
}

export function dashboardHandler(deps: DashboardHttpDeps): RawHandler {
  const dir = webDir();
  let bundle: Promise<Bundle> | undefined;
  let page: string | undefined;
  const log = deps.log.child({ module: 'dashboard' });

  const nodeInfo = async () => {
    const [sync, info, net, pool] = await Promise.all([
      deps.backend.syncInfo(),
      deps.backend.nodeInfo(),
      deps.backend.netInfo(),
      deps.backend.unconfirmedTxs(0),
    ]);
    return {
      chain_id: info.network,
      moniker: info.moniker,
      node_id: info.id,
      height: sync.latestBlockHeight,
      catching_up: sync.catchingUp,
      peers: net.peers.map((p) => ({ id: p.nodeId, moniker: p.moniker, address: p.remoteIp, outbound: p.isOutbound })),
      mempool: { txs: pool.total, bytes: pool.totalBytes },
      rpc_port: deps.rpcPort() ?? null,
      // The page shows a module's panel only when the module is in this node's app (issuance may be absent).
      modules: APP_CLIENTS.map((c) => c.name),
    };
  };

  return async (req, res, url) => {
    const p = url.pathname;
    if (p !== '/dashboard' && !p.startsWith('/dashboard/')) return false;
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, {
        code: 12,
        message: `method ${String(req.method).slice(0, 20)} is not allowed on ${p}; use GET`,
        details: [],
      });
      return true;
    }
    switch (p) {
      case '/dashboard':
        res.writeHead(301, { Location: '/dashboard/' }).end();
        return true;
      case '/dashboard/':
      case '/dashboard/index.html':
        page ??= fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
        sendBytes(res, 'text/html; charset=utf-8', page);
        return true;
      case '/dashboard/app.js':
      case '/dashboard/app.css': {
        bundle ??= buildBundle(dir).catch((e: unknown) => {
          bundle = undefined;
          log.error({ err: (e as Error).message }, 'dashboard bundle failed');
          throw e;
        });
        const b = await bundle;
        if (p.endsWith('.js')) sendBytes(res, 'text/javascript; charset=utf-8', b.js);
        else sendBytes(res, 'text/css; charset=utf-8', b.css);
        return true;
      }
      case '/dashboard/api/history': {
        const raw = url.searchParams.get('since') ?? '0';
        if (!/^\d{1,15}$/.test(raw)) {
          sendJson(res, 400, {
            code: 3,
            message: `since must be a block height (a non-negative integer), got ${JSON.stringify(raw.slice(0, 40))}`,
            details: [],
          });
          return true;
        }
        sendJson(res, 200, deps.aggregator.history(Number(raw)));
        return true;
      }
      case '/dashboard/api/node':
        sendJson(res, 200, await nodeInfo());
        return true;
      default:
        sendJson(res, 404, { code: 5, message: `no dashboard resource at ${p.slice(0, 200)}`, details: [] });
        return true;
    }
  };
}
