/**
 * Peers remembered across restarts. The host keeps the list in memory (KnownPeers) and persists it through a
 * PeerBook: a small JSON file in the node's data dir by default. Losing the file only costs rediscovery, so it is
 * written atomically but not fsynced, and a corrupt file is logged and treated as empty.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface KnownPeer {
  peerId: string;
  nodeId: string;
  /** Dialable multiaddrs from the peer's Hello (with /p2p/). */
  addrs: string[];
  moniker?: string;
  lastSeenMs: number;
}

export interface PeerBook {
  load(): Promise<KnownPeer[]>;
  save(peers: KnownPeer[]): Promise<void>;
}

export class MemoryPeerBook implements PeerBook {
  peers: KnownPeer[] = [];
  async load(): Promise<KnownPeer[]> {
    return this.peers.map((p) => ({ ...p, addrs: [...p.addrs] }));
  }
  async save(peers: KnownPeer[]): Promise<void> {
    this.peers = peers.map((p) => ({ ...p, addrs: [...p.addrs] }));
  }
}

function isKnownPeer(v: unknown): v is KnownPeer {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.peerId === 'string' &&
    typeof o.nodeId === 'string' &&
    Array.isArray(o.addrs) &&
    o.addrs.every((a) => typeof a === 'string') &&
    typeof o.lastSeenMs === 'number' &&
    (o.moniker === undefined || typeof o.moniker === 'string')
  );
}

export class PeerBookFormatError extends Error {
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'PeerBookFormatError';
  }
}

/** `{ "version": 1, "peers": [KnownPeer...] }`, the shape of CometBFT's addrbook.json in spirit. */
export class JsonFilePeerBook implements PeerBook {
  constructor(readonly file: string) {}

  async load(): Promise<KnownPeer[]> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      throw new PeerBookFormatError(this.file, 'not JSON');
    }
    const peers = (v as { peers?: unknown })?.peers;
    if (!Array.isArray(peers)) throw new PeerBookFormatError(this.file, 'missing "peers" array');
    return peers.filter(isKnownPeer);
  }

  async save(peers: KnownPeer[]): Promise<void> {
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.promises.writeFile(tmp, JSON.stringify({ version: 1, peers }, null, 1));
    await fs.promises.rename(tmp, this.file);
  }
}

/** The in-memory list: newest first, at most `max` entries, one per peer id. */
export class KnownPeers {
  private readonly byId = new Map<string, KnownPeer>();

  constructor(
    private readonly max: number,
    initial: KnownPeer[] = [],
  ) {
    for (const p of [...initial].sort((a, b) => a.lastSeenMs - b.lastSeenMs)) this.upsert(p);
  }

  upsert(peer: KnownPeer): void {
    this.byId.delete(peer.peerId);
    this.byId.set(peer.peerId, peer);
    while (this.byId.size > this.max) this.byId.delete(this.byId.keys().next().value as string);
  }

  remove(peerId: string): void {
    this.byId.delete(peerId);
  }

  get(peerId: string): KnownPeer | undefined {
    return this.byId.get(peerId);
  }

  /** Most recently seen first. */
  list(): KnownPeer[] {
    return [...this.byId.values()].reverse();
  }
}
