/**
 * The channel registry: every kind of message the node exchanges has a named channel with its own limits. A gossip
 * channel is a gossipsub topic (relayed through the mesh); a direct channel is a libp2p protocol with length-prefixed
 * frames sent to one peer at a time (CometBFT's one-protocol-per-channel model). Names are scoped by chain id, so
 * nodes of different chains do not even share a topic.
 */
import type { RateLimit } from './token-bucket.js';

export type ChannelKind = 'gossip' | 'direct';

/** accept: deliver (and relay); ignore: drop silently; reject: drop and score the sender down. */
export type Verdict = 'accept' | 'ignore' | 'reject';

export type ChannelValidator = (data: Uint8Array, from: string) => Verdict | Promise<Verdict>;

export interface ChannelSpec {
  name: string;
  kind: ChannelKind;
  maxMessageBytes: number;
  /** Per sending peer. For gossip the sender is the relaying peer, so size it for the whole network's traffic. */
  rateLimit: RateLimit;
  validate?: ChannelValidator;
}

export interface RequestProtocolLimits {
  maxRequestBytes: number;
  maxResponseBytes: number;
  rateLimit: RateLimit;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

export function checkChannelName(name: string): void {
  if (!NAME.test(name)) throw new Error(`channel/protocol name ${JSON.stringify(name)} must match ${NAME}`);
}

export const HELLO_PROTOCOL = '/race/hello/1.0.0';

export function gossipTopic(chainId: string, channel: string): string {
  return `/race/${chainId}/gossip/${channel}/1`;
}

export function directProtocol(chainId: string, channel: string): string {
  return `/race/${chainId}/ch/${channel}/1.0.0`;
}

export function requestProtocol(chainId: string, name: string): string {
  return `/race/${chainId}/req/${name}/1.0.0`;
}

/**
 * The largest message a gossip channel can carry. Gossipsub frames each RPC with it-length-prefixed's default limit
 * (4 MiB, not configurable on its sending side): a bigger message is silently never sent. 64 KiB stay free for the
 * RPC envelope (author signature, key, seqno, topic, piggybacked control messages).
 */
export const GOSSIP_MAX_MESSAGE_BYTES = (4 << 20) - (64 << 10);

/**
 * The chain's standard channels. Consensus is gossiped: votes and proposals must reach validators that are not
 * directly connected. Limits follow CometBFT (1 MB consensus messages) scaled to a 4–100 validator network.
 */
export const STANDARD_CHANNELS: readonly ChannelSpec[] = [
  {
    name: 'consensus',
    kind: 'gossip',
    maxMessageBytes: 1 << 20,
    rateLimit: { messagesPerSec: 2000, bytesPerSec: 32 << 20 },
  },
  {
    name: 'mempool',
    kind: 'gossip',
    maxMessageBytes: 1 << 20,
    rateLimit: { messagesPerSec: 5000, bytesPerSec: 16 << 20 },
  },
  {
    name: 'evidence',
    kind: 'gossip',
    maxMessageBytes: 1 << 20,
    rateLimit: { messagesPerSec: 50, bytesPerSec: 4 << 20 },
  },
  {
    name: 'race-proofs',
    kind: 'gossip',
    maxMessageBytes: GOSSIP_MAX_MESSAGE_BYTES,
    rateLimit: { messagesPerSec: 200, bytesPerSec: 32 << 20 },
  },
];

/** Block sync: requests are small (a height range), responses carry blocks with their commits. */
export const BLOCKSYNC_LIMITS: RequestProtocolLimits = {
  maxRequestBytes: 1024,
  maxResponseBytes: 64 << 20,
  rateLimit: { messagesPerSec: 50, bytesPerSec: 64 << 10 },
};

export class ChannelRegistry {
  private readonly byName = new Map<string, ChannelSpec>();

  constructor(specs: readonly ChannelSpec[]) {
    for (const s of specs) this.add(s);
  }

  add(spec: ChannelSpec): void {
    checkChannelName(spec.name);
    if (this.byName.has(spec.name)) throw new Error(`channel ${spec.name} registered twice`);
    if (!(spec.maxMessageBytes > 0)) throw new Error(`channel ${spec.name}: maxMessageBytes must be positive`);
    if (spec.kind === 'gossip' && spec.maxMessageBytes > GOSSIP_MAX_MESSAGE_BYTES) {
      throw new Error(
        `channel ${spec.name}: gossip messages cannot exceed ${GOSSIP_MAX_MESSAGE_BYTES} bytes (gossipsub's frame limit)`,
      );
    }
    if (!(spec.rateLimit.messagesPerSec > 0 && spec.rateLimit.bytesPerSec > 0)) {
      throw new Error(`channel ${spec.name}: rate limits must be positive`);
    }
    this.byName.set(spec.name, spec);
  }

  get(name: string): ChannelSpec {
    const s = this.byName.get(name);
    if (!s) throw new Error(`unknown channel ${JSON.stringify(name)}`);
    return s;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  all(): ChannelSpec[] {
    return [...this.byName.values()];
  }
}
