/**
 * The serving side of block sync: a height range in, stored blocks with their commits out (the canonical commit from
 * the next block's LastCommit where there is one, else the commit this node saw). Bounded by block count and bytes so
 * one request never makes a large response; at least one block is always sent when the first height is stored.
 */
import type { BlockStore } from '../blockstore/block-store.js';
import { decodeRangeRequest, encodeRangeResponse, MAX_BLOCKS_PER_REQUEST, type SyncedBlock } from './codec.js';

export interface BlockServerOpts {
  /** Stop adding blocks once the response holds this many bytes (the protocol's cap is 64 MiB). */
  maxResponseBytes: number;
  maxBlocks: number;
}

export const DEFAULT_BLOCK_SERVER_OPTS: BlockServerOpts = {
  maxResponseBytes: 16 << 20,
  maxBlocks: MAX_BLOCKS_PER_REQUEST,
};

export type BlockSource = Pick<BlockStore, 'base' | 'height' | 'loadBlock' | 'loadCommit'>;

export class BlockServer {
  constructor(
    private readonly opts: BlockServerOpts,
    private readonly deps: { store: BlockSource },
  ) {}

  /** The request handler (P2PHost.handle(BLOCKSYNC_PROTOCOL, ...)); a malformed request is an error reply. */
  readonly handle = async (request: Uint8Array): Promise<Uint8Array> => {
    const req = decodeRangeRequest(request);
    const { store } = this.deps;
    const base = store.base();
    const height = store.height();
    const blocks: SyncedBlock[] = [];
    let bytes = 0;
    const last = Math.min(height, req.from + Math.min(req.count, this.opts.maxBlocks) - 1);
    for (let h = Math.max(req.from, 1); h <= last && h >= base; h++) {
      const block = await store.loadBlock(h);
      const commit = (await store.loadCommit(h))?.commit;
      if (!block || !commit) break;
      blocks.push({ block, commit });
      bytes += estimateBytes(block);
      if (bytes >= this.opts.maxResponseBytes) break;
    }
    return encodeRangeResponse({ base, height, blocks });
  };
}

/** Cheap upper-bound-ish size of a block on the wire (txs dominate), without encoding it twice. */
function estimateBytes(block: SyncedBlock['block']): number {
  let n = 2048 + block.lastCommit.signatures.length * 128 + block.evidence.length * 1024;
  for (const tx of block.txs) n += tx.length + 8;
  return n;
}
