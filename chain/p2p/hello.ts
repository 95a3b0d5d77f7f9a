/**
 * The hello exchange that opens every connection: the dialer sends its Hello, the listener checks it and answers
 * with its own. Both refuse a peer of another chain, and a dialer that expected a node id (`<nodeId>@host:port`)
 * refuses a peer whose key does not match. JSON, because it is tiny and read by people debugging a network.
 */

export interface Hello {
  chainId: string;
  nodeId: string;
  moniker: string;
  /** Where the sender accepts connections (its listen multiaddrs, /p2p/ included). */
  listenAddrs: string[];
  version: string;
}

export const MAX_HELLO_BYTES = 8192;
const MAX_ADDRS = 16;

export class HelloError extends Error {
  constructor(
    readonly offence: 'protocol' | 'wrong-network',
    reason: string,
  ) {
    super(reason);
    this.name = 'HelloError';
  }
}

export function encodeHello(h: Hello): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(h));
}

function str(v: unknown, field: string, max: number): string {
  if (typeof v !== 'string' || v.length > max)
    throw new HelloError('protocol', `hello.${field} must be a string of at most ${max} chars`);
  return v;
}

export function decodeHello(bytes: Uint8Array): Hello {
  if (bytes.length > MAX_HELLO_BYTES) throw new HelloError('protocol', `hello of ${bytes.length} bytes is too large`);
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new HelloError('protocol', 'hello is not JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new HelloError('protocol', 'hello must be an object');
  const o = v as Record<string, unknown>;
  if (!Array.isArray(o.listenAddrs) || o.listenAddrs.length > MAX_ADDRS) {
    throw new HelloError('protocol', `hello.listenAddrs must be an array of at most ${MAX_ADDRS}`);
  }
  return {
    chainId: str(o.chainId, 'chainId', 128),
    nodeId: str(o.nodeId, 'nodeId', 64),
    moniker: str(o.moniker, 'moniker', 128),
    listenAddrs: o.listenAddrs.map((a, i) => str(a, `listenAddrs[${i}]`, 256)),
    version: str(o.version, 'version', 64),
  };
}

/** Checks a peer's Hello; `keyNodeId` is the node id derived from the peer's authenticated key. */
export function checkHello(remote: Hello, localChainId: string, keyNodeId: string | undefined): void {
  if (remote.chainId !== localChainId) {
    throw new HelloError(
      'wrong-network',
      `peer is on chain ${JSON.stringify(remote.chainId)}, we are on ${JSON.stringify(localChainId)}`,
    );
  }
  if (keyNodeId === undefined || remote.nodeId !== keyNodeId) {
    throw new HelloError('protocol', `peer claims node id ${remote.nodeId} but its key gives ${keyNodeId ?? 'none'}`);
  }
}
