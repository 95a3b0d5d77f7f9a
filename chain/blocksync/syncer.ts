/**
 * The fetching side of block sync. It keeps asking connected peers which heights they hold; when the best peer is
 * more than one block ahead of the engine (a node that starts behind, restarts after a while, or comes back from a
 * partition), it fetches consecutive blocks with their commits, and hands each to the engine, which verifies the
 * commit against the validator set recorded for that height and commits the block through its decision path. When
 * it reaches the best peer's height it stops and consensus (which keeps running meanwhile) carries on from there.
 * A peer that serves a malformed response, a block that does not follow, or a commit that does not verify is
 * reported (scored down) and not asked again until its next status.
 */
import type { SyncApplyResult } from '../consensus/engine.js';
import type { Scheduler } from '../consensus/scheduler.js';
import type { PeerEvent } from '../p2p/peer-manager.js';
import type { PeerOffence } from '../p2p/peer-score.js';
import type { RequestOptions } from '../p2p/req-resp.js';
import type { Block, Commit } from '../types/block.js';
import type { Logger } from '../util/log.js';
import {
  BLOCKSYNC_PROTOCOL,
  decodeRangeResponse,
  encodeRangeRequest,
  MAX_BLOCKS_PER_REQUEST,
  responseProblem,
  type BlockRangeRequest,
  type BlockRangeResponse,
} from './codec.js';
import { PeerHeights } from './peer-heights.js';
import { Progress, type ProgressSink } from '../util/progress.js';

/** What block sync needs from the network (P2PHost provides it). */
export interface SyncNetwork {
  peers(): ReadonlyArray<{ peerId: string }>;
  onPeerEvent(listener: (e: PeerEvent) => void): () => void;
  request(peer: string, name: string, body: Uint8Array, opts?: RequestOptions): Promise<Uint8Array>;
  reportPeer(peer: string, offence: PeerOffence, detail?: string): void;
}

/** What block sync needs from consensus (ConsensusEngine provides it). */
export interface SyncTarget {
  latestHeight(): number;
  applySyncedBlock(block: Block, commit: Commit): Promise<SyncApplyResult>;
}

export interface BlockSyncOpts {
  /** Blocks per request. */
  batchSize: number;
  /** How often every peer is asked for its height. */
  statusIntervalMs: number;
  requestTimeoutMs: number;
  maxResponseBytes: number;
  /** How often progress is logged while syncing. */
  progressLogMs: number;
}

export const DEFAULT_BLOCK_SYNC_OPTS: BlockSyncOpts = {
  batchSize: 20,
  statusIntervalMs: 2000,
  requestTimeoutMs: 10_000,
  maxResponseBytes: 64 << 20,
  progressLogMs: 5000,
};

export interface BlockSyncDeps {
  network: SyncNetwork;
  target: SyncTarget;
  scheduler: Scheduler;
  logger: Logger;
  /** Where sync progress (blocks/s, ETA) goes; defaults to the process's (chain/util/progress.ts). */
  progress?: ProgressSink;
}

export interface SyncProgress {
  syncing: boolean;
  height: number;
  /** The best height a peer claims. */
  target: number;
  peers: number;
  /** Blocks applied by block sync since start. */
  applied: number;
}

export class BlockSyncer {
  private readonly heights = new PeerHeights();
  private readonly log: Logger;
  private unsubscribe: (() => void) | null = null;
  private timer: unknown = null;
  private loop: Promise<void> | null = null;
  private stopped = true;
  private applied = 0;

