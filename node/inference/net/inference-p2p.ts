/** The part of the node's P2PHost that inference uses (a narrow seam, so tests can hand in a real host or a stub). */
import type { P2PHost } from '../../../chain/p2p/host.js';

export type InferenceP2P = Pick<
  P2PHost,
  'peerId' | 'handle' | 'request' | 'handleStream' | 'openStream' | 'peers' | 'onPeerEvent'
>;
