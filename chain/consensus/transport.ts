import { decodeConsensusMessage, encodeConsensusMessage } from './message-codec.js';
import type { ConsensusMessage } from './types.js';

/**
 * How consensus reaches its peers. The engine only broadcasts and listens; who the peers are, framing, rate limits
 * and scoring belong to the transport. A libp2p layer implements this with one stream protocol (or gossipsub topic)
 * for consensus, using encodeConsensusMessage/decodeConsensusMessage for the bytes.
 */
export interface ConsensusTransport {
  broadcast(msg: ConsensusMessage): void;
  onMessage(handler: (msg: ConsensusMessage, from: string) => void): void;
  /**
   * Optional: the engine hands the transport its screen, a cheap synchronous check of a decoded message against the
   * current height's validator set. A network transport runs it before relaying and scores the sender down on
   * 'reject' (a bad signature at a height both sides are at), so honest nodes never relay forged messages.
   */
  setScreen?(screen: (msg: ConsensusMessage) => MessageVerdict): void;
  /**
   * Optional: the largest encoded message this transport can deliver. A proposal carries its whole block, so the
   * proposer builds blocks that fit (see proposalBlockBytes), whatever block.max_bytes allows.
   */
  readonly maxMessageBytes?: number;
}

/** accept: deliver and relay; ignore: drop; reject: drop and blame the sender. */
export type MessageVerdict = 'accept' | 'ignore' | 'reject';

/** A node without peers (the single-validator devnet): broadcasts go nowhere, nothing arrives. */
export class NoPeerTransport implements ConsensusTransport {
  broadcast(): void {}
  onMessage(): void {}
}

/**
 * An in-process network for tests: every endpoint reaches every other over links that can be cut (partitions,
 * silent nodes). Delivery is asynchronous (a microtask), never reorders between one sender and one receiver, and
 * drops what is sent over a cut link, as a real network would.
 */
export class InMemoryBus {
  private readonly endpoints = new Map<string, BusEndpoint>();
  private readonly cut = new Set<string>();
  private readonly down = new Set<string>();
  delivered = 0;

  endpoint(id: string): BusEndpoint {
    if (this.endpoints.has(id)) throw new Error(`bus endpoint ${id} exists`);
    const ep = new BusEndpoint(id, this);
    this.endpoints.set(id, ep);
    return ep;
  }

  /** Takes a node off the network entirely (or back on). */
  setDown(id: string, isDown: boolean): void {
    if (isDown) this.down.add(id);
    else this.down.delete(id);
  }

  /** Only nodes in the same group can talk; `heal` undoes it. */
  partition(groups: string[][]): void {
    this.cut.clear();
    const groupOf = new Map<string, number>();
    groups.forEach((g, i) => g.forEach((id) => groupOf.set(id, i)));
    for (const a of this.endpoints.keys()) {
      for (const b of this.endpoints.keys()) {
        if (a !== b && groupOf.get(a) !== groupOf.get(b)) this.cut.add(`${a}>${b}`);
      }
    }
  }

  heal(): void {
    this.cut.clear();
  }

  /** @internal */
  send(from: string, msg: ConsensusMessage): void {
    if (this.down.has(from)) return;
    // Through the wire encoding, so that tests exercise the codec and no receiver shares objects with the sender.
    const bytes = encodeConsensusMessage(msg);
    for (const [id, ep] of this.endpoints) {
      if (id === from || this.down.has(id) || this.cut.has(`${from}>${id}`)) continue;
      queueMicrotask(() => {
        if (this.down.has(id) || this.down.has(from) || this.cut.has(`${from}>${id}`)) return;
        this.delivered++;
        ep.deliver(decodeConsensusMessage(bytes), from);
      });
    }
  }
}

class BusEndpoint implements ConsensusTransport {
  private handlers: Array<(msg: ConsensusMessage, from: string) => void> = [];

  constructor(
    readonly id: string,
    private readonly bus: InMemoryBus,
  ) {}

  broadcast(msg: ConsensusMessage): void {
    this.bus.send(this.id, msg);
  }

  onMessage(handler: (msg: ConsensusMessage, from: string) => void): void {
    this.handlers.push(handler);
  }

  /** Removes every handler (a stopped node). */
  detach(): void {
    this.handlers = [];
  }

  /** @internal */
  deliver(msg: ConsensusMessage, from: string): void {
    for (const h of this.handlers) h(msg, from);
  }
}
