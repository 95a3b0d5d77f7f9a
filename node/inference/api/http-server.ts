/**
 * The OpenAI-compatible HTTP API (node:http, no framework): routes, body limits, SSE and OpenAI error JSON.
 * The flow of a completion lives in completions.ts; this file only speaks HTTP.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../../chain/util/log.js';
import { isValidAddress } from '../../../chain/crypto/address.js';
import { parseListenAddress } from '../../../chain/types/listen-address.js';
import { ApiError, badRequest, notFound, toApiError } from './api-error.js';
import type { CompletionsHandler, ResponseSink } from './completions.js';
import { modelObject } from './openai-format.js';

export interface InferenceHttpOpts {
  /** tcp://HOST:PORT */
  address: string;
  maxBodyBytes?: number;
}

export interface InferenceHttpDeps {
  completions: CompletionsHandler;
  models: () => string[];
  /** Unix seconds the models count as created (genesis time). */
  createdAt: number;
  relayInfo: { chainId: string; relay: string };
  /** A requester's recorded inferences as the chain's query JSON. */
  usage: (requester: string) => Promise<unknown>;
  log: Logger;
}

export interface InferenceHttpHandle {
  /** Base URL for clients, e.g. http://127.0.0.1:8080/v1 */
  baseUrl: string;
  close(): Promise<void>;
}

function sendJson(res: http.ServerResponse, status: number, body: object, extra: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', ...extra });
  res.end(JSON.stringify(body));
}

function sendError(res: http.ServerResponse, e: unknown, log: Logger): void {
  const err = toApiError(e);
  if (err.status >= 500) log.warn({ err: err.message }, 'inference API error');
  if (res.headersSent) {
    // Mid-stream: the error is an event, then the stream ends.
    if (!res.writableEnded) res.end(`data: ${JSON.stringify(err.toJSON())}\n\n`);
    return;
  }
  const retryAfter = (e as { retryAfter?: number }).retryAfter;
  // 4xx answers are final; the client must not retry them (it would retry 409 and 429 otherwise).
  sendJson(
    res,
    err.status,
    err.toJSON(),
    retryAfter !== undefined
      ? { 'retry-after': String(retryAfter) }
      : { 'x-should-retry': err.status >= 500 ? 'true' : 'false' },
  );
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new ApiError(413, `request body over ${limit} bytes`, 'invalid_request_error', 'request_too_large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

function sinkFor(res: http.ServerResponse): ResponseSink {
  let gone = false;
  res.on('close', () => {
    if (!res.writableFinished) gone = true;
  });
  return {
    json: (status, body) => sendJson(res, status, body),
    startStream: () => {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'close',
        'x-accel-buffering': 'no',
      });
      res.flushHeaders();
    },
    write: (text) => !gone && res.write(text),
    end: () => res.end(),
    get gone() {
      return gone;
    },
  };
}

export async function startInferenceHttp(
  opts: InferenceHttpOpts,
  deps: InferenceHttpDeps,
): Promise<InferenceHttpHandle> {
  const { host, port } = parseListenAddress(opts.address, '[inference] address');
  const limit = opts.maxBodyBytes ?? 1 << 20;
  const route = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname.replace(/\/+$/, '');
    if (req.method === 'POST' && (p === '/v1/chat/completions' || p === '/v1/completions')) {
      const body = await readBody(req, limit);
      await deps.completions.handle(p === '/v1/completions' ? 'completion' : 'chat', req.headers, body, sinkFor(res));
      return;
    }
    if (req.method !== 'GET')
      throw new ApiError(405, `${req.method} ${p} is not supported`, 'invalid_request_error', 'method_not_allowed');
    if (p === '/v1/models')
      return sendJson(res, 200, { object: 'list', data: deps.models().map((id) => modelObject(id, deps.createdAt)) });
    if (p.startsWith('/v1/models/')) {
      const id = decodeURIComponent(p.slice('/v1/models/'.length));
      if (!deps.models().includes(id)) throw notFound(`The model \`${id}\` does not exist`, 'model_not_found');
      return sendJson(res, 200, modelObject(id, deps.createdAt));
    }
    if (p === '/v1/relay') return sendJson(res, 200, { chain_id: deps.relayInfo.chainId, relay: deps.relayInfo.relay });
    if (p === '/v1/usage') {
      const requester = url.searchParams.get('requester') ?? '';
      if (!isValidAddress(requester))
        throw badRequest(`requester must be a bech32 account address, got ${JSON.stringify(requester)}`, 'requester');
      return sendJson(res, 200, (await deps.usage(requester)) as object);
    }
    throw notFound(`no route ${req.method} ${p}`);
  };
  const server = http.createServer((req, res) => {
    route(req, res).catch((e: unknown) => sendError(res, e, deps.log));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  return {
    baseUrl: `http://${host.includes(':') ? `[${host}]` : host}:${bound.port}/v1`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
