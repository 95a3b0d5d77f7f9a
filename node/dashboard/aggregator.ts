/**
 * The dashboard's history, kept by the node itself so a browser never fetches blocks: each committed block's events
 * are folded into bounded rings of per-block points (the recent past), per-bucket points (a bucket is `bucketBlocks`
 * blocks: a year of one-second blocks fits in the default ring) and per-epoch points. Pure: fed blocks, read by
 * the dashboard's API; nothing here touches state, so its numbers are for display only.
 */
import type { AbciEvent } from '../../chain/types/events.js';
import { Ring } from './ring.js';

export interface BlockInput {
  height: number;
  timeNs: bigint;
  txResults: ReadonlyArray<{ code: number; events: readonly AbciEvent[] }>;
  /** Block-level (BeginBlock / EndBlock) events. */
  events: readonly AbciEvent[];
}

export interface BlockPoint {
  height: number;
  /** Block time, unix seconds. */
  time: number;
  /** Seconds since the previous block (null for the first block seen). */
  interval: number | null;
  txs: number;
  failedTxs: number;
  inferences: number;
  settled: number;
  /** Completion tokens of the inferences settled in this block (tokens/s = this / interval). */
  completionTokens: number;
  priceVotes: number;
  nonces: number;
}

/** One request this node relayed: when its first token arrived and how long after the request (the API's TTFT). */
export interface FirstTokenPoint {
  /** Unix seconds. */
  time: number;
  ms: number;
}

export interface BucketPoint {
  fromHeight: number;
  toHeight: number;
  time: number;
  blocks: number;
  /** Mean block interval over the bucket, seconds (null until two blocks were seen). */
  meanInterval: number | null;
  txs: number;
  inferences: number;
}

export interface EpochPoint {
  epoch: number;
  startHeight: number | null;
  /** Participants that submitted nonces in this epoch's race. */
  submitters: number;
  nonces: number;
  /** Total weight of the validator set this epoch's start put in force. */
  weightInForce: string | null;
  validators: number | null;
  /** The unit price decided for this epoch (nicoin), once its previous epoch ended. */
  unitPrice: string | null;
  priceVotes: number;
  disputes: number;
  convictions: number;
  inferences: number;
}

export interface ExecutorShare {
  address: string;
  inferences: number;
}

export interface DashboardHistory {
  height: number;
  blocks: BlockPoint[];
  buckets: BucketPoint[];
  epochs: EpochPoint[];
  executors: ExecutorShare[];
  /** Time to first token of the latest requests relayed by this node (all kept ones in a full reply). */
  firstTokens: FirstTokenPoint[];
}

export interface AggregatorOpts {
  /** Recent blocks kept one by one (default 1200). */
  recentBlocks?: number;
  /** Blocks per long-range bucket (default 600). */
  bucketBlocks?: number;
  /** Buckets kept (default 60 000: 36 M blocks, over a year at one block a second). */
  buckets?: number;
  /** Epochs kept (default 10 000). */
  epochs?: number;
  /** Executors tracked for the share table (default 256; the least busy is dropped when full). */
  executors?: number;
  /** Most points of a long series in one reply (default 400; longer series are merged down). */
  maxPoints?: number;
  /** Time-to-first-token samples kept (default 400). */
  firstTokens?: number;
}

const attr = (e: AbciEvent, key: string): string | undefined => e.attributes.find((a) => a.key === key)?.value;
const intAttr = (e: AbciEvent, key: string): number | undefined => {
  const v = attr(e, key);
  return v !== undefined && /^\d{1,15}$/.test(v) ? Number(v) : undefined;
};
/** "123nicoin" → "123". */
const nicoin = (v: string | undefined): string | null => (v && /^\d+nicoin$/.test(v) ? v.slice(0, -6) : null);

export class DashboardAggregator {
  private readonly blocks: Ring<BlockPoint>;
  private readonly buckets: Ring<BucketPoint>;
  private readonly epochs: Ring<EpochPoint>;
  private readonly firstTokens: Ring<FirstTokenPoint>;
  private readonly submitters = new Map<number, Set<string>>();
  private readonly executors = new Map<string, number>();
  private readonly bucketBlocks: number;
  private readonly maxExecutors: number;
  private readonly maxPoints: number;
  private lastTime: number | undefined;
  private height = 0;
  private currentEpoch: number | undefined;

