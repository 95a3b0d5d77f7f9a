/** Builds the libp2p node: TCP, noise, yamux, identify, gossipsub. Only construction; behaviour lives in the host. */
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { gossipsub } from '@libp2p/gossipsub';
import { identify } from '@libp2p/identify';
import type { ConnectionGater, PrivateKey } from '@libp2p/interface';
import { tcp } from '@libp2p/tcp';
import { createLibp2p } from 'libp2p';
import type { RaceLibp2p } from './context.js';
import { fastMsgId } from './fast-msg-id.js';

export interface Libp2pNodeParams {
  privateKey: PrivateKey;
  listen: string;
  maxConnections: number;
  gater: ConnectionGater;
  /** The largest gossip message any channel allows. */
  maxGossipBytes: number;
  userAgent: string;
}

// it-length-prefixed's default; gossipsub RPCs carry several messages, so the cap is never below it.
const MIN_RPC_BYTES = 4 << 20;

export async function createLibp2pNode(p: Libp2pNodeParams): Promise<RaceLibp2p> {
  return createLibp2p({
    start: false,
    privateKey: p.privateKey,
    nodeInfo: { userAgent: p.userAgent },
    addresses: { listen: [p.listen] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: p.gater,
    connectionManager: {
      maxConnections: p.maxConnections,
      // Localnets put every node on 127.0.0.1; libp2p's default (5 per second per host) would refuse restarts.
      inboundConnectionThreshold: 100,
    },
    services: {
      identify: identify(),
      pubsub: gossipsub({
        // A lone validator (devnet) publishes with nobody listening; that is not an error.
        allowPublishToZeroTopicPeers: true,
        ignoreDuplicatePublishError: true,
        emitSelf: false,
        // Drop byte-identical copies before their signature is verified again (see fast-msg-id.ts).
        fastMsgIdFn: fastMsgId,
        // Twice the channel cap reaches our validator (which scores the sender); beyond that gossipsub drops it.
        maxInboundDataLength: Math.max(MIN_RPC_BYTES, 2 * p.maxGossipBytes + 65536),
      }),
    },
  });
}
