import type { ExecTxResult } from '../abci.js';
import type { AbciEvent } from '../types/events.js';
import { silentLogger, type Logger } from '../util/log.js';
import { toHexUpper } from '../types/bytes.js';
import { txHash } from '../block/hashing.js';
import { flattenEvents, matchesEvents, type FlatEvents } from './match.js';
import { DEFAULT_QUERY_LIMITS, formatQuery, parseQuery, type QueryLimits } from './query.js';
import { Subscription, type BusMessage } from './subscription.js';

/** CometBFT's event type names (the value of `tm.event`). */
const EVENT_TYPES = {
  newBlock: 'NewBlock',
  newBlockHeader: 'NewBlockHeader',
  newBlockEvents: 'NewBlockEvents',
  tx: 'Tx',
} as const;

/** What `publishTx` sends as `data`: the RPC layer renders it as `{"TxResult":{height,index,tx,result}}`. */
export interface TxEventData {
  height: number;
  index: number;
  /** The exact tx bytes. */
  tx: Uint8Array;
  hash: Uint8Array;
  result: ExecTxResult;
}

export interface EventBusOpts {
  /** Distinct subscriber ids (websocket connections); CometBFT's max_subscription_clients. */
  maxClients?: number;
  /** CometBFT's max_subscriptions_per_client. */
  maxSubscriptionsPerClient?: number;
  /** Across all clients. */
  maxSubscriptions?: number;
  /** Buffer of a pulling subscriber when subscribe() names none; CometBFT's subscription buffer size. */
  defaultLimit?: number;
  /** The largest buffer a subscriber may ask for. */
  maxLimit?: number;
  queryLimits?: QueryLimits;
}

export interface EventBusDeps {
  logger?: Logger;
}

export interface SubscribeOpts {
  limit?: number;
  onMessage?: (msg: BusMessage) => void;
}

/** A refused subscribe/unsubscribe; the message is meant for the client. */
export class EventBusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventBusError';
  }
}

/**
 * Routes published events to the subscriptions whose query matches. Publishing never blocks and never throws:
 * a subscriber that cannot keep up is cancelled, not waited for. Matching uses the structured events, so a
 * subscription and a `tx_search` with the same query agree (same-event-instance rule).
 */
export class EventBus {
  private readonly clients = new Map<string, Map<string, Subscription>>();
  private total = 0;
  private readonly maxClients: number;
  private readonly maxPerClient: number;
  private readonly maxSubscriptions: number;
  private readonly defaultLimit: number;
  private readonly maxLimit: number;
  private readonly queryLimits: QueryLimits;
  private readonly log: Logger;

  constructor(opts: EventBusOpts = {}, deps: EventBusDeps = {}) {
    this.maxClients = opts.maxClients ?? 100;
    this.maxPerClient = opts.maxSubscriptionsPerClient ?? 5;
    this.maxSubscriptions = opts.maxSubscriptions ?? 1000;
    this.maxLimit = opts.maxLimit ?? 10_000;
    this.defaultLimit = Math.min(opts.defaultLimit ?? 200, this.maxLimit);
    this.queryLimits = opts.queryLimits ?? DEFAULT_QUERY_LIMITS;
    this.log = deps.logger ?? silentLogger();
  }

