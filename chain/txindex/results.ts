import type { FinalizeBlockResponse } from '../abci.js';
import { SUBLEVELS, type BatchOp, type ChainDb, type SubDb } from '../store/db.js';
import { getBytes } from './subget.js';
import { decodeFinalizeBlockResponse, encodeFinalizeBlockResponse } from './codec.js';

export interface BlockResultsStoreDeps {
  db: ChainDb;
}

function heightKey(height: number): Uint8Array {
  if (!Number.isSafeInteger(height) || height < 0) throw new RangeError(`invalid height ${height}`);
  const key = new Uint8Array(8);
  new DataView(key.buffer).setBigUint64(0, BigInt(height));
  return key;
}

/**
 * Each block's FinalizeBlock response (for `block_results`), keyed by height (u64 big-endian), in the binary
 * layout of codec.ts. Writes are batch ops for the block's atomic commit.
 */
export class BlockResultsStore {
  private readonly sub: SubDb;

  constructor(_opts: Record<string, never>, deps: BlockResultsStoreDeps) {
    this.sub = deps.db.sub(SUBLEVELS.results);
  }

  saveOps(height: number, res: FinalizeBlockResponse): BatchOp[] {
    return [{ type: 'put', sublevel: this.sub, key: heightKey(height), value: encodeFinalizeBlockResponse(res) }];
  }

  async load(height: number): Promise<FinalizeBlockResponse | undefined> {
    if (!Number.isSafeInteger(height) || height < 0) return undefined;
    const buf = await getBytes(this.sub, heightKey(height));
    return buf ? decodeFinalizeBlockResponse(buf) : undefined;
  }
}
