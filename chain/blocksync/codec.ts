/**
 * Wire format of the block-sync request protocol (`/race/<chainId>/req/blocks/1.0.0`). A request asks for `count`
 * blocks from height `from` (count 0 = only "what do you have?"); a response says which heights the server holds and
 * carries consecutive blocks from `from`, each with a commit that decided it. Protobuf varints and length-prefixed
 * bytes (the tendermint.types encodings of Block and Commit); decoding throws a plain Error that names the problem.
 */
import { BinaryReader, BinaryWriter } from 'cosmjs-types/binary';
import { decodeBlock, decodeCommit, encodeBlock, encodeCommit } from '../block/proto-codec.js';
import type { Block, Commit } from '../types/block.js';

export const BLOCKSYNC_PROTOCOL = 'blocks';
/** Most blocks one request may ask for (a server may send fewer). */
export const MAX_BLOCKS_PER_REQUEST = 100;
const VERSION = 1;

export interface BlockRangeRequest {
  from: number;
  count: number;
}

export interface SyncedBlock {
  block: Block;
  commit: Commit;
}

export interface BlockRangeResponse {
  /** Lowest and highest height the server has (0, 0 when it has none). */
  base: number;
  height: number;
  blocks: SyncedBlock[];
}

function safeHeight(v: bigint, what: string): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`${what} out of range`);
  return Number(v);
}

export function encodeRangeRequest(r: BlockRangeRequest): Uint8Array {
  return BinaryWriter.create().uint32(VERSION).uint64(BigInt(r.from)).uint32(r.count).finish();
}

export function decodeRangeRequest(bytes: Uint8Array): BlockRangeRequest {
  try {
    const rd = new BinaryReader(bytes);
    const version = rd.uint32();
    if (version !== VERSION) throw new Error(`unsupported version ${version}`);
    const from = safeHeight(rd.uint64(), 'from');
    const count = rd.uint32();
    if (rd.pos !== bytes.length) throw new Error('trailing bytes');
    if (count > 0 && from < 1) throw new Error('from must be at least 1');
    if (count > MAX_BLOCKS_PER_REQUEST) throw new Error(`count ${count} exceeds ${MAX_BLOCKS_PER_REQUEST}`);
    return { from, count };
  } catch (e) {
    throw new Error(`malformed block range request: ${(e as Error).message}`, { cause: e });
  }
}

export function encodeRangeResponse(r: BlockRangeResponse): Uint8Array {
  const w = BinaryWriter.create()
    .uint32(VERSION)
    .uint64(BigInt(r.base))
    .uint64(BigInt(r.height))
    .uint32(r.blocks.length);
  for (const b of r.blocks) w.bytes(encodeBlock(b.block)).bytes(encodeCommit(b.commit));
  return w.finish();
}

export function decodeRangeResponse(bytes: Uint8Array): BlockRangeResponse {
  try {
    const rd = new BinaryReader(bytes);
    const version = rd.uint32();
    if (version !== VERSION) throw new Error(`unsupported version ${version}`);
    const base = safeHeight(rd.uint64(), 'base');
    const height = safeHeight(rd.uint64(), 'height');
    const n = rd.uint32();
    if (n > MAX_BLOCKS_PER_REQUEST) throw new Error(`${n} blocks exceed ${MAX_BLOCKS_PER_REQUEST}`);
    if (base > height) throw new Error(`base ${base} above height ${height}`);
    const blocks: SyncedBlock[] = [];
    for (let i = 0; i < n; i++) {
      const block = decodeBlock(rd.bytes());
      const commit = decodeCommit(rd.bytes());
      blocks.push({ block, commit });
    }
    if (rd.pos !== bytes.length) throw new Error('trailing bytes');
    return { base, height, blocks };
  } catch (e) {
    throw new Error(`malformed block range response: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * What a response must look like for the request it answers: consecutive blocks starting at `from`, no more than
 * asked, each commit for its block's height, and nothing above the height the server claims. Returns the reason it
 * does not, or null.
 */
export function responseProblem(req: BlockRangeRequest, res: BlockRangeResponse): string | null {
  if (res.blocks.length > req.count) return `asked for ${req.count} blocks, got ${res.blocks.length}`;
  for (let i = 0; i < res.blocks.length; i++) {
    const { block, commit } = res.blocks[i]!;
    const want = req.from + i;
    if (block.header.height !== want) return `block ${i} is at height ${block.header.height}, expected ${want}`;
    if (commit.height !== want) return `commit ${i} is for height ${commit.height}, expected ${want}`;
    if (want > res.height) return `sent block ${want} above its own height ${res.height}`;
  }
  if (req.count > 0 && res.blocks.length === 0 && res.height >= req.from && res.base <= req.from) {
    return `claims height ${res.height} but sent no block from ${req.from}`;
  }
  return null;
}
