/**
 * P2PHost: the node's network layer. One libp2p node (TCP, noise, yamux, identify, gossipsub) carrying named
 * channels (gossip or direct), request/response protocols, a hello exchange that keeps other chains out, per-peer
 * rate limits and size caps, and peer scoring with bans. Higher layers see channel names, peer id strings and bytes.
 */
import type { ConnectionGater, PeerId } from '@libp2p/interface';
import { peerIdFromString } from '@libp2p/peer-id';
import { nodeKeyFromSeed } from '../crypto/keyfiles.js';
import { silentLogger, type Logger } from '../util/log.js';
import { parsePeerAddress } from './addresses.js';
import { ChannelRegistry, type RequestProtocolLimits } from './channels.js';
import type { HostContext, RaceLibp2p } from './context.js';
import { DirectChannels } from './direct-channels.js';
import { GossipChannels } from './gossip.js';
import { libp2pKeyFromSeed } from './identity.js';
import { createLibp2pNode } from './libp2p-node.js';
import { NOOP_P2P_METRICS, type P2PMetrics } from './metrics.js';
import { resolveP2POptions, type P2PInputOptions, type ResolvedP2POptions } from './options.js';
import { JsonFilePeerBook, MemoryPeerBook, type KnownPeer, type PeerBook } from './peer-book.js';
import { PeerManager, type ConnectedPeer, type PeerEvent } from './peer-manager.js';
import { PeerScoreBook, type PeerOffence } from './peer-score.js';
import { decodePex, encodePex, MAX_PEX_PEERS, PEX_LIMITS, PEX_PROTOCOL } from './pex.js';
import { ReqResp, type RequestHandler, type RequestOptions } from './req-resp.js';
import {
  StreamProtocols,
  type FramedSession,
  type StreamHandler,
  type StreamProtocolLimits,
} from './stream-protocols.js';
import { OwnedTimers } from './timers.js';
import { PeerRateLimiter } from './token-bucket.js';
import { TestPartition } from './test-partition.js';

export type P2PHostOptions = P2PInputOptions;

export interface P2PHostDeps {
  /** The node key (config/node_key.json via loadOrCreateNodeKey): node id and peer id both come from it. */
  nodeKey: { seed: Uint8Array };
  logger?: Logger;
  metrics?: P2PMetrics;
  /** Milliseconds; scoring, bans and rate limits (never consensus state). */
  now?: () => number;
  random?: () => number;
  /** Overrides opts.peerStorePath (e.g. a level-backed book). */
  peerBook?: PeerBook;
}

export type MessageHandler = (data: Uint8Array, from: string) => void;

export interface NodeInfo {
  peerId: string;
  nodeId: string;
  moniker: string;
  chainId: string;
  version: string;
  listenAddrs: string[];
}

export class P2PHostStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'P2PHostStateError';
  }
}

interface Running {
  libp2p: RaceLibp2p;
  ctx: HostContext;
  peers: PeerManager;
  direct: DirectChannels;
  gossip: GossipChannels;
  reqResp: ReqResp;
  streams: StreamProtocols;
}

export class P2PHost {
  readonly opts: ResolvedP2POptions;
  readonly nodeId: string;
  private readonly log: Logger;
  private readonly metrics: P2PMetrics;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly book: PeerBook;
  private readonly registry: ChannelRegistry;
  private readonly scores: PeerScoreBook;
  private readonly limiter: PeerRateLimiter;
  private readonly timers = new OwnedTimers();
  private readonly handlers = new Map<string, Set<MessageHandler>>();
  private readonly requestHandlers = new Map<
    string,
    { handler: RequestHandler; limits?: Partial<RequestProtocolLimits> }
  >();
  private readonly streamHandlers = new Map<string, { handler: StreamHandler; limits: StreamProtocolLimits }>();
  private readonly peerListeners = new Set<(e: PeerEvent) => void>();
  private running?: Running;
  private starting?: Promise<void>;

  constructor(
    opts: P2PHostOptions,
    private readonly deps: P2PHostDeps,
  ) {
    this.opts = resolveP2POptions(opts);
    this.nodeId = nodeKeyFromSeed(deps.nodeKey.seed).nodeId;
    this.log = (deps.logger ?? silentLogger()).child({ module: 'p2p' });
    this.metrics = deps.metrics ?? NOOP_P2P_METRICS;
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.book =
      deps.peerBook ?? (this.opts.peerStorePath ? new JsonFilePeerBook(this.opts.peerStorePath) : new MemoryPeerBook());
    this.registry = new ChannelRegistry(this.opts.channels);
    this.scores = new PeerScoreBook(this.opts.scoring);
    this.limiter = new PeerRateLimiter(this.now);
  }

