import { Level } from 'level';

/**
 * One level database per node (data/chain.db). Each owner takes a sublevel by a fixed name; writes that must be atomic
 * across owners (a block's state, results and tx index) go through one `db.batch` with per-operation sublevels.
 */
export type BytesLevel = Level<Uint8Array, Uint8Array>;
export type SubDb = ReturnType<BytesLevel['sublevel']> & {
  get(key: Uint8Array): Promise<Uint8Array | undefined>;
};

/** Sublevel names, one per owner. Never reuse or rename one: existing data lives under them. */
export const SUBLEVELS = {
  state: 's',
  stateMeta: 'sm',
  blocks: 'b',
  results: 'r',
  txIndex: 'x',
  consensus: 'c',
  evidence: 'e',
  peers: 'p',
} as const;

export type BatchOp =
  | { type: 'put'; sublevel: SubDb; key: Uint8Array; value: Uint8Array }
  | { type: 'del'; sublevel: SubDb; key: Uint8Array };

export class ChainDb {
  private constructor(readonly level: BytesLevel) {}

  static async open(location: string): Promise<ChainDb> {
    const level = new Level<Uint8Array, Uint8Array>(location, { keyEncoding: 'view', valueEncoding: 'view' });
    await level.open();
    return new ChainDb(level);
  }

  sub(name: (typeof SUBLEVELS)[keyof typeof SUBLEVELS]): SubDb {
    return this.level.sublevel<Uint8Array, Uint8Array>(name, { keyEncoding: 'view', valueEncoding: 'view' }) as SubDb;
  }

  /** Atomic across sublevels; `sync` makes it durable before resolving (fsync), used for commits. */
  async batch(ops: BatchOp[], opts: { sync?: boolean } = {}): Promise<void> {
    if (ops.length === 0) return;
    await this.level.batch(ops as never, { sync: opts.sync ?? true } as never);
  }

  async close(): Promise<void> {
    await this.level.close();
  }
}
