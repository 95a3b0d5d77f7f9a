import { OrderedMap } from 'js-sdsl';
import { type KVStore } from './kv.js';
import { fromHex, toHexLower } from '../types/bytes.js';

/** A plain in-memory sorted store (red-black tree keyed by lower-case hex, which sorts as the bytes do): the committed state, and a test double. */
export class SortedStore implements KVStore {
  private readonly map = new OrderedMap<string, Uint8Array>();

  get(key: Uint8Array): Uint8Array | undefined {
    return this.map.getElementByKey(toHexLower(key));
  }

  has(key: Uint8Array): boolean {
    return this.map.getElementByKey(toHexLower(key)) !== undefined;
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.map.setElement(toHexLower(key), value);
  }

  delete(key: Uint8Array): void {
    this.map.eraseElementByKey(toHexLower(key));
  }

  size(): number {
    return this.map.size();
  }

  *iterate(start?: Uint8Array, end?: Uint8Array, reverse = false): Iterable<[Uint8Array, Uint8Array]> {
    const s = start ? toHexLower(start) : undefined;
    const e = end ? toHexLower(end) : undefined;
    if (!reverse) {
      const it = s === undefined ? this.map.begin() : this.map.lowerBound(s);
      for (; !it.equals(this.map.end()); it.next()) {
        const [k, v] = it.pointer;
        if (e !== undefined && k >= e) return;
        yield [fromHex(k), v];
      }
    } else {
      // js-sdsl's reverseUpperBound returns a forward iterator: walk it backwards with pre().
      if (this.map.size() === 0) return;
      const it = e === undefined ? this.map.end().pre() : this.map.reverseUpperBound(e);
      if (it.equals(this.map.end())) return;
      while (true) {
        const [k, v] = it.pointer;
        if (s !== undefined && k < s) return;
        yield [fromHex(k), v];
        if (it.equals(this.map.begin())) return;
        it.pre();
      }
    }
  }
}
