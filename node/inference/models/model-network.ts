/**
 * The model-file protocol on the node's libp2p host: serve the files of the models this node serves, and fetch
 * through the same host. Requests are admitted like any inbound request (size, per-peer rate), and a response
 * is one chunk, so a peer can neither flood nor be flooded.
 */
import type { RequestHandler, RequestOptions } from '../../../chain/p2p/req-resp.js';
import type { RequestProtocolLimits } from '../../../chain/p2p/channels.js';
import type { PeerOffence } from '../../../chain/p2p/peer-score.js';
import {
  MODEL_CHUNK_BYTES,
  MODEL_PROTOCOL,
  MODEL_REQUEST_BYTES,
  MODEL_RESPONSE_HEADER_BYTES,
} from './model-fetch-codec.js';
import type { ModelFetchNet } from './model-fetcher.js';

/** What the p2p host offers (P2PHost satisfies it). */
export interface ModelHost {
  handle(name: string, handler: RequestHandler, limits?: Partial<RequestProtocolLimits>): Promise<void>;
  request(peer: string, name: string, body: Uint8Array, opts?: RequestOptions): Promise<Uint8Array>;
  peers(): { peerId: string }[];
  reportPeer(peer: string, offence: PeerOffence, detail?: string): void;
}

export const MODEL_PROTOCOL_LIMITS: RequestProtocolLimits = {
  maxRequestBytes: MODEL_REQUEST_BYTES,
  maxResponseBytes: MODEL_CHUNK_BYTES + MODEL_RESPONSE_HEADER_BYTES,
  // 32 chunks/s per peer: 32 MiB/s to one requester at most.
  rateLimit: { messagesPerSec: 32, bytesPerSec: 32 * MODEL_REQUEST_BYTES },
};

/** A chunk takes at most this long; a slower peer counts as a transport failure (the fetch resumes). */
const CHUNK_TIMEOUT_MS = 30_000;

export async function serveModelFiles(host: ModelHost, handler: RequestHandler): Promise<void> {
  await host.handle(MODEL_PROTOCOL, handler, MODEL_PROTOCOL_LIMITS);
}

export function modelFetchNet(host: ModelHost): ModelFetchNet {
  return {
    peers: () => host.peers().map((p) => p.peerId),
    request: (peer, body, maxResponseBytes) =>
      host.request(peer, MODEL_PROTOCOL, body, { maxResponseBytes, timeoutMs: CHUNK_TIMEOUT_MS }),
    report: (peer, detail) => host.reportPeer(peer, 'invalid', detail),
  };
}
