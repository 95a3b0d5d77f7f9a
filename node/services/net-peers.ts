/** RPC `net_info` views of connected p2p peers (CometBFT shapes: `remote_ip`, `listen_addr` as tcp://host:port). */
import type { ConnectedPeer } from '../../chain/p2p/index.js';
import type { PeerView } from '../rpc/backend.js';

/** `/ip4/1.2.3.4/tcp/26656/...` → `1.2.3.4`; anything else → ''. */
function remoteIpOf(multiaddr: string): string {
  const m = /^\/(?:ip4|ip6|dns4|dns6|dns)\/([^/]+)/.exec(multiaddr);
  return m ? m[1]! : '';
}

/** The first `/ip4|ip6/<host>/tcp/<port>` listen address as `tcp://host:port` (CometBFT's form), else the raw one. */
function listenAddrOf(addrs: readonly string[]): string {
  for (const a of addrs) {
    const m = /^\/(?:ip4|ip6|dns4|dns6|dns)\/([^/]+)\/tcp\/(\d+)/.exec(a);
    if (m) return `tcp://${m[1]}:${m[2]}`;
  }
  return addrs[0] ?? '';
}

export function peerView(p: ConnectedPeer, network: string): PeerView {
  return {
    nodeId: p.nodeId,
    moniker: p.moniker,
    listenAddr: listenAddrOf(p.listenAddrs),
    network,
    version: p.version,
    remoteIp: remoteIpOf(p.remoteAddr),
    isOutbound: p.outbound,
  };
}
