/** P2PHost options, their defaults and validation. Every number that was chosen on purpose says why. */
import { listenAddressToMultiaddr, parsePeerList, type PeerAddress } from './addresses.js';
import { STANDARD_CHANNELS, type ChannelSpec } from './channels.js';
import { DEFAULT_PEER_SCORE_PARAMS, type PeerScoreParams } from './peer-score.js';

export interface DialBackoff {
  minMs: number;
  maxMs: number;
  factor: number;
}

export interface P2POptions {
  chainId: string;
  moniker: string;
  /** `tcp://127.0.0.1:26656` (CometBFT) or a multiaddr; port 0 picks a free port. */
  listenAddress: string;
  /** config.toml `persistent_peers`: kept connected, redialled with backoff. */
  persistentPeers: string | readonly string[];
  /** config.toml `seeds`: dialled once at start to get into the network. */
  seeds: string | readonly string[];
  maxPeers: number;
  /** The peer book file (data/addrbook.json); omit to keep peers in memory only (or pass deps.peerBook). */
  peerStorePath?: string;
  channels: readonly ChannelSpec[];
  dialBackoff: DialBackoff;
  /** A peer that connected to us must say hello within this time. */
  helloTimeoutMs: number;
  scoring: PeerScoreParams;
  /** Reported in Hello and identify. */
  version: string;
  /** How many peers the book remembers. */
  maxKnownPeers: number;
  /** Peer exchange: while below `pexTargetPeers`, ask each new peer for the peers it knows and dial them. */
  pex: boolean;
  pexTargetPeers: number;
}

const DEFAULT_P2P_OPTIONS: Omit<P2POptions, 'chainId' | 'moniker'> = {
  listenAddress: 'tcp://0.0.0.0:26656',
  persistentPeers: [],
  seeds: [],
  // CometBFT's default max_num_inbound_peers + outbound is 50; our networks are far smaller.
  maxPeers: 50,
  channels: STANDARD_CHANNELS,
  // 0.5 s first retry so a localnet that starts all nodes at once converges fast; 30 s cap as CometBFT's
  // persistent-peer redial settles on.
  dialBackoff: { minMs: 500, maxMs: 30_000, factor: 2 },
  helloTimeoutMs: 10_000,
  scoring: DEFAULT_PEER_SCORE_PARAMS,
  version: '0.1.0',
  maxKnownPeers: 500,
  pex: true,
  // Enough for a validator to reach every other validator of a small network through one seed.
  pexTargetPeers: 10,
};

export interface ResolvedP2POptions extends P2POptions {
  listenMultiaddr: string;
  persistent: PeerAddress[];
  seedAddrs: PeerAddress[];
}

const CHAIN_ID = /^[A-Za-z0-9._-]{1,50}$/;

/** What callers pass: chain id and moniker, anything else overrides a default (scoring field by field). */
export type P2PInputOptions = Partial<Omit<P2POptions, 'scoring'>> &
  Pick<P2POptions, 'chainId' | 'moniker'> & { scoring?: Partial<PeerScoreParams> };

export function resolveP2POptions(opts: P2PInputOptions): ResolvedP2POptions {
  const o: P2POptions = {
    ...DEFAULT_P2P_OPTIONS,
    ...opts,
    scoring: { ...DEFAULT_P2P_OPTIONS.scoring, ...opts.scoring },
  };
  if (!CHAIN_ID.test(o.chainId)) throw new Error(`p2p: chain id ${JSON.stringify(o.chainId)} must match ${CHAIN_ID}`);
  if (!Number.isInteger(o.maxPeers) || o.maxPeers < 1)
    throw new Error(`p2p: maxPeers must be a positive integer, got ${o.maxPeers}`);
  const b = o.dialBackoff;
  if (!(b.minMs > 0 && b.maxMs >= b.minMs && b.factor >= 1))
    throw new Error('p2p: dialBackoff needs 0 < minMs <= maxMs and factor >= 1');
  if (!(o.helloTimeoutMs > 0)) throw new Error('p2p: helloTimeoutMs must be positive');
  return {
    ...o,
    listenMultiaddr: listenAddressToMultiaddr(o.listenAddress),
    persistent: parsePeerList(o.persistentPeers),
    seedAddrs: parsePeerList(o.seeds),
  };
}

/** Exponential backoff with ±20% jitter, so peers that lost each other at once do not redial in lockstep. */
export function backoffDelay(attempt: number, b: DialBackoff, random: () => number): number {
  const base = Math.min(b.maxMs, b.minMs * Math.pow(b.factor, Math.max(0, attempt)));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** config.toml `[p2p]` as node/config.ts reads it. */
export interface CometP2PConfig {
  laddr: string;
  persistent_peers: string;
  seeds: string;
  max_num_peers: number;
}

/** Maps config.toml `[p2p]` onto host options; the peer book lives at `<home>/data/addrbook.json` like CometBFT's. */
export function p2pOptionsFromConfig(
  cfg: CometP2PConfig,
  base: { chainId: string; moniker: string; homeDir: string },
): P2PInputOptions {
  return {
    chainId: base.chainId,
    moniker: base.moniker,
    listenAddress: cfg.laddr,
    persistentPeers: cfg.persistent_peers,
    seeds: cfg.seeds,
    maxPeers: cfg.max_num_peers,
    peerStorePath: `${base.homeDir.replace(/\/+$/, '')}/data/addrbook.json`,
  };
}
