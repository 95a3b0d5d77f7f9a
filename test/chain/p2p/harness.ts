/** Real P2PHosts on 127.0.0.1 with ephemeral ports, for the p2p tests. */
import { P2PHost, type P2PHostDeps, type P2PHostOptions } from '../../../chain/p2p/host.js';
import type { ChannelSpec } from '../../../chain/p2p/channels.js';
import { MemoryPeerBook } from '../../../chain/p2p/peer-book.js';

export const CHAIN = 'race-test-1';

export function seed(i: number): Uint8Array {
  return new Uint8Array(32).fill(i);
}

/** Small, generous limits; tests that need tight ones override them. */
export const TEST_CHANNELS: ChannelSpec[] = [
  {
    name: 'consensus',
    kind: 'gossip',
    maxMessageBytes: 4096,
    rateLimit: { messagesPerSec: 1000, bytesPerSec: 1 << 20 },
  },
  { name: 'direct', kind: 'direct', maxMessageBytes: 4096, rateLimit: { messagesPerSec: 1000, bytesPerSec: 1 << 20 } },
];

export function makeHost(i: number, opts: Partial<P2PHostOptions> = {}, deps: Partial<P2PHostDeps> = {}): P2PHost {
  return new P2PHost(
    {
      chainId: CHAIN,
      moniker: `node${i}`,
      listenAddress: 'tcp://127.0.0.1:0',
      channels: TEST_CHANNELS,
      dialBackoff: { minMs: 100, maxMs: 1000, factor: 2 },
      helloTimeoutMs: 3000,
      ...opts,
    },
    { nodeKey: { seed: seed(i) }, peerBook: new MemoryPeerBook(), ...deps },
  );
}

export { waitFor } from '../../helpers/wait.js';

/** The loopback TCP address of a started host, with its /p2p/ suffix. */
export function loopbackAddr(h: P2PHost): string {
  const a = h.listenAddrs().find((x) => x.startsWith('/ip4/127.0.0.1/tcp/'));
  if (!a) throw new Error('host has no loopback address');
  return a;
}

/** CometBFT form: `<nodeId>@127.0.0.1:<port>`. */
export function cometAddr(h: P2PHost): string {
  const port = /\/tcp\/(\d+)/.exec(loopbackAddr(h))![1];
  return `${h.nodeId}@127.0.0.1:${port}`;
}

export function connected(a: P2PHost, b: P2PHost): boolean {
  return (
    a.started &&
    b.started &&
    a.peers().some((p) => p.peerId === b.peerId) &&
    b.peers().some((p) => p.peerId === a.peerId)
  );
}
