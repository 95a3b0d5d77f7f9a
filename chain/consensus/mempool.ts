import type { ExecTxResult } from '../abci.js';
import { toHexLower } from '../types/bytes.js';

/**
 * What consensus needs from the mempool (the node implements it over its real mempool). reap() gives the proposer
 * candidate txs in priority order within the limits; update() runs after each commit with the block's txs and
 * results so the mempool drops them and re-checks the rest against the new state.
 */
export interface ConsensusMempool {
  reap(maxBytes: number, maxGas: bigint): Uint8Array[];
  update(height: number, committedTxs: Uint8Array[], results: ExecTxResult[]): Promise<void> | void;
}

/** No txs ever (tests; a node without a mempool). */
export class EmptyMempool implements ConsensusMempool {
  reap(): Uint8Array[] {
    return [];
  }
  update(): void {}
}

/** A FIFO list for tests: txs stay until committed. */
export class ArrayMempool implements ConsensusMempool {
  readonly txs: Uint8Array[] = [];

  add(tx: Uint8Array): void {
    this.txs.push(tx);
  }

  reap(maxBytes: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    let size = 0;
    for (const tx of this.txs) {
      if (size + tx.length > maxBytes) break;
      size += tx.length;
      out.push(tx);
    }
    return out;
  }

  update(_height: number, committed: Uint8Array[]): void {
    const done = new Set(committed.map((t) => toHexLower(t)));
    for (let i = this.txs.length - 1; i >= 0; i--) if (done.has(toHexLower(this.txs[i]!))) this.txs.splice(i, 1);
  }
}
