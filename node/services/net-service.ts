/**
 * The node's network: one P2PHost carrying consensus (and evidence) gossip, mempool gossip and the block-sync
 * request protocol, plus the block syncer. Start order: start() brings up the host (before the consensus engine, so
 * the engine's first messages have somewhere to go); startSync(engine) once the engine runs; stop() after the engine
 * stopped.
 */
import { BlockServer, DEFAULT_BLOCK_SERVER_OPTS, type BlockSource } from '../../chain/blocksync/server.js';
import { BLOCKSYNC_PROTOCOL } from '../../chain/blocksync/codec.js';
import {
  BlockSyncer,
  DEFAULT_BLOCK_SYNC_OPTS,
  type BlockSyncOpts,
  type SyncProgress,
  type SyncTarget,
} from '../../chain/blocksync/syncer.js';
import { systemScheduler, type Scheduler } from '../../chain/consensus/scheduler.js';
import type { TxAdmission } from '../../chain/mempool/admission.js';
import type { Mempool } from '../../chain/mempool/mempool.js';
import {
  BLOCKSYNC_LIMITS,
  GOSSIP_MAX_MESSAGE_BYTES,
  P2PHost,
  STANDARD_CHANNELS,
  type ChannelSpec,
  type P2PHostOptions,
  type P2PMetrics,
  type PeerBook,
} from '../../chain/p2p/index.js';
import type { Logger } from '../../chain/util/log.js';
import type { PeerView } from '../rpc/backend.js';
import { CONSENSUS_CHANNEL, EVIDENCE_CHANNEL, P2PConsensusTransport } from './net-consensus.js';
import { MEMPOOL_CHANNEL, MempoolGossip } from './net-mempool.js';
import { peerView } from './net-peers.js';

export interface NetworkServiceOpts {
  /** Host options (p2pOptionsFromConfig); `channels` is filled in here. */
  p2p: Omit<P2PHostOptions, 'channels'>;
  /** consensus_params.block.max_bytes: a proposal or decision carries a whole block. */
  maxBlockBytes: number;
  sync?: Partial<BlockSyncOpts>;
}

export interface NetworkServiceDeps {
  nodeKey: { seed: Uint8Array };
  logger: Logger;
  mempool: Pick<Mempool, 'checkTx' | 'onTxAdded'>;
  /** Batches peers' txs for parallel signature verification before CheckTx (absent: CheckTx one by one). */
  admission?: TxAdmission;
  blockStore: BlockSource;
  scheduler?: Scheduler;
  metrics?: P2PMetrics;
  peerBook?: PeerBook;
}

/** Room for the proposal/commit around a block of max_bytes. */
const CONSENSUS_OVERHEAD_BYTES = 1 << 20;

/** The standard channels with this node's validators, and the consensus cap raised to fit a maximal block (up to the gossip frame limit). */
export function nodeChannels(
  transport: P2PConsensusTransport,
  mempool: MempoolGossip,
  maxBlockBytes: number,
  base: readonly ChannelSpec[] = STANDARD_CHANNELS,
): ChannelSpec[] {
  return base.map((c) => {
    switch (c.name) {
      case CONSENSUS_CHANNEL:
        // A proposal carries a whole block, but no gossip message can exceed the frame limit: the engine builds
        // blocks that fit (transport.maxMessageBytes), so a larger block.max_bytes only raises the cap up to it.
        return {
          ...c,
          maxMessageBytes: Math.min(
            GOSSIP_MAX_MESSAGE_BYTES,
            Math.max(c.maxMessageBytes, maxBlockBytes + CONSENSUS_OVERHEAD_BYTES),
          ),
          validate: transport.validateConsensus,
        };
      case EVIDENCE_CHANNEL:
        return { ...c, validate: transport.validateEvidence };
      case MEMPOOL_CHANNEL:
        return { ...c, validate: mempool.validate };
      default:
        return { ...c };
    }
  });
}

export class NetworkService {
  readonly host: P2PHost;
  readonly transport: P2PConsensusTransport;
  private readonly gossip: MempoolGossip;
  private readonly server: BlockServer;
  private syncer: BlockSyncer | null = null;
  private readonly log: Logger;

  constructor(
    private readonly opts: NetworkServiceOpts,
    private readonly deps: NetworkServiceDeps,
  ) {
    this.log = deps.logger;
    // The host needs the channel validators and they need the host: bind lazily through this.
    const p2p = {
      broadcast: (channel: string, data: Uint8Array) => this.host.broadcast(channel, data),
      on: (channel: string, handler: (data: Uint8Array, from: string) => void) => this.host.on(channel, handler),
    };
    this.transport = new P2PConsensusTransport({}, { p2p, logger: deps.logger });
    this.gossip = new MempoolGossip(
      {},
      {
        p2p,
        mempool: deps.mempool,
        admission: deps.admission,
        isSyncing: () => this.catchingUp(),
        logger: deps.logger,
      },
    );
    this.server = new BlockServer(DEFAULT_BLOCK_SERVER_OPTS, { store: deps.blockStore });
    this.host = new P2PHost(
      { ...opts.p2p, channels: nodeChannels(this.transport, this.gossip, opts.maxBlockBytes, STANDARD_CHANNELS) },
      { nodeKey: deps.nodeKey, logger: deps.logger, metrics: deps.metrics, peerBook: deps.peerBook },
    );
  }

  async start(): Promise<void> {
    await this.host.handle(BLOCKSYNC_PROTOCOL, this.server.handle, BLOCKSYNC_LIMITS);
    await this.host.start();
    this.gossip.start();
  }

  /** Starts block sync against a running engine; call after engine.start(). */
  startSync(target: SyncTarget): void {
    if (this.syncer) return;
    this.syncer = new BlockSyncer(
      { ...DEFAULT_BLOCK_SYNC_OPTS, ...this.opts.sync },
      { network: this.host, target, scheduler: this.deps.scheduler ?? systemScheduler, logger: this.log },
    );
    this.syncer.start();
  }

  /** Stops block sync first (it feeds the engine), so call before stopping the engine. */
  async stopSync(): Promise<void> {
    await this.syncer?.stop();
  }

  async stop(): Promise<void> {
    await this.stopSync();
    this.gossip.stop();
    await this.host.stop();
  }

  catchingUp(): boolean {
    return this.syncer?.catchingUp ?? false;
  }

  syncProgress(): SyncProgress | null {
    return this.syncer?.progress() ?? null;
  }

  peers(): PeerView[] {
    return this.host.peers().map((p) => peerView(p, this.opts.p2p.chainId));
  }

  /** Our dialable addresses (empty before start). */
  listenAddrs(): string[] {
    return this.host.started ? this.host.listenAddrs() : [];
  }
}