  constructor(
    private readonly opts: BlockSyncOpts,
    private readonly deps: BlockSyncDeps,
  ) {
    if (!(opts.batchSize >= 1 && opts.batchSize <= MAX_BLOCKS_PER_REQUEST)) {
      throw new Error(`block sync: batchSize must be in [1, ${MAX_BLOCKS_PER_REQUEST}], got ${opts.batchSize}`);
    }
    if (!(opts.statusIntervalMs > 0 && opts.requestTimeoutMs > 0))
      throw new Error('block sync: intervals and timeouts must be positive');
    this.log = deps.logger.child({ module: 'blocksync' });
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = this.deps.network.onPeerEvent((e) => {
      if (e.type === 'connected') void this.poll(e.peer.peerId);
      else this.heights.delete(e.peerId);
    });
    this.pollAll();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer !== null) this.deps.scheduler.clearTimeout(this.timer);
    this.timer = null;
    await this.loop;
  }

  /** True while fetching blocks (RPC status `catching_up`). */
  get catchingUp(): boolean {
    return this.loop !== null;
  }

  progress(): SyncProgress {
    return {
      syncing: this.catchingUp,
      height: this.deps.target.latestHeight(),
      target: this.heights.maxHeight(),
      peers: this.heights.size,
      applied: this.applied,
    };
  }

  private pollAll(): void {
    if (this.stopped) return;
    for (const p of this.deps.network.peers()) void this.poll(p.peerId);
    this.timer = this.deps.scheduler.setTimeout(() => {
      this.timer = null;
      this.pollAll();
    }, this.opts.statusIntervalMs);
  }

  private nowMs(): number {
    return Number(this.deps.scheduler.now() / 1_000_000n);
  }

  /** Asks a peer which heights it holds (a request for zero blocks). Never throws. */
  private async poll(peer: string): Promise<void> {
    try {
      const res = await this.fetch(peer, { from: 0, count: 0 });
      if (!res || this.stopped) return;
      this.maybeSync();
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'block sync: status poll failed');
    }
  }

  /** One request; on any failure the peer is forgotten until its next status (and scored if it misbehaved). */
  private async fetch(peer: string, req: BlockRangeRequest): Promise<BlockRangeResponse | null> {
    let bytes: Uint8Array;
    try {
      bytes = await this.deps.network.request(peer, BLOCKSYNC_PROTOCOL, encodeRangeRequest(req), {
        timeoutMs: this.opts.requestTimeoutMs,
        maxResponseBytes: this.opts.maxResponseBytes,
      });
    } catch (err) {
      this.heights.delete(peer);
      this.log.debug({ peer, err: (err as Error).message }, 'block sync: request failed');
      return null;
    }
    let res: BlockRangeResponse;
    try {
      res = decodeRangeResponse(bytes);
    } catch (err) {
      this.blame(peer, (err as Error).message);
      return null;
    }
    const problem = responseProblem(req, res);
    if (problem) {
      this.blame(peer, problem);
      return null;
    }
    this.heights.set(peer, { base: res.base, height: res.height });
    return res;
  }

  private blame(peer: string, reason: string): void {
    this.heights.delete(peer);
    this.log.warn({ peer, reason }, 'block sync: peer served bad data; reported');
    this.deps.network.reportPeer(peer, 'invalid', `blocksync: ${reason}`);
  }

  private maybeSync(): void {
    if (this.stopped || this.loop) return;
    if (this.heights.maxHeight() <= this.deps.target.latestHeight() + 1) return;
    this.loop = this.syncLoop()
      .catch((err: unknown) => this.log.error({ err: (err as Error).message }, 'block sync stopped on an error'))
      .finally(() => {
        this.loop = null;
      });
  }

  private async syncLoop(): Promise<void> {
    const startHeight = this.deps.target.latestHeight();
    this.log.info(
      { height: startHeight, target: this.heights.maxHeight(), peers: this.heights.size },
      'block sync: behind peers, fetching blocks',
    );
    let lastLog = this.nowMs();
    const progress = new Progress(
      { task: 'block sync', unit: 'blocks', total: Math.max(0, this.heights.maxHeight() - startHeight) },
      { sink: this.deps.progress, now: () => this.nowMs() },
    );
    while (!this.stopped) {
      const next = this.deps.target.latestHeight() + 1;
      if (this.heights.maxHeight() < next) break;
      const peer = this.heights.pick(next);
      if (!peer) break;
      const count = Math.min(this.opts.batchSize, this.heights.get(peer)!.height - next + 1);
      const res = await this.fetch(peer, { from: next, count });
      if (!res) continue;
      for (const { block, commit } of res.blocks) {
        if (this.stopped) break;
        const r = await this.deps.target.applySyncedBlock(block, commit);
        if (r.status === 'invalid') {
          this.blame(peer, r.reason);
          break;
        }
        if (r.status === 'applied') this.applied++;
      }
      progress.update(
        this.deps.target.latestHeight() - startHeight,
        Math.max(0, this.heights.maxHeight() - startHeight),
      );
      if (this.nowMs() - lastLog >= this.opts.progressLogMs) {
        lastLog = this.nowMs();
        this.log.info(
          { height: this.deps.target.latestHeight(), target: this.heights.maxHeight() },
          'block sync: progress',
        );
      }
    }
    progress.finish();
    const height = this.deps.target.latestHeight();
    this.log.info(
      { height, target: this.heights.maxHeight(), fetched: height - startHeight },
      height >= this.heights.maxHeight()
        ? 'block sync: caught up; consensus continues'
        : 'block sync: no peer can serve more blocks for now',
    );
  }
}