  /** Throws QuerySyntaxError for a bad query, EventBusError for a duplicate or a limit. */
  subscribe(subscriberId: string, queryText: string, opts: SubscribeOpts = {}): Subscription {
    const query = parseQuery(queryText, this.queryLimits);
    const key = formatQuery(query);
    const limit = opts.limit ?? this.defaultLimit;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > this.maxLimit) {
      throw new EventBusError(`subscription buffer limit must be an integer in [1, ${this.maxLimit}], given ${limit}`);
    }
    const existing = this.clients.get(subscriberId);
    if (existing?.has(key)) throw new EventBusError(`already subscribed to ${key}`);
    if (!existing && this.clients.size >= this.maxClients) {
      throw new EventBusError(`max_subscription_clients ${this.maxClients} reached`);
    }
    if ((existing?.size ?? 0) >= this.maxPerClient) {
      throw new EventBusError(`max_subscriptions_per_client ${this.maxPerClient} reached`);
    }
    if (this.total >= this.maxSubscriptions)
      throw new EventBusError(`max subscriptions ${this.maxSubscriptions} reached`);
    const sub = new Subscription(
      { subscriberId, query, queryText, key, limit, onMessage: opts.onMessage },
      (s, reason, abnormal) => this.detach(s, reason, abnormal),
    );
    const subs = existing ?? new Map<string, Subscription>();
    subs.set(key, sub);
    this.clients.set(subscriberId, subs);
    this.total++;
    return sub;
  }

  /** Ends the client's subscription to this query (compared in canonical form). */
  unsubscribe(subscriberId: string, queryText: string): void {
    const key = formatQuery(parseQuery(queryText, this.queryLimits));
    const sub = this.clients.get(subscriberId)?.get(key);
    if (!sub) throw new EventBusError('subscription not found');
    sub.cancel('unsubscribed', false);
  }

  /** Ends all of a client's subscriptions (a websocket closed); returns how many there were. */
  unsubscribeAll(subscriberId: string): number {
    const subs = this.clients.get(subscriberId);
    if (!subs) return 0;
    const list = [...subs.values()];
    for (const sub of list) sub.cancel('unsubscribed', false);
    return list.length;
  }

  numClients(): number {
    return this.clients.size;
  }

  numClientSubscriptions(subscriberId: string): number {
    return this.clients.get(subscriberId)?.size ?? 0;
  }

  numSubscriptions(): number {
    return this.total;
  }

  /**
   * Delivers `data` to every subscription whose query matches `events` plus the `reserved` entries (tm.event,
   * tx.hash, …). Returns the number of deliveries.
   */
  publish(type: string, data: unknown, events: readonly AbciEvent[], reserved: FlatEvents): number {
    if (this.total === 0) return 0;
    const withType: FlatEvents = { 'tm.event': [type], ...reserved };
    let flat: FlatEvents | undefined;
    let delivered = 0;
    // Snapshot: a delivery may cancel subscriptions (overflow, failing callback) while we iterate.
    const subs = [...this.clients.values()].flatMap((m) => [...m.values()]);
    for (const sub of subs) {
      if (sub.cancelled) continue;
      let hit: boolean;
      try {
        hit = matchesEvents(sub.query, events, withType);
      } catch (err) {
        this.log.error({ err, query: sub.key }, 'event query matching failed');
        continue;
      }
      if (!hit) continue;
      flat ??= flattenEvents(events, withType);
      sub.deliver({ type, data, events: flat });
      delivered++;
    }
    return delivered;
  }

  /** `data` is the rendered-to-be NewBlock payload; `events` are the block's FinalizeBlock events. */
  publishNewBlock(ev: { height: number; events: readonly AbciEvent[]; data: unknown }): number {
    return this.publish(EVENT_TYPES.newBlock, ev.data, ev.events, { 'block.height': [String(ev.height)] });
  }

  publishNewBlockHeader(ev: { height: number; data: unknown }): number {
    return this.publish(EVENT_TYPES.newBlockHeader, ev.data, [], { 'block.height': [String(ev.height)] });
  }

  publishTx(ev: { height: number; index: number; tx: Uint8Array; result: ExecTxResult; hash?: Uint8Array }): number {
    if (this.total === 0) return 0;
    const hash = ev.hash ?? txHash(ev.tx);
    const data: TxEventData = { height: ev.height, index: ev.index, tx: ev.tx, hash, result: ev.result };
    return this.publish(EVENT_TYPES.tx, data, ev.result.events, {
      'tx.hash': [toHexUpper(hash)],
      'tx.height': [String(ev.height)],
    });
  }

  /** Ends every subscription (node shutdown). */
  close(reason = 'event bus stopped'): void {
    for (const subs of [...this.clients.values()]) for (const sub of [...subs.values()]) sub.cancel(reason, false);
  }

  private detach(sub: Subscription, reason: string, abnormal: boolean): void {
    const subs = this.clients.get(sub.subscriberId);
    if (!subs || subs.get(sub.key) !== sub) return;
    subs.delete(sub.key);
    this.total--;
    if (subs.size === 0) this.clients.delete(sub.subscriberId);
    const fields = { subscriber: sub.subscriberId, query: sub.key, reason };
    if (abnormal) this.log.warn(fields, 'subscription cancelled');
    else this.log.debug(fields, 'subscription removed');
  }
}
