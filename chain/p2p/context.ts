/** What the host's parts share: the libp2p node, the chain id, scoring and accounting. */
import type { Identify } from '@libp2p/identify';
import type { GossipSub } from '@libp2p/gossipsub';
import type { Libp2p } from '@libp2p/interface';
import type { Logger } from '../util/log.js';
import type { P2PMetrics } from './metrics.js';
import type { PeerOffence } from './peer-score.js';
import type { PeerRateLimiter } from './token-bucket.js';

export type RaceLibp2p = Libp2p<{ identify: Identify; pubsub: GossipSub }>;

export interface HostContext {
  libp2p: RaceLibp2p;
  chainId: string;
  log: Logger;
  metrics: P2PMetrics;
  limiter: PeerRateLimiter;
  now(): number;
  isBanned(peer: string): boolean;
  /** Scores the peer down; may ban and disconnect it. */
  report(peer: string, offence: PeerOffence, detail?: string): void;
}

/** Delivers an accepted message to the channel's subscribers. */
export type Deliver = (channel: string, data: Uint8Array, from: string) => void;
