/** Small builders for ABCI-backed REST routes in the modules' RestRoute shape. */
import { withDefaults, type RestRoute } from './rest-route.js';
import type { JsonCodec } from '../client/type-registry.js';

interface Encoder<T> {
  encode(message: T): { finish(): Uint8Array };
}

/** GET `path` → ABCI `abciPath` with the request `build` makes; the response printed from its toJSON. */
export function queryRoute<Req>(
  path: string,
  abciPath: string,
  req: Encoder<Req>,
  res: JsonCodec,
  build: (params: Record<string, string>, query: URLSearchParams) => Req,
): RestRoute {
  return {
    method: 'GET',
    path,
    abciPath,
    toRequest: (p, q) => req.encode(build(p, q)).finish(),
    toJson: (bytes) => {
      const decoded = res.decode(bytes);
      return withDefaults(res.toJSON(decoded), decoded);
    },
  };
}

/** A required query-string parameter (e.g. `?denom=`); a clear error when it is missing. */
export function requiredQuery(q: URLSearchParams, name: string): string {
  const v = q.get(name);
  if (v === null || v === '') throw new Error(`query parameter ${name} is required`);
  return v;
}

export function boolQuery(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  if (v === null || v === '' || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return true;
  throw new Error(`query parameter ${name} must be true or false, got ${JSON.stringify(v.slice(0, 50))}`);
}

/** An unsigned 64-bit integer (path or query), as the gateway parses it. */
export function uint64(value: string | undefined | null, name: string): bigint {
  if (value === undefined || value === null || !/^[0-9]{1,20}$/.test(value) || BigInt(value) > 0xffffffffffffffffn) {
    throw new Error(`${name} must be an unsigned integer, got ${JSON.stringify(String(value).slice(0, 50))}`);
  }
  return BigInt(value);
}
