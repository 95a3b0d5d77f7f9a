import { sha256 } from '@noble/hashes/sha2.js';
import type { CheckTxResult, MempoolApplication } from '../abci.js';
import { toHexLower } from '../types/bytes.js';
import { Errors } from '../types/errors.js';
import type { Logger } from '../util/log.js';

export interface MempoolOpts {
  /** Most txs held at once (CometBFT mempool.size). */
  maxTxs: number;
  /** Most bytes held at once (CometBFT mempool.max_txs_bytes). */
  maxTotalBytes: number;
  /** Largest single tx (CometBFT mempool.max_tx_bytes). */
  maxTxBytes: number;
  /** How many recently seen tx hashes are remembered to refuse duplicates (CometBFT mempool.cache_size). */
  cacheSize: number;
}

export const DEFAULT_MEMPOOL_OPTS: MempoolOpts = {
  maxTxs: 5000,
  maxTotalBytes: 1 << 30,
  maxTxBytes: 1 << 20,
  cacheSize: 10000,
};

export interface MempoolDeps {
  app: MempoolApplication;
  log: Logger;
}

/** Thrown for a tx the mempool refuses before CheckTx (CometBFT answers these as JSON-RPC errors). */
export class MempoolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MempoolError';
  }
}

interface Entry {
  tx: Uint8Array;
  hash: string;
  gasWanted: bigint;
}

/**
 * A FIFO mempool (CometBFT's clist mempool): CheckTx on entry, reaped in arrival order by the proposer, and after each
 * block the committed txs leave and the rest are re-checked against the new state.
 */
export class Mempool {
  private readonly entries = new Map<string, Entry>();
  private readonly seen = new Map<string, true>();
  private bytes = 0;
  private readonly listeners: Array<(tx: Uint8Array) => void> = [];

  constructor(
    private readonly opts: MempoolOpts,
    private readonly deps: MempoolDeps,
  ) {}

  static hashOf(tx: Uint8Array): string {
    return toHexLower(sha256(tx));
  }

  /** Runs CheckTx and keeps the tx when it passes. Throws MempoolError for duplicates (CometBFT's "tx already exists in cache"). */
  checkTx(tx: Uint8Array): CheckTxResult {
    if (tx.length > this.opts.maxTxBytes) {
      const e = Errors.TxTooLarge.wrap(`tx too large. Max size is ${this.opts.maxTxBytes}, but got ${tx.length}`);
      return { code: e.code, codespace: e.codespace, log: e.message, gasWanted: 0n, gasUsed: 0n, events: [] };
    }
    const hash = Mempool.hashOf(tx);
    // The bounded cache may have forgotten a tx the pool still holds; letting it in again would count its bytes twice.
    if (this.seen.has(hash) || this.entries.has(hash)) throw new MempoolError('tx already exists in cache');
    if (this.entries.size >= this.opts.maxTxs || this.bytes + tx.length > this.opts.maxTotalBytes) {
      const e = Errors.MempoolIsFull.wrap(
        `mempool is full: number of txs ${this.entries.size} (max: ${this.opts.maxTxs}), total txs bytes ${this.bytes} (max: ${this.opts.maxTotalBytes})`,
      );
      return { code: e.code, codespace: e.codespace, log: e.message, gasWanted: 0n, gasUsed: 0n, events: [] };
    }
    this.remember(hash);
    const res = this.deps.app.checkTx(tx, 'new');
    if (res.code !== 0) {
      // A failed tx may become valid later (e.g. after a deposit); let it be resubmitted.
      this.seen.delete(hash);
      return res;
    }
    this.entries.set(hash, { tx, hash, gasWanted: res.gasWanted });
    this.bytes += tx.length;
    for (const l of this.listeners) l(tx);
    return res;
  }

  /** Txs in arrival order up to the byte and gas limits (-1 = no gas limit). */
  reap(maxBytes: number, maxGas: bigint = -1n): Uint8Array[] {
    const out: Uint8Array[] = [];
    let bytes = 0;
    let gas = 0n;
    for (const e of this.entries.values()) {
      if (bytes + e.tx.length > maxBytes) break;
      if (maxGas >= 0n && gas + e.gasWanted > maxGas) break;
      out.push(e.tx);
      bytes += e.tx.length;
      gas += e.gasWanted;
    }
    return out;
  }

  /** After a block: drop its txs, then re-check what is left against the new state. */
  update(_height: number, committedTxs: Uint8Array[]): void {
    for (const tx of committedTxs) {
      const hash = Mempool.hashOf(tx);
      this.remember(hash);
      const e = this.entries.get(hash);
      if (e) {
        this.entries.delete(hash);
        this.bytes -= e.tx.length;
      }
    }
    this.deps.app.resetCheckState();
    for (const e of [...this.entries.values()]) {
      const res = this.deps.app.checkTx(e.tx, 'recheck');
      if (res.code !== 0) {
        this.entries.delete(e.hash);
        this.bytes -= e.tx.length;
        this.seen.delete(e.hash);
        this.deps.log.debug({ hash: e.hash, code: res.code, log: res.log }, 'tx dropped from the mempool on recheck');
      }
    }
  }

  has(tx: Uint8Array): boolean {
    return this.entries.has(Mempool.hashOf(tx));
  }

  size(): number {
    return this.entries.size;
  }

  totalBytes(): number {
    return this.bytes;
  }

  txs(limit = Number.MAX_SAFE_INTEGER): Uint8Array[] {
    return [...this.entries.values()].slice(0, limit).map((e) => e.tx);
  }

  /** For gossip: called with every tx that enters the mempool. */
  onTxAdded(listener: (tx: Uint8Array) => void): void {
    this.listeners.push(listener);
  }

  private remember(hash: string): void {
    this.seen.delete(hash);
    this.seen.set(hash, true);
    while (this.seen.size > this.opts.cacheSize) this.seen.delete(this.seen.keys().next().value!);
  }
}
