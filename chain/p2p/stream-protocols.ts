/**
 * Framed duplex protocols (`/race/<chainId>/stream/<name>/1.0.0`): one libp2p stream per session, frames both ways
 * until either side closes. For exchanges that are neither one message (direct channels) nor one request and one
 * reply (req-resp): a request answered by a stream of tokens, with a cancel that can arrive while it runs. Inbound
 * frames are admitted like any other message (size cap, per-peer rate limit, ban), and a peer opens at most
 * maxInboundStreams sessions of one protocol at a time.
 */
import { peerIdFromString } from '@libp2p/peer-id';
import type { Stream } from '@libp2p/interface';
import { checkChannelName } from './channels.js';
import type { HostContext } from './context.js';
import { encodeFrame, FrameDecoder, FrameTooLargeError } from './frames.js';
import { admitMessage } from './inbound.js';
import type { RateLimit } from './token-bucket.js';

export interface StreamProtocolLimits {
  maxFrameBytes: number;
  /** Per peer, over all its sessions of this protocol. */
  rateLimit: RateLimit;
  maxInboundStreams: number;
}

export function streamProtocol(chainId: string, name: string): string {
  return `/race/${chainId}/stream/${name}/1.0.0`;
}

export class StreamClosedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StreamClosedError';
  }
}

/** One session. frames() ends when the remote closes its write end; it throws when the stream is reset. */
export interface FramedSession {
  readonly peer: string;
  send(frame: Uint8Array): Promise<void>;
  frames(): AsyncIterable<Uint8Array>;
  /** Half-close: no more frames from this side; the remote's frames still arrive. */
  closeWrite(): Promise<void>;
  /** Resets the stream (the remote's reads fail). */
  abort(reason: string): void;
}

export type StreamHandler = (session: FramedSession) => Promise<void>;

type Chunk = Uint8Array | { subarray(): Uint8Array };

class Session implements FramedSession {
  constructor(
    private readonly ctx: HostContext,
    private readonly stream: Stream,
    readonly peer: string,
    private readonly channel: string,
    private readonly limits: StreamProtocolLimits,
  ) {}

  async send(frame: Uint8Array): Promise<void> {
    if (frame.length > this.limits.maxFrameBytes)
      throw new Error(`${this.channel}: frame of ${frame.length} bytes exceeds ${this.limits.maxFrameBytes}`);
    if (this.stream.writeStatus !== 'writable') throw new StreamClosedError(`${this.channel}: stream is not writable`);
    if (!this.stream.send(encodeFrame(frame))) await this.stream.onDrain();
    this.ctx.metrics.messageSent(this.channel, frame.length);
  }

  async *frames(): AsyncIterable<Uint8Array> {
    const decoder = new FrameDecoder(this.limits.maxFrameBytes);
    try {
      for await (const chunk of this.stream as AsyncIterable<Chunk>) {
        const bytes = chunk instanceof Uint8Array ? chunk : chunk.subarray();
        for (const frame of decoder.push(bytes)) {
          const verdict = await admitMessage(this.ctx, this.channel, this.admission(), undefined, this.peer, frame);
          if (verdict === 'reject') throw new Error(`${this.channel}: frame rejected`);
          if (verdict === 'accept') yield frame;
        }
      }
    } catch (err) {
      if (err instanceof FrameTooLargeError) {
        this.ctx.metrics.messageDropped(this.channel, 'oversize');
        this.ctx.report(this.peer, 'oversize', `${this.channel}: ${err.message}`);
      }
      this.stream.abort(err as Error);
      throw err;
    }
  }

  private admission(): { maxMessageBytes: number; rateLimit: RateLimit } {
    return { maxMessageBytes: this.limits.maxFrameBytes, rateLimit: this.limits.rateLimit };
  }

  async closeWrite(): Promise<void> {
    if (this.stream.writeStatus === 'writable') await this.stream.close().catch(() => {});
  }

  abort(reason: string): void {
    this.stream.abort(new StreamClosedError(reason));
  }
}

export class StreamProtocols {
  private readonly limits = new Map<string, StreamProtocolLimits>();

  constructor(private readonly ctx: HostContext) {}

  async handle(name: string, handler: StreamHandler, limits: StreamProtocolLimits): Promise<void> {
    checkChannelName(name);
    this.limits.set(name, limits);
    await this.ctx.libp2p.handle(
      streamProtocol(this.ctx.chainId, name),
      (stream, conn) => {
        const peer = conn.remotePeer.toString();
        if (this.ctx.isBanned(peer)) return stream.abort(new Error('banned'));
        const session = new Session(this.ctx, stream, peer, `stream/${name}`, limits);
        handler(session).catch((err: unknown) => {
          this.ctx.log.debug({ protocol: name, peer, err: (err as Error).message }, 'stream session failed');
          stream.abort(err as Error);
        });
      },
      { maxInboundStreams: limits.maxInboundStreams },
    );
  }

  /** Opens a session to a connected peer; `limits` default to the ones this node serves the protocol with. */
  async open(peer: string, name: string, limits?: StreamProtocolLimits, signal?: AbortSignal): Promise<FramedSession> {
    checkChannelName(name);
    const l = limits ?? this.limits.get(name);
    if (!l) throw new Error(`stream protocol ${name}: no limits given and not served here`);
    const peerId = peerIdFromString(peer);
    if (this.ctx.libp2p.getConnections(peerId).length === 0) throw new StreamClosedError(`not connected to ${peer}`);
    const stream = await this.ctx.libp2p.dialProtocol(peerId, streamProtocol(this.ctx.chainId, name), { signal });
    return new Session(this.ctx, stream, peer, `stream/${name}`, l);
  }
}
