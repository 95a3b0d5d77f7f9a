/**
 * Peer and listen addresses as operators write them in config.toml (CometBFT style) turned into libp2p multiaddrs.
 * Pure: no I/O, every malformed entry is a PeerAddressError naming the entry.
 */
import { multiaddr } from '@multiformats/multiaddr';

export class PeerAddressError extends Error {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`bad peer address ${JSON.stringify(input)}: ${reason}`);
    this.name = 'PeerAddressError';
  }
}

/** A dial target: `peerId` when the address named one (/p2p/..), `nodeId` when written as `<nodeId>@host:port`. */
export interface PeerAddress {
  /** Multiaddr without the /p2p/<peerId> suffix. */
  multiaddr: string;
  peerId?: string;
  nodeId?: string;
}

const NODE_ID = /^[0-9a-f]{40}$/;

function hostPortToMultiaddr(input: string, hostPort: string): string {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+):(\d{1,5})$/.exec(hostPort);
  if (!m) throw new PeerAddressError(input, 'expected host:port');
  const port = Number(m[2]);
  if (port > 65535) throw new PeerAddressError(input, `port ${port} out of range`);
  let host = m[1];
  let proto: string;
  if (host.startsWith('[')) {
    host = host.slice(1, -1);
    proto = 'ip6';
  } else if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) {
    if (host.split('.').some((o) => Number(o) > 255)) throw new PeerAddressError(input, `bad IPv4 address ${host}`);
    proto = 'ip4';
  } else if (/^[A-Za-z0-9.-]+$/.test(host)) {
    proto = 'dns4';
  } else {
    throw new PeerAddressError(input, `bad host ${JSON.stringify(host)}`);
  }
  return `/${proto}/${host}/tcp/${port}`;
}

function checkedMultiaddr(input: string, text: string): string {
  try {
    return multiaddr(text).toString();
  } catch (err) {
    throw new PeerAddressError(input, (err as Error).message);
  }
}

/** `tcp://0.0.0.0:26656`, `0.0.0.0:26656` or a multiaddr → a TCP listen multiaddr. */
export function listenAddressToMultiaddr(laddr: string): string {
  const s = laddr.trim();
  if (s.startsWith('/')) return checkedMultiaddr(laddr, s);
  const hostPort = s.startsWith('tcp://') ? s.slice('tcp://'.length) : s;
  if (/^[a-z]+:\/\//.test(hostPort)) throw new PeerAddressError(laddr, 'only tcp:// listen addresses are supported');
  return hostPortToMultiaddr(laddr, hostPort);
}

/** `<nodeId>@host:port` (CometBFT), or a multiaddr that may end in /p2p/<peerId>. */
export function parsePeerAddress(entry: string): PeerAddress {
  const s = entry.trim();
  if (s === '') throw new PeerAddressError(entry, 'empty');
  if (s.startsWith('/')) {
    const text = checkedMultiaddr(entry, s);
    const at = text.lastIndexOf('/p2p/');
    if (at < 0) return { multiaddr: text };
    const peerId = text.slice(at + '/p2p/'.length);
    if (peerId === '' || peerId.includes('/')) throw new PeerAddressError(entry, '/p2p/ must be the last component');
    return { multiaddr: text.slice(0, at), peerId };
  }
  const at = s.indexOf('@');
  if (at < 0) throw new PeerAddressError(entry, 'expected <nodeId>@host:port or a multiaddr');
  const nodeId = s.slice(0, at).toLowerCase();
  if (!NODE_ID.test(nodeId)) throw new PeerAddressError(entry, 'node id must be 40 hex characters');
  const rest = s.slice(at + 1).replace(/^tcp:\/\//, '');
  return { multiaddr: hostPortToMultiaddr(entry, rest), nodeId };
}

/** A config list: comma-separated (config.toml) or already an array; blanks are skipped. */
export function parsePeerList(list: string | readonly string[]): PeerAddress[] {
  const entries = typeof list === 'string' ? list.split(',') : list;
  return entries
    .map((e) => e.trim())
    .filter((e) => e !== '')
    .map(parsePeerAddress);
}

/** The dialable form: the multiaddr with /p2p/<peerId> when known. */
export function dialString(addr: PeerAddress): string {
  return addr.peerId ? `${addr.multiaddr}/p2p/${addr.peerId}` : addr.multiaddr;
}

/** A stable key for one configured peer, whichever way it was written. */
export function peerAddressKey(addr: PeerAddress): string {
  return addr.peerId ?? (addr.nodeId ? `node:${addr.nodeId}` : `addr:${addr.multiaddr}`);
}
