/**
 * One websocket client at /websocket: JSON-RPC over text frames plus subscriptions, whose event frames carry the
 * subscribe request's id and `result.query` (CosmJS's WebsocketClient filters on both).
 */
import type { WebSocket } from 'ws';
import type { Logger } from '../../chain/util/log.js';
import type { RpcBackend, RpcEvent } from './backend.js';
import { RpcCode, RpcError, internalError } from './errors.js';
import type { Dispatcher, JsonRpcId } from './jsonrpc.js';
import type { SubscriptionScope } from './methods.js';
import { renderEventData, renderEventTags } from './render.js';

export interface WsLimits {
  maxSubscriptionsPerClient: number;
  /** Connections holding at least one subscription, server-wide. */
  maxSubscriptionClients: number;
  /** Above this many unsent bytes a subscription is cancelled (CometBFT: "not pulling messages fast enough"). */
  maxBufferedBytes: number;
  /** 0 disables pings. */
  pingIntervalMs: number;
}

/** Server-wide count of connections that hold subscriptions. */
export interface SubscriberCount {
  value: number;
}

export class WsConnection implements SubscriptionScope {
  private readonly subs = new Map<string, JsonRpcId>();
  private closed = false;
  private alive = true;
  private pinger: NodeJS.Timeout | undefined;
  /** Messages are handled one at a time so replies and subscriptions keep the client's order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly id: string,
    private readonly ws: WebSocket,
    private readonly limits: WsLimits,
    private readonly deps: { backend: RpcBackend; dispatcher: Dispatcher; log: Logger; subscribers: SubscriberCount },
  ) {
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      this.queue = this.queue.then(() => this.onMessage(text));
    });
    ws.on('close', () => void this.cleanup());
    ws.on('error', (err) => deps.log.debug({ err, client: id }, 'websocket error'));
    ws.on('pong', () => (this.alive = true));
    if (limits.pingIntervalMs > 0) {
      this.pinger = setInterval(() => this.ping(), limits.pingIntervalMs);
      this.pinger.unref();
    }
  }

  private ping(): void {
    if (!this.alive) {
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  private async onMessage(text: string): Promise<void> {
    try {
      const res = await this.deps.dispatcher.handleText(text, { subscriptions: this });
      if (res !== undefined) this.send(res);
    } catch (err) {
      this.deps.log.warn({ err, client: this.id }, 'websocket message handling failed');
    }
  }

  private send(msg: unknown): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(JSON.stringify(msg));
  }

  async subscribe(query: string, requestId: JsonRpcId): Promise<void> {
    if (this.subs.has(query)) throw internalError('already subscribed');
    if (this.subs.size >= this.limits.maxSubscriptionsPerClient) {
      throw internalError(`max_subscriptions_per_client ${this.limits.maxSubscriptionsPerClient} reached`);
    }
    const first = this.subs.size === 0;
    if (first && this.deps.subscribers.value >= this.limits.maxSubscriptionClients) {
      throw internalError(`max_subscription_clients ${this.limits.maxSubscriptionClients} reached`);
    }
    // Delivered on a later turn: the bus is not held up by rendering, and the {} reply goes out before any event.
    await this.deps.backend.subscribe(this.id, query, (ev) => setImmediate(() => this.deliver(query, requestId, ev)));
    this.subs.set(query, requestId);
    if (first) this.deps.subscribers.value++;
  }

  async unsubscribe(query: string): Promise<void> {
    if (!this.subs.has(query)) throw internalError('subscription not found');
    this.forget(query);
    await this.deps.backend.unsubscribe(this.id, query);
  }

  async unsubscribeAll(): Promise<void> {
    if (this.subs.size === 0) throw internalError('subscription not found');
    for (const q of [...this.subs.keys()]) this.forget(q);
    await this.deps.backend.unsubscribeAll(this.id);
  }

  private forget(query: string): void {
    if (!this.subs.delete(query)) return;
    if (this.subs.size === 0) this.deps.subscribers.value--;
  }

  private deliver(query: string, requestId: JsonRpcId, ev: RpcEvent): void {
    if (!this.subs.has(query) || this.closed) return;
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) {
      const reason = 'subscription was cancelled (reason: client is not pulling messages fast enough)';
      this.send({ jsonrpc: '2.0', id: requestId, error: new RpcError(RpcCode.ServerError, reason).toJSON() });
      this.forget(query);
      void Promise.resolve(this.deps.backend.unsubscribe(this.id, query)).catch(() => undefined);
      return;
    }
    try {
      this.send({
        jsonrpc: '2.0',
        id: requestId,
        result: { query, data: renderEventData(ev), events: renderEventTags(ev) },
      });
    } catch (err) {
      this.deps.log.warn({ err, client: this.id, query }, 'failed to render an event');
    }
  }

  /** Drops every subscription; called on close and on server shutdown. */
  async cleanup(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pinger);
    if (this.subs.size === 0) return;
    for (const q of [...this.subs.keys()]) this.forget(q);
    try {
      await this.deps.backend.unsubscribeAll(this.id);
    } catch (err) {
      this.deps.log.debug({ err, client: this.id }, 'unsubscribe on close failed');
    }
  }

  close(): void {
    void this.cleanup();
    this.ws.terminate();
  }
}
