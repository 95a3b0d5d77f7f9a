import { fromHex, toHexUpper } from '../types/bytes.js';

/** JSON for records holding bigints and byte arrays (state, saved ABCI responses): tagged so they round-trip exactly. */
export function toTaggedJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (typeof x === 'bigint') return { $n: x.toString() };
    if (x instanceof Uint8Array) return { $b: toHexUpper(x) };
    return x;
  });
}

export function fromTaggedJson<T>(s: string): T {
  return JSON.parse(s, (_k, x: unknown) => {
    if (x && typeof x === 'object' && !Array.isArray(x)) {
      const o = x as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 1 && typeof o.$n === 'string') return BigInt(o.$n);
      if (keys.length === 1 && typeof o.$b === 'string') return fromHex(o.$b);
    }
    return x;
  }) as T;
}
