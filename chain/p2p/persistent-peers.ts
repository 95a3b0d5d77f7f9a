/**
 * Keeps persistent peers connected: dials each at start, redials with exponential backoff after a failed dial or a
 * disconnect, and waits out a ban before redialling (a persistent peer is trusted config, so it gets a second chance
 * once its ban ends; other banned peers are simply not dialled).
 */
import { peerAddressKey, type PeerAddress } from './addresses.js';
import { backoffDelay, type DialBackoff } from './options.js';
import type { OwnedTimers } from './timers.js';
import type { Logger } from '../util/log.js';

export interface PersistentPeersDeps {
  /** Dials and checks the peer's identity; resolves with its peer id. */
  dial(addr: PeerAddress): Promise<string>;
  isConnected(peerId: string): boolean;
  bannedUntil(peerId: string): number | undefined;
  now(): number;
  random(): number;
  timers: OwnedTimers;
  log: Logger;
}

interface Entry {
  addr: PeerAddress;
  peerId?: string;
  attempts: number;
  timer?: NodeJS.Timeout;
  dialing: boolean;
}

export class PersistentPeers {
  private readonly entries: Entry[];
  private running = false;

  constructor(
    addrs: PeerAddress[],
    private readonly backoff: DialBackoff,
    private readonly deps: PersistentPeersDeps,
  ) {
    const seen = new Set<string>();
    this.entries = [];
    for (const addr of addrs) {
      const key = peerAddressKey(addr);
      if (seen.has(key)) continue;
      seen.add(key);
      this.entries.push({ addr, peerId: addr.peerId, attempts: 0, dialing: false });
    }
  }

  start(): void {
    this.running = true;
    for (const e of this.entries) this.schedule(e, 0);
  }

  stop(): void {
    this.running = false;
    for (const e of this.entries) {
      this.deps.timers.cancel(e.timer);
      e.timer = undefined;
    }
  }

  isPersistent(peerId: string, nodeId?: string): boolean {
    return this.entries.some((e) => e.peerId === peerId || (nodeId !== undefined && e.addr.nodeId === nodeId));
  }

  /** A persistent peer went away (or was banned): redial it after the backoff (or the ban). */
  onDisconnect(peerId: string): void {
    for (const e of this.entries) {
      if (e.peerId === peerId) this.schedule(e, backoffDelay(e.attempts, this.backoff, this.deps.random));
    }
  }

  /**
   * The peer passed the hello exchange: the backoff starts over. Also learns the peer id of a `<nodeId>@` entry
   * that connected to us first.
   */
  onVerified(peerId: string, nodeId: string): void {
    for (const e of this.entries) {
      if (!e.peerId && e.addr.nodeId === nodeId) e.peerId = peerId;
      if (e.peerId === peerId) e.attempts = 0;
    }
  }

  private schedule(e: Entry, delayMs: number): void {
    if (!this.running || e.dialing) return;
    this.deps.timers.cancel(e.timer);
    const until = e.peerId ? this.deps.bannedUntil(e.peerId) : undefined;
    const wait = until !== undefined ? Math.max(delayMs, until - this.deps.now() + 1) : delayMs;
    e.timer = this.deps.timers.after(wait, () => {
      e.timer = undefined;
      void this.attempt(e);
    });
  }

  private async attempt(e: Entry): Promise<void> {
    if (!this.running || e.dialing) return;
    if (e.peerId && this.deps.isConnected(e.peerId)) {
      e.attempts = 0;
      return;
    }
    e.dialing = true;
    try {
      e.peerId = await this.deps.dial(e.addr);
    } catch (err) {
      e.attempts++;
      this.deps.log.debug(
        { addr: e.addr.multiaddr, attempts: e.attempts, err: (err as Error).message },
        'persistent peer dial failed',
      );
    } finally {
      e.dialing = false;
    }
    if (!this.running) return;
    if (!e.peerId || !this.deps.isConnected(e.peerId))
      this.schedule(e, backoffDelay(e.attempts, this.backoff, this.deps.random));
  }
}
