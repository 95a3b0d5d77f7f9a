/** Token buckets for per-peer rate limits. Not consensus state: plain numbers and an injected millisecond clock. */

export interface RateLimit {
  messagesPerSec: number;
  bytesPerSec: number;
  /** Seconds of traffic that may arrive at once; defaults to 2 (a short burst at twice the rate is fine). */
  burstSec?: number;
}

export class TokenBucket {
  private tokens: number;
  private lastMs: number;

  constructor(
    private readonly ratePerSec: number,
    private readonly capacity: number,
    nowMs: number,
  ) {
    this.tokens = capacity;
    this.lastMs = nowMs;
  }

  /** Tokens available at `nowMs` (refills first). */
  available(nowMs: number): number {
    const elapsed = Math.max(0, nowMs - this.lastMs);
    this.lastMs = Math.max(this.lastMs, nowMs);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.ratePerSec) / 1000);
    return this.tokens;
  }

  /** Takes `n` tokens if there are enough; a refused take costs nothing. */
  take(n: number, nowMs: number): boolean {
    if (n > this.available(nowMs)) return false;
    this.tokens -= n;
    return true;
  }
}

/** Two buckets (messages and bytes) per (peer, key). `allow` is false when either would go negative. */
export class PeerRateLimiter {
  private readonly buckets = new Map<string, { msgs: TokenBucket; bytes: TokenBucket }>();

  constructor(private readonly now: () => number) {}

  allow(peer: string, key: string, limit: RateLimit, bytes: number): boolean {
    const id = `${peer}\u0000${key}`;
    let b = this.buckets.get(id);
    if (!b) {
      const burst = limit.burstSec ?? 2;
      const t = this.now();
      b = {
        msgs: new TokenBucket(limit.messagesPerSec, Math.max(1, limit.messagesPerSec * burst), t),
        bytes: new TokenBucket(limit.bytesPerSec, Math.max(1, limit.bytesPerSec * burst), t),
      };
      this.buckets.set(id, b);
    }
    const t = this.now();
    // Both must have room before either is charged, so a refused message costs no tokens.
    if (b.bytes.available(t) < bytes || b.msgs.available(t) < 1) return false;
    b.bytes.take(bytes, t);
    b.msgs.take(1, t);
    return true;
  }

  forget(peer: string): void {
    const prefix = `${peer}\u0000`;
    for (const id of this.buckets.keys()) if (id.startsWith(prefix)) this.buckets.delete(id);
  }
}
