/**
 * Which peer has which heights (pure bookkeeping for block sync). Peers are picked round-robin among those that hold
 * the wanted height, so one slow or lying peer does not stall a sync.
 */
export interface PeerRange {
  base: number;
  height: number;
}

export class PeerHeights {
  private readonly peers = new Map<string, PeerRange>();
  private turn = 0;

  set(peer: string, range: PeerRange): void {
    this.peers.set(peer, range);
  }

  delete(peer: string): void {
    this.peers.delete(peer);
  }

  get(peer: string): PeerRange | undefined {
    return this.peers.get(peer);
  }

  get size(): number {
    return this.peers.size;
  }

  /** The highest height any peer claims (0 with no peers). */
  maxHeight(): number {
    let max = 0;
    for (const r of this.peers.values()) max = Math.max(max, r.height);
    return max;
  }

  /** A peer that holds `height`, taking turns; null when none does. */
  pick(height: number): string | null {
    const holders = [...this.peers]
      .filter(([, r]) => r.base <= height && r.height >= height)
      .map(([p]) => p)
      .sort();
    if (holders.length === 0) return null;
    return holders[this.turn++ % holders.length]!;
  }
}
