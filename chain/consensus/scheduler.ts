/**
 * Time as consensus sees it: a wall clock for vote and proposal timestamps (never for state: block time is the
 * weighted median of votes) and timers for timeouts. Injected, so tests run on a virtual clock.
 */
export interface Scheduler {
  /** Nanoseconds since the Unix epoch. */
  now(): bigint;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemScheduler: Scheduler = {
  now: () => BigInt(Date.now()) * 1_000_000n,
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * A virtual clock for deterministic tests: timers fire only when the test advances time, in due order (ties in the
 * order they were set).
 */
export class ManualScheduler implements Scheduler {
  private nowMs: number;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; seq: number; fn: () => void }>();

  constructor(startMs = 1_700_000_000_000) {
    this.nowMs = startMs;
  }

  now(): bigint {
    return BigInt(this.nowMs) * 1_000_000n;
  }

  nowMillis(): number {
    return this.nowMs;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.nowMs + Math.max(0, ms), seq: id, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** When the next timer is due, or null when none is pending. */
  nextDue(): number | null {
    let best: number | null = null;
    for (const t of this.timers.values()) if (best === null || t.at < best) best = t.at;
    return best;
  }

  /** Moves the clock to the next due timer and fires every timer due then. Returns false when none is pending. */
  fireNext(): boolean {
    const due = this.nextDue();
    if (due === null) return false;
    this.nowMs = Math.max(this.nowMs, due);
    const ready = [...this.timers.entries()]
      .filter(([, t]) => t.at <= this.nowMs)
      .sort((a, b) => a[1].at - b[1].at || a[1].seq - b[1].seq);
    for (const [id, t] of ready) {
      this.timers.delete(id);
      t.fn();
    }
    return true;
  }

  /** Advances the clock by `ms`, firing timers on the way. */
  advance(ms: number): void {
    const target = this.nowMs + ms;
    for (;;) {
      const due = this.nextDue();
      if (due === null || due > target) break;
      this.fireNext();
    }
    this.nowMs = target;
  }
}
