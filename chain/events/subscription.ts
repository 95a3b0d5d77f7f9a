import type { FlatEvents } from './match.js';
import type { Query } from './query.js';

/** One published event as a subscriber receives it. `data` is opaque here: the RPC layer renders it. */
export interface BusMessage<T = unknown> {
  /** CometBFT event type: NewBlock, NewBlockHeader, Tx, … */
  type: string;
  data: T;
  /** The composite events map (`tm.event`, `tx.hash`, `<type>.<key>` …) that goes into websocket frames. */
  events: FlatEvents;
}

/** Why a subscription stopped abnormally (overflow, failing callback); thrown to an iterating consumer. */
export class SubscriptionCancelledError extends Error {
  constructor(readonly reason: string) {
    super(`subscription cancelled: ${reason}`);
    this.name = 'SubscriptionCancelledError';
  }
}

/** CometBFT's wording for a subscriber whose buffer is full. */
export const OUT_OF_CAPACITY = 'client is not pulling messages fast enough';

export interface SubscriptionInit {
  subscriberId: string;
  query: Query;
  /** The query text as the client sent it (websocket frames echo it back; CosmJS filters frames by it). */
  queryText: string;
  /** The canonical query text: the key for unsubscribe. */
  key: string;
  /** Messages buffered for a consumer that pulls (async iteration) before it is cancelled. */
  limit: number;
  /** Push delivery instead of pulling: called synchronously for each message; throwing cancels the subscription. */
  onMessage?: (msg: BusMessage) => void;
}

type Waiter = { resolve: (r: IteratorResult<BusMessage>) => void; reject: (e: Error) => void };

/**
 * A subscription of one client to one query. Consumed either by `for await` (bounded buffer: a consumer that falls
 * `limit` messages behind is cancelled with a reason instead of growing memory) or by an `onMessage` callback.
 */
export class Subscription implements AsyncIterableIterator<BusMessage> {
  readonly subscriberId: string;
  readonly query: Query;
  readonly queryText: string;
  readonly key: string;
  private readonly limit: number;
  private readonly onMessage?: (msg: BusMessage) => void;
  private buffer: BusMessage[] = [];
  private waiters: Waiter[] = [];
  private state: 'active' | 'ended' | 'failed' = 'active';
  private reason?: string;
  private cancelListeners: Array<(reason: string) => void> = [];

  /** `detach` removes this subscription from its bus; the bus creates subscriptions. */
  constructor(
    init: SubscriptionInit,
    private readonly detach: (sub: Subscription, reason: string, abnormal: boolean) => void,
  ) {
    this.subscriberId = init.subscriberId;
    this.query = init.query;
    this.queryText = init.queryText;
    this.key = init.key;
    this.limit = init.limit;
    this.onMessage = init.onMessage;
  }

  get cancelled(): boolean {
    return this.state !== 'active';
  }

  get cancelReason(): string | undefined {
    return this.reason;
  }

  /** Messages waiting to be pulled. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Called once when the subscription stops, whatever the reason (at once if it already has). */
  onCancel(listener: (reason: string) => void): void {
    if (this.state !== 'active') listener(this.reason!);
    else this.cancelListeners.push(listener);
  }

  /** Stops this subscription and removes it from the bus (e.g. the RPC layer saw its socket back up). */
  cancel(reason = 'cancelled', abnormal = true): void {
    if (this.state !== 'active') return;
    this.detach(this, reason, abnormal);
    this.finish(reason, abnormal);
  }

  /** For the bus: hands one message over; never throws. */
  deliver(msg: BusMessage): void {
    if (this.state !== 'active') return;
    if (this.onMessage) {
      try {
        this.onMessage(msg);
      } catch (err) {
        this.cancel(`subscriber callback failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) {
      waiter.resolve({ value: msg, done: false });
      return;
    }
    if (this.buffer.length >= this.limit) {
      this.cancel(OUT_OF_CAPACITY);
      return;
    }
    this.buffer.push(msg);
  }

  /** For the bus: ends without detaching (the bus has already dropped it). */
  finish(reason: string, abnormal: boolean): void {
    if (this.state !== 'active') return;
    this.state = abnormal ? 'failed' : 'ended';
    this.reason = reason;
    this.buffer = [];
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      if (abnormal) w.reject(new SubscriptionCancelledError(reason));
      else w.resolve({ value: undefined, done: true });
    }
    const listeners = this.cancelListeners;
    this.cancelListeners = [];
    for (const l of listeners) {
      try {
        l(reason);
      } catch {
        // A listener's failure must not stop the others or the publisher.
      }
    }
  }

  next(): Promise<IteratorResult<BusMessage>> {
    const msg = this.buffer.shift();
    if (msg) return Promise.resolve({ value: msg, done: false });
    if (this.state === 'ended') return Promise.resolve({ value: undefined, done: true });
    if (this.state === 'failed') return Promise.reject(new SubscriptionCancelledError(this.reason!));
    if (this.onMessage)
      return Promise.reject(new Error('this subscription delivers to its onMessage callback; it cannot be iterated'));
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Leaving a `for await` loop unsubscribes. */
  return(): Promise<IteratorResult<BusMessage>> {
    this.cancel('unsubscribed', false);
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<BusMessage> {
    return this;
  }
}