  constructor(opts: AggregatorOpts = {}) {
    this.blocks = new Ring(opts.recentBlocks ?? 1200);
    this.buckets = new Ring(opts.buckets ?? 60_000);
    this.epochs = new Ring(opts.epochs ?? 10_000);
    this.firstTokens = new Ring(opts.firstTokens ?? 400);
    this.bucketBlocks = opts.bucketBlocks ?? 600;
    this.maxExecutors = opts.executors ?? 256;
    this.maxPoints = opts.maxPoints ?? 400;
  }

  /** A request relayed by this node got its first token `ms` after it arrived (told by the inference API). */
  onFirstToken(ms: number, nowMs: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.firstTokens.push({ time: nowMs / 1000, ms });
  }

  /** Whether events without an epoch attribute (votes, requests) still lack an epoch to count toward. */
  needsEpoch(): boolean {
    return this.currentEpoch === undefined;
  }

  /** The epoch running at the latest block, when the node knows it at start (before any epoch-start event). */
  seedEpoch(epoch: number, startHeight: number | null): void {
    if (this.currentEpoch !== undefined) return;
    this.currentEpoch = epoch;
    this.epoch(epoch).startHeight ??= startHeight;
  }

  onBlock(b: BlockInput): void {
    if (b.height <= this.height) return; // replays after a restart would count twice
    this.height = b.height;
    const time = Number(b.timeNs / 1_000_000n) / 1000;
    const point: BlockPoint = {
      height: b.height,
      time,
      interval: this.lastTime === undefined ? null : Math.max(0, time - this.lastTime),
      txs: b.txResults.length,
      failedTxs: b.txResults.filter((r) => r.code !== 0).length,
      inferences: 0,
      settled: 0,
      completionTokens: 0,
      priceVotes: 0,
      nonces: 0,
    };
    this.lastTime = time;
    const events = [...b.txResults.filter((r) => r.code === 0).flatMap((r) => r.events), ...b.events];
    for (const e of events) this.fold(e, point);
    this.blocks.push(point);
    this.addToBucket(point);
  }

  private fold(e: AbciEvent, p: BlockPoint): void {
    switch (e.type) {
      case 'race_epoch_start': {
        const n = intAttr(e, 'epoch');
        if (n === undefined) return;
        this.currentEpoch = n;
        const ep = this.epoch(n);
        ep.startHeight = intAttr(e, 'start_height') ?? null;
        ep.weightInForce = attr(e, 'total_weight') ?? null;
        ep.validators = intAttr(e, 'validators') ?? null;
        return;
      }
      case 'race_proof_batch': {
        const n = intAttr(e, 'epoch');
        const count = intAttr(e, 'nonces') ?? 0;
        p.nonces += count;
        if (n === undefined) return;
        this.epoch(n).nonces += count;
        const who = attr(e, 'participant');
        if (!who) return;
        const set = this.submitters.get(n) ?? new Set<string>();
        this.submitters.set(n, set);
        set.add(who);
        this.epoch(n).submitters = set.size;
        return;
      }
      case 'unit_price': {
        const n = intAttr(e, 'epoch');
        if (n !== undefined) this.epoch(n).unitPrice = nicoin(attr(e, 'price'));
        return;
      }
      case 'unit_price_vote':
        p.priceVotes++;
        this.inCurrent((ep) => ep.priceVotes++);
        return;
      case 'inference_started': {
        p.inferences++;
        this.inCurrent((ep) => ep.inferences++);
        const ex = attr(e, 'executor');
        if (ex) this.countExecutor(ex);
        return;
      }
      case 'inference_settled':
        p.settled++;
        p.completionTokens += intAttr(e, 'completion_tokens') ?? 0;
        return;
      case 'race_item_disputed': {
        const n = intAttr(e, 'epoch');
        if (n !== undefined) this.epoch(n).disputes++;
        return;
      }
      case 'race_double_sign':
        this.inCurrent((ep) => ep.convictions++);
        return;
    }
  }

  private inCurrent(f: (ep: EpochPoint) => void): void {
    if (this.currentEpoch !== undefined) f(this.epoch(this.currentEpoch));
  }

