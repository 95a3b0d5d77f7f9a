/**
 * Who we are connected to and why: the hello exchange on every new connection (chain id and key checks), the set
 * of verified peers, the peer book, dialling seeds and remembered peers at start, and persistent-peer upkeep.
 */
import type { Connection, PeerId, Stream } from '@libp2p/interface';
import { multiaddr } from '@multiformats/multiaddr';
import { dialString, type PeerAddress } from './addresses.js';
import { HELLO_PROTOCOL } from './channels.js';
import type { HostContext } from './context.js';
import { checkHello, decodeHello, encodeHello, HelloError, MAX_HELLO_BYTES, type Hello } from './hello.js';
import { nodeIdOfPeer } from './identity.js';
import type { ResolvedP2POptions } from './options.js';
import { KnownPeers, type PeerBook } from './peer-book.js';
import { PersistentPeers } from './persistent-peers.js';
import { readOneFrame, writeFrame } from './streams.js';
import type { OwnedTimers } from './timers.js';

export interface ConnectedPeer {
  peerId: string;
  nodeId: string;
  moniker: string;
  version: string;
  remoteAddr: string;
  /** We dialled it (CometBFT's `is_outbound`). */
  outbound: boolean;
  listenAddrs: string[];
  connectedSinceMs: number;
}

export type PeerEvent = { type: 'connected'; peer: ConnectedPeer } | { type: 'disconnected'; peerId: string };

export interface PeerManagerDeps {
  book: PeerBook;
  timers: OwnedTimers;
  random(): number;
  localNodeId: string;
}

const MAX_REMEMBERED_ADDRS = 8;

function rememberableAddrs(addrs: string[], peerId: string): string[] {
  return addrs
    .filter((a) => a.endsWith(`/p2p/${peerId}`) && !a.startsWith('/ip4/0.0.0.0/') && !a.startsWith('/ip6/::/'))
    .filter((a) => {
      try {
        multiaddr(a);
        return true;
      } catch {
        return false;
      }
    })
    .slice(0, MAX_REMEMBERED_ADDRS);
}

export class PeerManager {
  private readonly verified = new Map<string, ConnectedPeer>();
  private readonly helloTimers = new Map<string, NodeJS.Timeout>();
  private readonly listeners = new Set<(e: PeerEvent) => void>();
  private known: KnownPeers;
  private readonly keeper: PersistentPeers;
  private saving: Promise<void> = Promise.resolve();
  private running = false;

  constructor(
    private readonly ctx: HostContext,
    private readonly opts: ResolvedP2POptions,
    private readonly deps: PeerManagerDeps,
  ) {
    this.known = new KnownPeers(opts.maxKnownPeers);
    this.keeper = new PersistentPeers(opts.persistent, opts.dialBackoff, {
      dial: (addr) => this.dialAddress(addr),
      isConnected: (peer) => this.isConnected(peer),
      bannedUntil: (peer) => (this.ctx.isBanned(peer) ? this.bannedUntil(peer) : undefined),
      now: ctx.now,
      random: deps.random,
      timers: deps.timers,
      log: ctx.log,
    });
  }

  /** Set by the host: when a ban ends. */
  bannedUntil: (peer: string) => number | undefined = () => undefined;

  /** Registers the hello protocol; call before libp2p starts so no early connection misses it. */
  async register(): Promise<void> {
    await this.ctx.libp2p.handle(HELLO_PROTOCOL, (stream, conn) => this.answerHello(stream, conn), {
      maxInboundStreams: 2,
    });
  }

  async start(): Promise<void> {
    this.running = true;
    const lp = this.ctx.libp2p;
    lp.addEventListener('connection:open', this.onConnectionOpen);
    lp.addEventListener('peer:disconnect', this.onPeerDisconnect);
    try {
      this.known = new KnownPeers(this.opts.maxKnownPeers, await this.deps.book.load());
    } catch (err) {
      this.ctx.log.warn({ err: (err as Error).message }, 'peer book unreadable; starting without remembered peers');
    }
    this.keeper.start();
    for (const seed of this.opts.seedAddrs) void this.dialOnce(seed);
    this.dialRemembered();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.keeper.stop();
    const lp = this.ctx.libp2p;
    lp.removeEventListener('connection:open', this.onConnectionOpen);
    lp.removeEventListener('peer:disconnect', this.onPeerDisconnect);
    for (const t of this.helloTimers.values()) this.deps.timers.cancel(t);
    this.helloTimers.clear();
    await this.persist();
    this.verified.clear();
  }

  peers(): ConnectedPeer[] {
    return [...this.verified.values()];
  }

  isVerified(peer: string): boolean {
    return this.verified.has(peer);
  }

  knownPeers() {
    return this.known.list();
  }

