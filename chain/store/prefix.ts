import { prefixEnd, type KVStore } from './kv.js';
import { concatBytes } from '../types/bytes.js';

/** A view of a parent store under a key prefix: a module's own slice of state. */
export class PrefixStore implements KVStore {
  private readonly end: Uint8Array | undefined;

  constructor(
    private readonly parent: KVStore,
    private readonly prefix: Uint8Array,
  ) {
    this.end = prefixEnd(prefix);
  }

  private k(key: Uint8Array): Uint8Array {
    return concatBytes(this.prefix, key);
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.parent.get(this.k(key));
  }

  has(key: Uint8Array): boolean {
    return this.parent.has(this.k(key));
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.parent.set(this.k(key), value);
  }

  delete(key: Uint8Array): void {
    this.parent.delete(this.k(key));
  }

  *iterate(start?: Uint8Array, end?: Uint8Array, reverse = false): Iterable<[Uint8Array, Uint8Array]> {
    const s = start ? this.k(start) : this.prefix;
    const e = end ? this.k(end) : this.end;
    for (const [key, value] of this.parent.iterate(s, e, reverse)) yield [key.subarray(this.prefix.length), value];
  }
}