  /** The record of epoch n, made (and the oldest dropped) when n is newer than every kept epoch. */
  private epoch(n: number): EpochPoint {
    const last = this.epochs.last();
    if (last && n <= last.epoch) {
      const found = this.epochs.findLast((e) => e.epoch === n);
      // An epoch older than the ring is not kept; a throwaway record absorbs its late events.
      return found ?? emptyEpoch(n);
    }
    const ep = emptyEpoch(n);
    this.epochs.push(ep);
    for (const k of this.submitters.keys()) if (k < n - 2) this.submitters.delete(k);
    return ep;
  }

  private countExecutor(address: string): void {
    if (!this.executors.has(address) && this.executors.size >= this.maxExecutors) {
      let least: [string, number] | undefined;
      for (const entry of this.executors) if (!least || entry[1] < least[1]) least = entry;
      if (least) this.executors.delete(least[0]);
    }
    this.executors.set(address, (this.executors.get(address) ?? 0) + 1);
  }

  private addToBucket(p: BlockPoint): void {
    const from = p.height - ((p.height - 1) % this.bucketBlocks);
    let b = this.buckets.last();
    if (!b || b.fromHeight !== from) {
      b = { fromHeight: from, toHeight: p.height, time: p.time, blocks: 0, meanInterval: null, txs: 0, inferences: 0 };
      this.buckets.push(b);
    }
    if (p.interval !== null) {
      const n = b.meanInterval === null ? 0 : b.blocks;
      b.meanInterval = ((b.meanInterval ?? 0) * n + p.interval) / (n + 1);
    }
    b.toHeight = p.height;
    b.time = p.time;
    b.blocks++;
    b.txs += p.txs;
    b.inferences += p.inferences;
  }

  /**
   * What the browser draws. since = 0: everything, long series merged down to maxPoints; since > 0: the blocks after
   * `since` and the newest epochs and buckets, which the browser merges by key.
   */
  history(since = 0): DashboardHistory {
    const executors = [...this.executors]
      .map(([address, inferences]) => ({ address, inferences }))
      .sort((a, b) => b.inferences - a.inferences || (a.address < b.address ? -1 : 1))
      .slice(0, 50);
    if (since > 0)
      return {
        height: this.height,
        blocks: this.blocks.toArray().filter((b) => b.height > since),
        buckets: this.buckets.toArray().slice(-2),
        epochs: this.epochs.toArray().slice(-3),
        executors,
        firstTokens: this.firstTokens.toArray().slice(-20),
      };
    return {
      height: this.height,
      blocks: this.blocks.toArray(),
      buckets: mergeDown(this.buckets.toArray(), this.maxPoints, mergeBuckets),
      epochs: this.epochs.toArray().slice(-this.maxPoints),
      executors,
      firstTokens: this.firstTokens.toArray(),
    };
  }
}

function emptyEpoch(epoch: number): EpochPoint {
  return {
    epoch,
    startHeight: null,
    submitters: 0,
    nonces: 0,
    weightInForce: null,
    validators: null,
    unitPrice: null,
    priceVotes: 0,
    disputes: 0,
    convictions: 0,
    inferences: 0,
  };
}

function mergeBuckets(a: BucketPoint, b: BucketPoint): BucketPoint {
  const ia = a.meanInterval === null ? 0 : a.blocks;
  const ib = b.meanInterval === null ? 0 : b.blocks;
  return {
    fromHeight: a.fromHeight,
    toHeight: b.toHeight,
    time: b.time,
    blocks: a.blocks + b.blocks,
    meanInterval: ia + ib === 0 ? null : ((a.meanInterval ?? 0) * ia + (b.meanInterval ?? 0) * ib) / (ia + ib),
    txs: a.txs + b.txs,
    inferences: a.inferences + b.inferences,
  };
}

/** Merges runs of neighbours so at most `max` points remain (the newest run may be shorter). */
export function mergeDown<T>(points: T[], max: number, merge: (a: T, b: T) => T): T[] {
  if (points.length <= max) return points;
  const per = Math.ceil(points.length / max);
  const out: T[] = [];
  for (let i = 0; i < points.length; i += per) out.push(points.slice(i, i + per).reduce(merge));
  return out;
}
