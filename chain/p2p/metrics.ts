/**
 * What the p2p layer counts. A small callback interface rather than prom-client, so the node's metrics module maps
 * these onto its registry (labels come only from channel names and the fixed reason set) and tests can count calls.
 */
import type { PeerOffence } from './peer-score.js';

export type DropReason = 'oversize' | 'rate-limit' | 'rejected' | 'ignored' | 'banned';

export interface P2PMetrics {
  messageReceived(channel: string, bytes: number): void;
  messageSent(channel: string, bytes: number): void;
  messageDropped(channel: string, reason: DropReason): void;
  peerReported(offence: PeerOffence): void;
  peerBanned(): void;
  peerCount(n: number): void;
}

export const NOOP_P2P_METRICS: P2PMetrics = {
  messageReceived() {},
  messageSent() {},
  messageDropped() {},
  peerReported() {},
  peerBanned() {},
  peerCount() {},
};