  onPeerEvent(listener: (e: PeerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: PeerEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        this.ctx.log.warn({ err: (err as Error).message }, 'peer event listener threw');
      }
    }
  }

  private isConnected(peer: string): boolean {
    return this.ctx.libp2p.getConnections().some((c) => c.remotePeer.toString() === peer);
  }

  private ownHello(): Hello {
    return {
      chainId: this.ctx.chainId,
      nodeId: this.deps.localNodeId,
      moniker: this.opts.moniker,
      listenAddrs: this.ctx.libp2p.getMultiaddrs().map(String).slice(0, 16),
      version: this.opts.version,
    };
  }

  /** Dials an address and checks that the key matches the node id it was written with. */
  async dialAddress(addr: PeerAddress): Promise<string> {
    const conn = await this.ctx.libp2p.dial(multiaddr(dialString(addr)));
    const peer = conn.remotePeer.toString();
    if (addr.nodeId !== undefined && nodeIdOfPeer(conn.remotePeer) !== addr.nodeId) {
      this.ctx.report(peer, 'protocol', `expected node id ${addr.nodeId}`);
      await this.ctx.libp2p.hangUp(conn.remotePeer).catch(() => {});
      throw new Error(
        `${addr.multiaddr} answered with node id ${nodeIdOfPeer(conn.remotePeer)}, expected ${addr.nodeId}`,
      );
    }
    return peer;
  }

  private async dialOnce(addr: PeerAddress): Promise<void> {
    try {
      await this.dialAddress(addr);
    } catch (err) {
      this.ctx.log.debug({ addr: addr.multiaddr, err: (err as Error).message }, 'dial failed');
    }
  }

  /** Peers learnt from peer exchange: dialled once each, within what maxPeers leaves. */
  dialDiscovered(entries: Array<{ peerId: string; addrs: string[] }>, self: string): number {
    let budget = this.opts.maxPeers - this.verified.size;
    let dialled = 0;
    for (const e of entries) {
      if (budget <= 0) break;
      if (e.peerId === self || this.isConnected(e.peerId) || this.ctx.isBanned(e.peerId)) continue;
      budget--;
      dialled++;
      this.ctx.libp2p.dial(e.addrs.map((a) => multiaddr(a))).catch((err: Error) => {
        this.ctx.log.debug({ peer: e.peerId, err: err.message }, 'exchanged peer not reachable');
      });
    }
    return dialled;
  }

  /** What we tell a peer that asks for peers: connected ones first, then the book; never the asker itself. */
  shareablePeers(asker: string): Array<{ peerId: string; addrs: string[] }> {
    const out = new Map<string, string[]>();
    for (const p of this.verified.values()) {
      const addrs = rememberableAddrs(p.listenAddrs, p.peerId);
      if (p.peerId !== asker && addrs.length > 0) out.set(p.peerId, addrs);
    }
    for (const k of this.known.list())
      if (k.peerId !== asker && !out.has(k.peerId) && k.addrs.length > 0) out.set(k.peerId, k.addrs);
    return [...out].map(([peerId, addrs]) => ({ peerId, addrs }));
  }

  /** Peers from the book, newest first, up to maxPeers; persistent ones are the keeper's job. */
  private dialRemembered(): void {
    let budget = this.opts.maxPeers - this.opts.persistent.length - this.opts.seedAddrs.length;
    for (const p of this.known.list()) {
      if (budget <= 0) break;
      if (this.ctx.isBanned(p.peerId) || this.keeper.isPersistent(p.peerId, p.nodeId) || p.addrs.length === 0) continue;
      budget--;
      this.ctx.libp2p.dial(p.addrs.map((a) => multiaddr(a))).catch((err: Error) => {
        this.ctx.log.debug({ peer: p.peerId, err: err.message }, 'remembered peer not reachable');
      });
    }
  }

  private readonly onConnectionOpen = (evt: CustomEvent<Connection>): void => {
    const conn = evt.detail;
    const peer = conn.remotePeer.toString();
    if (this.ctx.isBanned(peer)) {
      void conn.close().catch(() => {});
      return;
    }
    if (this.verified.has(peer)) return;
    if (conn.direction === 'outbound') {
      void this.sayHello(conn);
    } else if (!this.helloTimers.has(peer)) {
      this.helloTimers.set(
        peer,
        this.deps.timers.after(this.opts.helloTimeoutMs, () => {
          this.helloTimers.delete(peer);
          if (this.verified.has(peer) || !this.isConnected(peer)) return;
          this.ctx.report(peer, 'timeout', 'no hello');
          void this.ctx.libp2p.hangUp(conn.remotePeer).catch(() => {});
        }),
      );
    }
  };

  private readonly onPeerDisconnect = (evt: CustomEvent<PeerId>): void => {
    const peer = evt.detail.toString();
    this.deps.timers.cancel(this.helloTimers.get(peer));
    this.helloTimers.delete(peer);
    const was = this.verified.get(peer);
    this.verified.delete(peer);
    this.ctx.limiter.forget(peer);
    this.ctx.metrics.peerCount(this.verified.size);
    if (was) {
      this.ctx.log.info({ peer, nodeId: was.nodeId, moniker: was.moniker }, 'peer disconnected');
      this.emit({ type: 'disconnected', peerId: peer });
    }
    if (this.running) this.keeper.onDisconnect(peer);
  };

  private async sayHello(conn: Connection): Promise<void> {
    const peer = conn.remotePeer.toString();
    let stream: Stream | undefined;
    const timer = this.deps.timers.after(this.opts.helloTimeoutMs, () => stream?.abort(new Error('hello timed out')));
    try {
      stream = await conn.newStream(HELLO_PROTOCOL);
      await writeFrame(stream, encodeHello(this.ownHello()));
      await stream.close();
      const remote = decodeHello(await readOneFrame(stream, MAX_HELLO_BYTES));
      checkHello(remote, this.ctx.chainId, nodeIdOfPeer(conn.remotePeer));
      this.markVerified(conn, remote);
    } catch (err) {
      stream?.abort(err as Error);
      if (err instanceof HelloError) {
        this.refuse(conn, err);
      } else if (conn.status === 'open') {
        // The other side closed without answering: most likely it refused us (another chain, or it is full).
        this.ctx.log.info({ peer, err: (err as Error).message }, 'hello not answered; disconnecting');
        await conn.close().catch(() => {});
      }
    } finally {
      this.deps.timers.cancel(timer);
    }
  }

  private async answerHello(stream: Stream, conn: Connection): Promise<void> {
    const timer = this.deps.timers.after(this.opts.helloTimeoutMs, () => stream.abort(new Error('hello timed out')));
    try {
      const remote = decodeHello(await readOneFrame(stream, MAX_HELLO_BYTES));
      checkHello(remote, this.ctx.chainId, nodeIdOfPeer(conn.remotePeer));
      await writeFrame(stream, encodeHello(this.ownHello()));
      await stream.close();
      this.markVerified(conn, remote);
    } catch (err) {
      stream.abort(err as Error);
      if (err instanceof HelloError) this.refuse(conn, err);
      else this.ctx.log.debug({ peer: conn.remotePeer.toString(), err: (err as Error).message }, 'hello stream failed');
    } finally {
      this.deps.timers.cancel(timer);
    }
  }

  private refuse(conn: Connection, err: HelloError): void {
    const peer = conn.remotePeer.toString();
    this.ctx.log.warn({ peer, remoteAddr: conn.remoteAddr.toString(), reason: err.message }, 'peer refused');
    this.ctx.report(peer, err.offence, err.message);
    void this.ctx.libp2p.hangUp(conn.remotePeer).catch(() => {});
  }

  private markVerified(conn: Connection, hello: Hello): void {
    const peer = conn.remotePeer.toString();
    this.deps.timers.cancel(this.helloTimers.get(peer));
    this.helloTimers.delete(peer);
    if (!this.running || conn.status !== 'open') return;
    const persistent = this.keeper.isPersistent(peer, hello.nodeId);
    if (!this.verified.has(peer) && this.verified.size >= this.opts.maxPeers && !persistent) {
      this.ctx.log.info({ peer, maxPeers: this.opts.maxPeers }, 'peer limit reached; disconnecting');
      void this.ctx.libp2p.hangUp(conn.remotePeer).catch(() => {});
      return;
    }
    this.keeper.onVerified(peer, hello.nodeId);
    const info: ConnectedPeer = {
      peerId: peer,
      nodeId: hello.nodeId,
      moniker: hello.moniker,
      version: hello.version,
      remoteAddr: conn.remoteAddr.toString(),
      outbound: conn.direction === 'outbound',
      listenAddrs: hello.listenAddrs,
      connectedSinceMs: this.ctx.now(),
    };
    const isNew = !this.verified.has(peer);
    if (isNew) this.verified.set(peer, info);
    this.known.upsert({
      peerId: peer,
      nodeId: hello.nodeId,
      addrs: rememberableAddrs(hello.listenAddrs, peer),
      moniker: hello.moniker,
      lastSeenMs: this.ctx.now(),
    });
    void this.persist();
    this.ctx.metrics.peerCount(this.verified.size);
    if (isNew) {
      this.ctx.log.info(
        { peer, nodeId: hello.nodeId, moniker: hello.moniker, outbound: info.outbound },
        'peer connected',
      );
      this.emit({ type: 'connected', peer: info });
    }
  }

  /** Saves are chained so two never interleave on the same file. */
  private persist(): Promise<void> {
    const list = this.known.list();
    this.saving = this.saving
      .then(() => this.deps.book.save(list))
      .catch((err: Error) => this.ctx.log.warn({ err: err.message }, 'could not save the peer book'));
    return this.saving;
  }
}
