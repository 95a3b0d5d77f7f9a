import { toHex } from '@cosmjs/encoding';
import type { BatchOp, ChainDb, SubDb } from './db.js';
import { SUBLEVELS } from './db.js';
import { utf8, type KVReader } from './kv.js';
import { fromHex } from '../types/bytes.js';
import { MerkleTree } from './merkle.js';
import { SortedStore } from './sorted-store.js';

export interface CommitInfo {
  height: number;
  appHash: Uint8Array;
}

const META_KEY = utf8('latest');

/**
 * The committed application state: all of it in memory (a sorted map for reads and iteration, a Merkle tree for the
 * app hash) with level as the durable copy. A block's writes are staged into the tree at FinalizeBlock (to return the
 * app hash) and applied to the map and the disk together at Commit, in the same atomic batch as the block's results
 * and tx index (extra ops from the caller). On open the state is reloaded and its recomputed root must equal the stored
 * app hash: a mismatch means corruption and stops the node rather than letting it sign a wrong state.
 */
export class CommitStore {
  private readonly state: SubDb;
  private readonly meta: SubDb;
  private readonly tree = new MerkleTree();
  private readonly committed = new SortedStore();
  private info: CommitInfo = { height: 0, appHash: new Uint8Array(0) };

  private constructor(private readonly db: ChainDb) {
    this.state = db.sub(SUBLEVELS.state);
    this.meta = db.sub(SUBLEVELS.stateMeta);
  }

  static async open(db: ChainDb): Promise<CommitStore> {
    const store = new CommitStore(db);
    await store.load();
    return store;
  }

  private async load(): Promise<void> {
    for await (const [k, v] of this.state.iterator()) {
      const key = Uint8Array.from(k as Uint8Array);
      const value = Uint8Array.from(v as Uint8Array);
      this.committed.set(key, value);
      this.tree.set(key, value);
    }
    const raw = (await this.meta.get(META_KEY)) as Uint8Array | undefined;
    if (raw === undefined) {
      if (this.committed.size() > 0)
        throw new Error('state store has data but no commit info: the database is corrupt');
      return;
    }
    const parsed = JSON.parse(new TextDecoder().decode(raw)) as { height: number; appHash: string };
    this.info = { height: parsed.height, appHash: fromHex(parsed.appHash) };
    const root = this.tree.rootHash();
    if (toHex(root) !== parsed.appHash) {
      throw new Error(
        `state root ${toHex(root)} does not match the committed app hash ${parsed.appHash} at height ${parsed.height}: the state store is corrupt`,
      );
    }
  }

  /** The committed state: what queries and new branches read. */
  reader(): KVReader & { iterate: SortedStore['iterate'] } {
    return this.committed;
  }

  /** Backing store for the branch a block executes in (writes go to a CacheStore on top, never here directly). */
  base(): SortedStore {
    return this.committed;
  }

  lastCommit(): CommitInfo {
    return this.info;
  }

  /** Applies a block's changes (hex key → value, null = delete) to the tree and returns the resulting app hash. */
  stage(changes: ReadonlyArray<[string, Uint8Array | null]>): Uint8Array {
    for (const [hk, v] of changes) {
      const key = fromHex(hk);
      if (v === null) this.tree.delete(key);
      else this.tree.set(key, v);
    }
    return this.tree.rootHash();
  }

  /**
   * Persists the staged changes with the caller's extra ops in one synced batch, then updates the in-memory state.
   * The changes must be the same ones passed to stage().
   */
  async commit(
    height: number,
    changes: ReadonlyArray<[string, Uint8Array | null]>,
    extraOps: BatchOp[] = [],
  ): Promise<CommitInfo> {
    const appHash = this.tree.rootHash();
    const ops: BatchOp[] = [];
    for (const [hk, v] of changes) {
      const key = fromHex(hk);
      ops.push(
        v === null ? { type: 'del', sublevel: this.state, key } : { type: 'put', sublevel: this.state, key, value: v },
      );
    }
    ops.push({
      type: 'put',
      sublevel: this.meta,
      key: META_KEY,
      value: utf8(JSON.stringify({ height, appHash: toHex(appHash) })),
    });
    await this.db.batch([...ops, ...extraOps], { sync: true });
    for (const [hk, v] of changes) {
      if (v === null) this.committed.delete(fromHex(hk));
      else this.committed.set(fromHex(hk), v);
    }
    this.info = { height, appHash };
    return this.info;
  }
}
