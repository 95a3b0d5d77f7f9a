/**
 * Request/response protocols (block sync and the like): one stream per request. The requester sends one frame and
 * half-closes; the responder answers with one frame whose first byte is a status. Requests are admitted like any
 * inbound message (size, per-peer rate limit) so a peer cannot make us serve blocks without limit.
 */
import { peerIdFromString } from '@libp2p/peer-id';
import type { Stream } from '@libp2p/interface';
import { BLOCKSYNC_LIMITS, checkChannelName, requestProtocol, type RequestProtocolLimits } from './channels.js';
import type { HostContext } from './context.js';
import { FrameTooLargeError } from './frames.js';
import { admitMessage } from './inbound.js';
import { readOneFrame, writeFrame } from './streams.js';

export type RequestHandler = (request: Uint8Array, from: string) => Uint8Array | Promise<Uint8Array>;

const STATUS_OK = 0;
const STATUS_ERROR = 1;
const STATUS_REFUSED = 2;
const MAX_ERROR_TEXT = 256;

export type RequestFailure = 'not-connected' | 'timeout' | 'refused' | 'remote-error' | 'too-large' | 'protocol';

export class RequestError extends Error {
  constructor(
    readonly failure: RequestFailure,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

export interface RequestOptions {
  timeoutMs?: number;
  maxResponseBytes?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

function statusFrame(status: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + body.length);
  out[0] = status;
  out.set(body, 1);
  return out;
}

export class ReqResp {
  private readonly limits = new Map<string, RequestProtocolLimits>();

  constructor(private readonly ctx: HostContext) {}

  async handle(name: string, handler: RequestHandler, limits: Partial<RequestProtocolLimits> = {}): Promise<void> {
    checkChannelName(name);
    const l: RequestProtocolLimits = { ...BLOCKSYNC_LIMITS, ...limits };
    this.limits.set(name, l);
    await this.ctx.libp2p.handle(requestProtocol(this.ctx.chainId, name), (stream, conn) =>
      this.serve(name, l, handler, stream, conn.remotePeer.toString()),
    );
  }

  async unhandle(name: string): Promise<void> {
    this.limits.delete(name);
    await this.ctx.libp2p.unhandle(requestProtocol(this.ctx.chainId, name));
  }

  private async serve(
    name: string,
    l: RequestProtocolLimits,
    handler: RequestHandler,
    stream: Stream,
    from: string,
  ): Promise<void> {
    const channel = `req/${name}`;
    try {
      let req: Uint8Array;
      try {
        req = await readOneFrame(stream, l.maxRequestBytes);
      } catch (err) {
        if (err instanceof FrameTooLargeError) {
          this.ctx.metrics.messageDropped(channel, 'oversize');
          this.ctx.report(from, 'oversize', `${channel}: ${err.message}`);
        }
        stream.abort(err as Error);
        return;
      }
      const verdict = await admitMessage(
        this.ctx,
        channel,
        { maxMessageBytes: l.maxRequestBytes, rateLimit: l.rateLimit },
        undefined,
        from,
        req,
      );
      let reply: Uint8Array;
      if (verdict !== 'accept') {
        reply = statusFrame(STATUS_REFUSED, new TextEncoder().encode('refused (rate limit or banned)'));
      } else {
        try {
          const body = await handler(req, from);
          reply =
            body.length > l.maxResponseBytes
              ? statusFrame(STATUS_ERROR, new TextEncoder().encode('response too large'))
              : statusFrame(STATUS_OK, body);
        } catch (err) {
          reply = statusFrame(
            STATUS_ERROR,
            new TextEncoder().encode(String((err as Error).message).slice(0, MAX_ERROR_TEXT)),
          );
        }
      }
      await writeFrame(stream, reply);
      this.ctx.metrics.messageSent(channel, reply.length);
      await stream.close();
    } catch (err) {
      this.ctx.log.debug({ protocol: name, peer: from, err: (err as Error).message }, 'request stream failed');
      stream.abort(err as Error);
    }
  }

  async request(peer: string, name: string, body: Uint8Array, opts: RequestOptions = {}): Promise<Uint8Array> {
    checkChannelName(name);
    const channel = `req/${name}`;
    const peerId = peerIdFromString(peer);
    if (this.ctx.libp2p.getConnections(peerId).length === 0)
      throw new RequestError('not-connected', `not connected to ${peer}`);
    const maxResponse =
      opts.maxResponseBytes ?? this.limits.get(name)?.maxResponseBytes ?? BLOCKSYNC_LIMITS.maxResponseBytes;
    const timeoutMs = opts.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const abort = new AbortController();
    let stream: Stream | undefined;
    const timer = setTimeout(() => {
      abort.abort();
      stream?.abort(new RequestError('timeout', `${name} request to ${peer} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    timer.unref();
    try {
      stream = await this.ctx.libp2p.dialProtocol(peerId, requestProtocol(this.ctx.chainId, name), {
        signal: abort.signal,
      });
      await writeFrame(stream, body, abort.signal);
      this.ctx.metrics.messageSent(channel, body.length);
      await stream.close({ signal: abort.signal });
      const reply = await readOneFrame(stream, maxResponse + 1);
      if (reply.length === 0) throw new RequestError('protocol', 'empty response');
      const text = (): string => new TextDecoder().decode(reply.subarray(1));
      if (reply[0] === STATUS_OK) {
        this.ctx.metrics.messageReceived(channel, reply.length);
        return reply.slice(1);
      }
      if (reply[0] === STATUS_REFUSED)
        throw new RequestError('refused', `${peer} refused the ${name} request: ${text()}`);
      if (reply[0] === STATUS_ERROR)
        throw new RequestError('remote-error', `${peer} failed the ${name} request: ${text()}`);
      throw new RequestError('protocol', `unknown response status ${reply[0]}`);
    } catch (err) {
      if (err instanceof RequestError) throw err;
      if (abort.signal.aborted)
        throw new RequestError('timeout', `${name} request to ${peer} timed out after ${timeoutMs} ms`);
      if (err instanceof FrameTooLargeError) {
        stream?.abort(err);
        this.ctx.report(peer, 'oversize', `${channel}: ${err.message}`);
        throw new RequestError('too-large', `${name} response from ${peer}: ${err.message}`);
      }
      throw new RequestError('protocol', `${name} request to ${peer} failed: ${(err as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
}
