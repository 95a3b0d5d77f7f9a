/**
 * Peer exchange: a node that has fewer peers than it wants asks each new peer for the peers it knows, then dials
 * them. This is what makes `seeds` useful (a seed hands out its peer book). The answer is JSON, bounded in count
 * and size; whoever answers at an address is still authenticated by its /p2p/ id, so a lying peer can waste a
 * dial but cannot impersonate anyone.
 */
import { multiaddr } from '@multiformats/multiaddr';

export const PEX_PROTOCOL = 'pex';
export const MAX_PEX_PEERS = 32;
const MAX_PEX_ADDRS = 8;
export const PEX_LIMITS = {
  maxRequestBytes: 16,
  maxResponseBytes: 64 << 10,
  // Peers ask once per connection; a handful per second is already generous.
  rateLimit: { messagesPerSec: 1, bytesPerSec: 64, burstSec: 5 },
};

export interface PexEntry {
  peerId: string;
  addrs: string[];
}

export function encodePex(entries: PexEntry[]): Uint8Array {
  const list = entries
    .slice(0, MAX_PEX_PEERS)
    .map((e) => ({ peerId: e.peerId, addrs: e.addrs.slice(0, MAX_PEX_ADDRS) }));
  return new TextEncoder().encode(JSON.stringify(list));
}

/** Keeps only well-formed entries whose addresses parse and name the entry's peer id. Throws on non-JSON. */
export function decodePex(bytes: Uint8Array): PexEntry[] {
  const v: unknown = JSON.parse(new TextDecoder().decode(bytes));
  if (!Array.isArray(v)) throw new Error('pex response must be an array');
  const out: PexEntry[] = [];
  for (const e of v.slice(0, MAX_PEX_PEERS)) {
    if (typeof e !== 'object' || e === null) continue;
    const { peerId, addrs } = e as { peerId?: unknown; addrs?: unknown };
    if (typeof peerId !== 'string' || !Array.isArray(addrs)) continue;
    const good = addrs.slice(0, MAX_PEX_ADDRS).filter((a): a is string => {
      if (typeof a !== 'string' || !a.endsWith(`/p2p/${peerId}`)) return false;
      try {
        multiaddr(a);
        return true;
      } catch {
        return false;
      }
    });
    if (good.length > 0) out.push({ peerId, addrs: good });
  }
  return out;
}
