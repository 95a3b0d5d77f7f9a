/**
 * The peer book in the chain db (`SUBLEVELS.peers`), for nodes that prefer one data store to an addrbook.json.
 * One key holds the whole list: it is small (maxKnownPeers entries) and always read and written as a whole.
 */
import type { KnownPeer, PeerBook } from './peer-book.js';

const BOOK_KEY = new TextEncoder().encode('book');

/** The minimal store it needs; a `ChainDb.sub(SUBLEVELS.peers)` fits. */
export interface PeerBookStore {
  get(key: Uint8Array): Promise<Uint8Array | undefined>;
  put(key: Uint8Array, value: Uint8Array): Promise<void>;
}

export class LevelPeerBook implements PeerBook {
  constructor(private readonly store: PeerBookStore) {}

  async load(): Promise<KnownPeer[]> {
    const raw = await this.store.get(BOOK_KEY);
    if (!raw) return [];
    const v = JSON.parse(new TextDecoder().decode(raw)) as { peers?: unknown };
    if (!Array.isArray(v.peers)) throw new Error('peer book in the chain db is malformed');
    return v.peers as KnownPeer[];
  }

  async save(peers: KnownPeer[]): Promise<void> {
    await this.store.put(BOOK_KEY, new TextEncoder().encode(JSON.stringify({ version: 1, peers })));
  }
}