  get started(): boolean {
    return this.running !== undefined;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.starting ??= this.doStart().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async doStart(): Promise<void> {
    const privateKey = await libp2pKeyFromSeed(this.deps.nodeKey.seed);
    // TEST-ONLY partition knob for the e2e suite, inert unless RACE_TEST_PARTITION_FILE is set (test-partition.ts).
    const partition = TestPartition.fromEnv();
    const banned = (p: PeerId): boolean => this.isBanned(p.toString()) || (partition?.blocks(p) ?? false);
    const gater: ConnectionGater = {
      denyDialPeer: banned,
      denyInboundEncryptedConnection: banned,
      denyOutboundEncryptedConnection: banned,
    };
    const gossipMax = Math.max(
      0,
      ...this.registry
        .all()
        .filter((s) => s.kind === 'gossip')
        .map((s) => s.maxMessageBytes),
    );
    const libp2p = await createLibp2pNode({
      privateKey,
      listen: this.opts.listenMultiaddr,
      // Persistent peers always fit; the hello exchange enforces maxPeers for the rest.
      maxConnections: this.opts.maxPeers + this.opts.persistent.length + 8,
      gater,
      maxGossipBytes: gossipMax,
      userAgent: `race/${this.opts.version}`,
    });
    const ctx: HostContext = {
      libp2p,
      chainId: this.opts.chainId,
      log: this.log,
      metrics: this.metrics,
      limiter: this.limiter,
      now: this.now,
      isBanned: (peer) => this.isBanned(peer),
      report: (peer, offence, detail) => this.reportPeer(peer, offence, detail),
    };
    const deliver = (channel: string, data: Uint8Array, from: string): void => this.deliver(channel, data, from);
    const peers = new PeerManager(ctx, this.opts, {
      book: this.book,
      timers: this.timers,
      random: this.random,
      localNodeId: this.nodeId,
    });
    peers.bannedUntil = (peer) => this.scores.bannedUntil(peer, this.now());
    peers.onPeerEvent((e) => this.handlePeerEvent(e));
    const r: Running = {
      libp2p,
      ctx,
      peers,
      direct: new DirectChannels(ctx, this.registry, deliver),
      gossip: new GossipChannels(ctx, this.registry, deliver),
      reqResp: new ReqResp(ctx),
      streams: new StreamProtocols(ctx),
    };
    // Protocol handlers go in before the node listens, so an early connection never meets a missing protocol.
    await peers.register();
    await r.direct.start();
    for (const [name, h] of this.requestHandlers) await r.reqResp.handle(name, h.handler, h.limits);
    for (const [name, h] of this.streamHandlers) await r.streams.handle(name, h.handler, h.limits);
    if (this.opts.pex)
      await r.reqResp.handle(
        PEX_PROTOCOL,
        (_req, from) => encodePex(peers.shareablePeers(from).slice(0, MAX_PEX_PEERS)),
        PEX_LIMITS,
      );
    await libp2p.start();
    r.gossip.start();
    this.running = r;
    await peers.start();
    partition?.start({
      connectedPeers: () => libp2p.getPeers(),
      hangUp: (p) => libp2p.hangUp(p),
      redial: () => this.opts.persistent.forEach((a) => void peers.dialAddress(a).catch(() => {})),
      after: (ms, fn) => this.timers.after(ms, fn),
      warn: (fields, msg) => this.log.warn(fields, msg),
    });
    this.log.info({ peerId: libp2p.peerId.toString(), nodeId: this.nodeId, listen: this.listenAddrs() }, 'p2p started');
  }

  async stop(): Promise<void> {
    if (this.starting) await this.starting.catch(() => {});
    const r = this.running;
    if (!r) return;
    this.running = undefined;
    await r.peers.stop();
    r.gossip.stop();
    await r.direct.stop();
    this.timers.clearAll();
    await r.libp2p.stop();
    this.log.info('p2p stopped');
  }

  private need(): Running {
    if (!this.running) throw new P2PHostStateError('p2p host is not started');
    return this.running;
  }

  get peerId(): string {
    return this.need().libp2p.peerId.toString();
  }

  /** Dialable addresses of this node (with /p2p/<peerId>). */
  listenAddrs(): string[] {
    return this.need().libp2p.getMultiaddrs().map(String);
  }

  nodeInfo(): NodeInfo {
    return {
      peerId: this.peerId,
      nodeId: this.nodeId,
      moniker: this.opts.moniker,
      chainId: this.opts.chainId,
      version: this.opts.version,
      listenAddrs: this.listenAddrs(),
    };
  }

  // ---- channels

  /** Subscribes to a channel's messages (accepted ones only); returns an unsubscribe function. */
  on(channel: string, handler: MessageHandler): () => void {
    this.registry.get(channel);
    let set = this.handlers.get(channel);
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  private deliver(channel: string, data: Uint8Array, from: string): void {
    for (const h of this.handlers.get(channel) ?? []) {
      try {
        h(data, from);
      } catch (err) {
        this.log.warn({ channel, err: (err as Error).message }, 'channel handler threw');
      }
    }
  }

  /**
   * To every peer: a gossip channel publishes (and the mesh relays); a direct channel sends to each verified peer.
   * Resolves with the number of peers it went to.
   */
  async broadcast(channel: string, data: Uint8Array): Promise<number> {
    const r = this.need();
    const spec = this.registry.get(channel);
    if (spec.kind === 'gossip') return r.gossip.publish(channel, data);
    const results = await Promise.allSettled(r.peers.peers().map((p) => r.direct.send(p.peerId, channel, data)));
    return results.filter((x) => x.status === 'fulfilled').length;
  }

  /** To one connected peer on a direct channel; in order per (peer, channel). */
  async send(peer: string, channel: string, data: Uint8Array): Promise<void> {
    return this.need().direct.send(peer, channel, data);
  }

  /** Peers subscribed to a gossip channel: the ones a broadcast reaches directly. */
  gossipPeers(channel: string): string[] {
    return this.need().gossip.subscribers(channel);
  }

  /** The gossip mesh of a channel: the peers this node relays the channel's messages to. */
  gossipMeshPeers(channel: string): string[] {
    return this.need().gossip.meshPeers(channel);
  }

  // ---- request/response

  /** Serves a request protocol (`/race/<chainId>/req/<name>/1.0.0`); may be called before start. */
  async handle(name: string, handler: RequestHandler, limits?: Partial<RequestProtocolLimits>): Promise<void> {
    this.requestHandlers.set(name, { handler, limits });
    if (this.running) await this.running.reqResp.handle(name, handler, limits);
  }

  async request(peer: string, name: string, body: Uint8Array, opts?: RequestOptions): Promise<Uint8Array> {
    return this.need().reqResp.request(peer, name, body, opts);
  }

  // ---- framed duplex streams

  /** Serves a stream protocol (`/race/<chainId>/stream/<name>/1.0.0`); may be called before start. */
  async handleStream(name: string, handler: StreamHandler, limits: StreamProtocolLimits): Promise<void> {
    this.streamHandlers.set(name, { handler, limits });
    if (this.running) await this.running.streams.handle(name, handler, limits);
  }

  async openStream(
    peer: string,
    name: string,
    limits?: StreamProtocolLimits,
    signal?: AbortSignal,
  ): Promise<FramedSession> {
    return this.need().streams.open(peer, name, limits, signal);
  }

  // ---- peers

  /** Verified peers (hello done): for RPC net_info and for sync peer selection. */
  peers(): ConnectedPeer[] {
    return this.running?.peers.peers() ?? [];
  }

  knownPeers(): KnownPeer[] {
    return this.running?.peers.knownPeers() ?? [];
  }

  /** Peer connected (hello done) / disconnected; returns an unsubscribe function. */
  onPeerEvent(listener: (e: PeerEvent) => void): () => void {
    this.peerListeners.add(listener);
    return () => this.peerListeners.delete(listener);
  }

  private handlePeerEvent(e: PeerEvent): void {
    if (e.type === 'disconnected') {
      this.running?.direct.dropPeer(e.peerId);
      this.scores.expire(this.now());
    } else if (this.opts.pex && this.peers().length < this.opts.pexTargetPeers) {
      void this.exchangePeers(e.peer.peerId);
    }
    for (const l of this.peerListeners) l(e);
  }

  private async exchangePeers(peer: string): Promise<void> {
    const r = this.running;
    if (!r) return;
    try {
      const entries = decodePex(
        await r.reqResp.request(peer, PEX_PROTOCOL, new Uint8Array(0), {
          timeoutMs: 5000,
          maxResponseBytes: PEX_LIMITS.maxResponseBytes,
        }),
      );
      const dialled = r.peers.dialDiscovered(entries, r.libp2p.peerId.toString());
      this.log.debug({ peer, offered: entries.length, dialled }, 'peer exchange');
    } catch (err) {
      this.log.debug({ peer, err: (err as Error).message }, 'peer exchange failed');
    }
  }

  /** Dials a `<nodeId>@host:port` or multiaddr once (no redial); resolves with the peer id. */
  async dial(address: string): Promise<string> {
    return this.need().peers.dialAddress(parsePeerAddress(address));
  }

  /** For higher layers: a peer sent something bad (a bad vote, a bad block). May ban and disconnect it. */
  reportPeer(peer: string, offence: PeerOffence, detail?: string): void {
    if (this.running && peer === this.peerId) return;
    const out = this.scores.report(peer, offence, this.now());
    this.metrics.peerReported(offence);
    this.log.debug({ peer, offence, detail, score: out.score }, 'peer reported');
    if (out.banned) this.onBanned(peer, offence, out.bannedUntilMs!);
  }

  /** Bans now (an operator's call); persistent peers are redialled when the ban ends. */
  ban(peer: string, ms?: number): void {
    this.onBanned(peer, 'manual', this.scores.ban(peer, this.now(), ms));
  }

  private onBanned(peer: string, reason: string, untilMs: number): void {
    this.metrics.peerBanned();
    this.log.warn({ peer, reason, forMs: untilMs - this.now() }, 'peer banned');
    const lp = this.running?.libp2p;
    if (lp) void lp.hangUp(peerIdFromString(peer)).catch(() => {});
  }

  isBanned(peer: string): boolean {
    return this.scores.isBanned(peer, this.now());
  }

  peerScore(peer: string): number {
    return this.scores.score(peer, this.now());
  }
}
