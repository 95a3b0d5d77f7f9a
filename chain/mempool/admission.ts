/**
 * The way into the mempool for txs from RPC and from peers under load: they queue, each batch has its signatures
 * verified concurrently off the main thread (the app's pre-verification fills the verify cache), and CheckTx then
 * runs for each tx in arrival order, in slices of at most `sliceMs` with an event-loop turn between slices, so that
 * consensus messages, block execution and commits never wait behind a flood of txs. The next batch is verified while
 * the current one is checked.
 */
export interface AdmissionOpts {
  /** Most txs verified together. */
  maxBatch: number;
  /** Most milliseconds of CheckTx between two event-loop turns. */
  sliceMs: number;
}

export const DEFAULT_ADMISSION_OPTS: AdmissionOpts = { maxBatch: 256, sliceMs: 8 };

export interface AdmissionDeps {
  /** Verifies the txs' signatures ahead of CheckTx and caches them; never throws (BaseApp.preVerify). */
  preVerify: (txs: Uint8Array[]) => Promise<void>;
  /** A monotonic clock in ms for the slices (default performance.now); not part of any state. */
  now?: () => number;
  /** One event-loop turn (default setImmediate). */
  yieldTurn?: () => Promise<void>;
}

interface Item {
  tx: Uint8Array;
  check: (tx: Uint8Array) => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class TxAdmission {
  private queue: Item[] = [];
  private draining = false;
  private readonly now: () => number;
  private readonly yieldTurn: () => Promise<void>;

  constructor(
    private readonly opts: AdmissionOpts,
    private readonly deps: AdmissionDeps,
  ) {
    this.now = deps.now ?? (() => performance.now());
    this.yieldTurn = deps.yieldTurn ?? nextTurn;
  }

  /** Queues a tx; `check` (the mempool's CheckTx) runs for it in arrival order, and its answer or throw settles this. */
  submit<T>(tx: Uint8Array, check: (tx: Uint8Array) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ tx, check, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  pending(): number {
    return this.queue.length;
  }

  private take(): { items: Item[]; verified: Promise<void> } | undefined {
    if (this.queue.length === 0) return undefined;
    const items = this.queue.splice(0, this.opts.maxBatch);
    return { items, verified: this.deps.preVerify(items.map((i) => i.tx)).catch(() => undefined) };
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      // Let the txs that arrive in this turn join the first batch.
      await this.yieldTurn();
      let batch = this.take();
      while (batch) {
        await batch.verified;
        const next = this.take();
        let sliceStart = this.now();
        for (const item of batch.items) {
          try {
            item.resolve(item.check(item.tx));
          } catch (e) {
            item.reject(e);
          }
          if (this.now() - sliceStart >= this.opts.sliceMs) {
            await this.yieldTurn();
            sliceStart = this.now();
          }
        }
        batch = next ?? this.take();
      }
    } finally {
      this.draining = false;
    }
  }
}
