/** Per-requester token buckets: `perMinute` requests a minute on average, bursts up to `burst`. Clock injected. */
export class RateLimiter {
  private buckets = new Map<string, { tokens: number; atMs: number }>();

  constructor(
    private readonly opts: { perMinute: number; burst: number },
    private readonly deps: { nowMs: () => number },
  ) {}

  /** Takes one request for `who`; returns 0 when allowed, else the seconds to wait. */
  take(who: string): number {
    if (this.opts.perMinute <= 0) return 0;
    const now = this.deps.nowMs();
    const rate = this.opts.perMinute / 60_000;
    const b = this.buckets.get(who) ?? { tokens: this.opts.burst, atMs: now };
    const tokens = Math.min(this.opts.burst, b.tokens + (now - b.atMs) * rate);
    if (tokens < 1) {
      this.buckets.set(who, { tokens, atMs: now });
      return Math.ceil((1 - tokens) / rate / 1000);
    }
    this.buckets.set(who, { tokens: tokens - 1, atMs: now });
    if (this.buckets.size > 10_000) this.buckets.delete(this.buckets.keys().next().value!);
    return 0;
  }
}
