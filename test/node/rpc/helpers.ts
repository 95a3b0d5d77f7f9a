/** Shared helpers for the RPC tests: a server on a free port over the fake backend, JSON-RPC calls, shape checks. */
import { readFileSync } from 'node:fs';
import { silentLogger } from '../../../chain/util/log.js';
import { startRpcServer, type RpcServerHandle, type RpcServerOpts } from '../../../node/rpc/server.js';
import { FakeBackend } from './fake-backend.js';

export const FIXTURES = '/work/shared/reference/cosmjs-fixtures';

export function fixture(name: string): { result: unknown } {
  return JSON.parse(readFileSync(`${FIXTURES}/${name}.json`, 'utf8')) as { result: unknown };
}

export async function startTestServer(
  backend = new FakeBackend(),
  opts: Partial<RpcServerOpts> = {},
  metrics?: { observeRpc(method: string, seconds: number): void },
): Promise<{ backend: FakeBackend; server: RpcServerHandle; url: string }> {
  const server = await startRpcServer(
    { laddr: 'tcp://127.0.0.1:0', ...opts },
    { backend, log: silentLogger(), metrics },
  );
  return { backend, server, url: server.url };
}

let nextId = 1;

export async function postRaw(url: string, body: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${url}/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  return { status: res.status, text: await res.text() };
}

export async function rpc(url: string, method: string, params: unknown = {}): Promise<any> {
  const { status, text } = await postRaw(url, JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }));
  if (status !== 200) throw new Error(`HTTP ${status}: ${text}`);
  return JSON.parse(text);
}

/** The result, or a thrown Error carrying the JSON-RPC error. */
export async function call(url: string, method: string, params: unknown = {}): Promise<any> {
  const res = await rpc(url, method, params);
  if (res.error) throw new Error(JSON.stringify(res.error));
  return res.result;
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * Every key of `expected` (recursively; arrays by their first element) must exist in `actual` with the same JSON
 * type. Returns the mismatching paths, so a failure names them.
 */
export function shapeDiff(expected: unknown, actual: unknown, path = '$'): string[] {
  if (kind(expected) !== kind(actual)) return [`${path}: expected ${kind(expected)}, got ${kind(actual)}`];
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length === 0 || actual.length === 0) return [];
    return shapeDiff(expected[0], actual[0], `${path}[0]`);
  }
  if (kind(expected) === 'object') {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    return Object.keys(e).flatMap((k) => (k in a ? shapeDiff(e[k], a[k], `${path}.${k}`) : [`${path}.${k}: missing`]));
  }
  return [];
}

export const UPPER_HEX_32 = /^[0-9A-F]{64}$/;
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
