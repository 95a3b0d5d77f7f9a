import { BlockMeta as PbBlockMeta } from 'cosmjs-types/tendermint/types/types';
import { SUBLEVELS, type BatchOp, type ChainDb, type SubDb } from '../store/db.js';
import type { Block, BlockId, Commit, Header } from '../types/block.js';
import { makeBlockId } from '../block/hashing.js';
import {
  blockIdFromProto,
  blockIdToProto,
  decodeBlock,
  decodeCommit,
  encodeCommit,
  headerFromProto,
  headerToProto,
} from '../block/proto-codec.js';
import { ValidatorSet } from '../block/validator-set.js';

/**
 * Decided blocks with their commits (sublevel `b`), written with sync so a saved block survives a crash. Per
 * height: the block, its meta (id, size, tx count, header), the commit that decided it as this node saw it ("seen
 * commit") and, once the next block lands, the canonical commit carried in that block's LastCommit. Also the
 * validator set that must sign each height, for RPC `validators` and for verifying commits during block sync.
 */
export interface BlockMeta {
  blockId: BlockId;
  blockSize: number;
  header: Header;
  numTxs: number;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

function key(prefix: string, height: number): Uint8Array {
  const k = new Uint8Array(9);
  k[0] = prefix.charCodeAt(0);
  new DataView(k.buffer).setBigUint64(1, BigInt(height));
  return k;
}
const K = {
  block: (h: number) => key('H', h),
  meta: (h: number) => key('M', h),
  seenCommit: (h: number) => key('S', h),
  blockCommit: (h: number) => key('C', h),
  validators: (h: number) => key('V', h),
  hash: (hash: Uint8Array) => {
    const k = new Uint8Array(1 + hash.length);
    k[0] = 'X'.charCodeAt(0);
    k.set(hash, 1);
    return k;
  },
  state: enc.encode('state'),
};

/** SubDb.get's overloads confuse inference; values in this sublevel are always bytes. */
async function getBytes(sub: SubDb, k: Uint8Array): Promise<Uint8Array | undefined> {
  return (await sub.get(k)) as Uint8Array | undefined;
}

export class BlockStore {
  private constructor(
    private readonly db: ChainDb,
    private readonly sub: SubDb,
    private baseHeight: number,
    private topHeight: number,
  ) {}

  static async open(db: ChainDb): Promise<BlockStore> {
    const sub = db.sub(SUBLEVELS.blocks);
    const raw = await getBytes(sub, K.state);
    let base = 0;
    let height = 0;
    if (raw) {
      const j = JSON.parse(dec.decode(raw)) as { base: number; height: number };
      base = j.base;
      height = j.height;
    }
    return new BlockStore(db, sub, base, height);
  }

  /** Lowest stored height (0 when empty). */
  base(): number {
    return this.baseHeight;
  }

  /** Highest stored height (0 when empty). */
  height(): number {
    return this.topHeight;
  }

  /** Saves a decided block durably. Heights must follow on (or start the store). */
  async saveBlock(block: Block, blockId: BlockId, seenCommit: Commit): Promise<void> {
    const h = block.header.height;
    if (this.topHeight > 0 && h !== this.topHeight + 1) {
      throw new Error(`block store can only append: have ${this.topHeight}, got block ${h}`);
    }
    const { bytes } = makeBlockId(block);
    const meta = PbBlockMeta.encode({
      blockId: blockIdToProto(blockId),
      blockSize: BigInt(bytes.length),
      header: headerToProto(block.header),
      numTxs: BigInt(block.txs.length),
    }).finish();
    const base = this.baseHeight === 0 ? h : this.baseHeight;
    const ops: BatchOp[] = [
      { type: 'put', sublevel: this.sub, key: K.block(h), value: bytes },
      { type: 'put', sublevel: this.sub, key: K.meta(h), value: meta },
      { type: 'put', sublevel: this.sub, key: K.hash(blockId.hash), value: enc.encode(String(h)) },
      { type: 'put', sublevel: this.sub, key: K.seenCommit(h), value: encodeCommit(seenCommit) },
      { type: 'put', sublevel: this.sub, key: K.state, value: enc.encode(JSON.stringify({ base, height: h })) },
    ];
    if (h > base)
      ops.push({ type: 'put', sublevel: this.sub, key: K.blockCommit(h - 1), value: encodeCommit(block.lastCommit) });
    await this.db.batch(ops, { sync: true });
    this.baseHeight = base;
    this.topHeight = h;
  }

  async loadBlock(height: number): Promise<Block | null> {
    const raw = await getBytes(this.sub, K.block(height));
    return raw ? decodeBlock(raw) : null;
  }

  async loadBlockByHash(hash: Uint8Array): Promise<Block | null> {
    const h = await this.heightOfHash(hash);
    return h === null ? null : this.loadBlock(h);
  }

  async heightOfHash(hash: Uint8Array): Promise<number | null> {
    const raw = await getBytes(this.sub, K.hash(hash));
    return raw ? Number(dec.decode(raw)) : null;
  }

  async loadBlockMeta(height: number): Promise<BlockMeta | null> {
    const raw = await getBytes(this.sub, K.meta(height));
    if (!raw) return null;
    const p = PbBlockMeta.decode(raw);
    return {
      blockId: blockIdFromProto(p.blockId),
      blockSize: Number(p.blockSize),
      header: headerFromProto(p.header),
      numTxs: Number(p.numTxs),
    };
  }

  /** The commit this node collected when it decided `height`. */
  async loadSeenCommit(height: number): Promise<Commit | null> {
    const raw = await getBytes(this.sub, K.seenCommit(height));
    return raw ? decodeCommit(raw) : null;
  }

  /** The canonical commit for `height`: the LastCommit of block height+1 (null until that block exists). */
  async loadBlockCommit(height: number): Promise<Commit | null> {
    const raw = await getBytes(this.sub, K.blockCommit(height));
    return raw ? decodeCommit(raw) : null;
  }

  /** Canonical commit if there is one, else the seen commit (RPC `commit` of the latest height). */
  async loadCommit(height: number): Promise<{ commit: Commit; canonical: boolean } | null> {
    const c = await this.loadBlockCommit(height);
    if (c) return { commit: c, canonical: true };
    const s = await this.loadSeenCommit(height);
    return s ? { commit: s, canonical: false } : null;
  }

  /** Ops that record the validator set that must sign `height`; the caller puts them in its atomic batch. */
  validatorSetOps(height: number, set: ValidatorSet): BatchOp[] {
    return [{ type: 'put', sublevel: this.sub, key: K.validators(height), value: set.encode() }];
  }

  async loadValidatorSet(height: number): Promise<ValidatorSet | null> {
    const raw = await getBytes(this.sub, K.validators(height));
    return raw ? ValidatorSet.decode(raw) : null;
  }
}
