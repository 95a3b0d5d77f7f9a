/**
 * Direct channels: one libp2p protocol per channel, one long-lived outbound stream per (peer, channel), frames in
 * order. Inbound frames larger than the channel's cap are refused from their header, the stream is reset and the
 * sender scored down.
 */
import { peerIdFromString } from '@libp2p/peer-id';
import type { Stream } from '@libp2p/interface';
import { directProtocol, type ChannelRegistry, type ChannelSpec } from './channels.js';
import type { Deliver, HostContext } from './context.js';
import { FrameTooLargeError } from './frames.js';
import { admitMessage } from './inbound.js';
import { readFrames, writeFrame } from './streams.js';

export class NotConnectedError extends Error {
  constructor(peer: string) {
    super(`not connected to ${peer}`);
    this.name = 'NotConnectedError';
  }
}

// Enough for a reconnect race (the old stream not yet gone) without letting a peer open streams without bound.
const MAX_INBOUND_STREAMS_PER_CHANNEL = 4;

export class DirectChannels {
  private readonly outbound = new Map<string, Promise<Stream>>();

  constructor(
    private readonly ctx: HostContext,
    private readonly registry: ChannelRegistry,
    private readonly deliver: Deliver,
  ) {}

  private specs(): ChannelSpec[] {
    return this.registry.all().filter((s) => s.kind === 'direct');
  }

  async start(): Promise<void> {
    for (const spec of this.specs()) {
      await this.ctx.libp2p.handle(
        directProtocol(this.ctx.chainId, spec.name),
        (stream, conn) => this.receive(spec, stream, conn.remotePeer.toString()),
        { maxInboundStreams: MAX_INBOUND_STREAMS_PER_CHANNEL },
      );
    }
  }

  async stop(): Promise<void> {
    for (const spec of this.specs()) await this.ctx.libp2p.unhandle(directProtocol(this.ctx.chainId, spec.name));
    const pending = [...this.outbound.values()];
    this.outbound.clear();
    await Promise.allSettled(pending.map(async (p) => (await p).abort(new Error('host stopping'))));
  }

  private async receive(spec: ChannelSpec, stream: Stream, from: string): Promise<void> {
    try {
      await readFrames(stream, spec.maxMessageBytes, async (frame) => {
        const verdict = await admitMessage(this.ctx, spec.name, spec, spec.validate, from, frame);
        if (verdict === 'accept') this.deliver(spec.name, frame, from);
      });
    } catch (err) {
      if (err instanceof FrameTooLargeError) {
        this.ctx.metrics.messageDropped(spec.name, 'oversize');
        this.ctx.report(from, 'oversize', `${spec.name}: ${err.message}`);
      } else {
        this.ctx.log.debug(
          { channel: spec.name, peer: from, err: (err as Error).message },
          'inbound stream ended with an error',
        );
      }
      stream.abort(err as Error);
    }
  }

  /** Sends one message; messages to one peer on one channel arrive in the order sent. */
  async send(peer: string, channel: string, data: Uint8Array): Promise<void> {
    const spec = this.registry.get(channel);
    if (spec.kind !== 'direct') throw new Error(`channel ${channel} is not a direct channel`);
    if (data.length > spec.maxMessageBytes)
      throw new Error(`${channel}: message of ${data.length} bytes exceeds ${spec.maxMessageBytes}`);
    return this.sendUnchecked(peer, spec, data);
  }

  private async sendUnchecked(peer: string, spec: ChannelSpec, data: Uint8Array): Promise<void> {
    const stream = await this.streamTo(peer, spec);
    try {
      await writeFrame(stream, data);
      this.ctx.metrics.messageSent(spec.name, data.length);
    } catch (err) {
      this.forget(peer, spec.name);
      throw err;
    }
  }

  private streamTo(peer: string, spec: ChannelSpec): Promise<Stream> {
    const key = `${peer}\u0000${spec.name}`;
    const cached = this.outbound.get(key);
    if (cached) {
      return cached.then((s) => {
        if (s.status === 'open' && s.writeStatus === 'writable') return s;
        this.forget(peer, spec.name);
        return this.streamTo(peer, spec);
      });
    }
    const peerId = peerIdFromString(peer);
    if (this.ctx.libp2p.getConnections(peerId).length === 0) return Promise.reject(new NotConnectedError(peer));
    const opening = this.ctx.libp2p.dialProtocol(peerId, directProtocol(this.ctx.chainId, spec.name));
    this.outbound.set(key, opening);
    opening.catch(() => this.outbound.get(key) === opening && this.outbound.delete(key));
    return opening;
  }

  private forget(peer: string, channel: string): void {
    this.outbound.delete(`${peer}\u0000${channel}`);
  }

  /** Drops cached streams of a peer that disconnected. */
  dropPeer(peer: string): void {
    for (const key of [...this.outbound.keys()]) if (key.startsWith(`${peer}\u0000`)) this.outbound.delete(key);
  }
}
