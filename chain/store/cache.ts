import { OrderedMap } from 'js-sdsl';
import { type KVStore } from './kv.js';
import { fromHex, toHexLower } from '../types/bytes.js';

const DELETED = null;

/**
 * A branch over a parent store: reads fall through, writes stay here until write() applies them to the parent in key
 * order. A failed tx or message simply drops its branch, which is how the SDK's CacheMultiStore rolls back.
 */
export class CacheStore implements KVStore {
  private readonly writes = new OrderedMap<string, Uint8Array | null>();

  constructor(private readonly parent: KVStore) {}

  get(key: Uint8Array): Uint8Array | undefined {
    const w = this.writes.getElementByKey(toHexLower(key));
    if (w !== undefined) return w === DELETED ? undefined : w;
    return this.parent.get(key);
  }

  has(key: Uint8Array): boolean {
    return this.get(key) !== undefined;
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.writes.setElement(toHexLower(key), value);
  }

  delete(key: Uint8Array): void {
    this.writes.setElement(toHexLower(key), DELETED);
  }

  /** Applies the buffered writes to the parent and clears them. */
  write(): void {
    this.writes.forEach(([k, v]) => {
      if (v === DELETED) this.parent.delete(fromHex(k));
      else this.parent.set(fromHex(k), v);
    });
    this.writes.clear();
  }

  /** A branch of this branch. */
  branch(): CacheStore {
    return new CacheStore(this);
  }

  /** Merges the parent's entries with this branch's writes; the writes win. */
  *iterate(start?: Uint8Array, end?: Uint8Array, reverse = false): Iterable<[Uint8Array, Uint8Array]> {
    const s = start ? toHexLower(start) : undefined;
    const e = end ? toHexLower(end) : undefined;
    const local: Array<[string, Uint8Array | null]> = [];
    this.writes.forEach(([k, v]) => {
      if ((s === undefined || k >= s) && (e === undefined || k < e)) local.push([k, v]);
    });
    if (reverse) local.reverse();
    const before = (a: string, b: string) => (reverse ? a > b : a < b);
    let li = 0;
    for (const [pk, pv] of this.parent.iterate(start, end, reverse)) {
      const ph = toHexLower(pk);
      while (li < local.length && before(local[li]![0], ph)) {
        const [lk, lv] = local[li++]!;
        if (lv !== DELETED) yield [fromHex(lk), lv];
      }
      if (li < local.length && local[li]![0] === ph) {
        const [, lv] = local[li++]!;
        if (lv !== DELETED) yield [pk, lv];
        continue;
      }
      yield [pk, pv];
    }
    while (li < local.length) {
      const [lk, lv] = local[li++]!;
      if (lv !== DELETED) yield [fromHex(lk), lv];
    }
  }

  /** The keys this branch changed (hex, sorted), with null for deletions. */
  changes(): Array<[string, Uint8Array | null]> {
    const out: Array<[string, Uint8Array | null]> = [];
    this.writes.forEach(([k, v]) => out.push([k, v]));
    return out;
  }
}
