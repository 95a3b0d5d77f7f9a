/**
 * The shape of a module's Cosmos REST (grpc-gateway style) route, for node/rest to mount: a GET path with :params,
 * the ABCI query it maps to, how to build the protobuf request, and how to render the response as the SDK's JSON.
 */
import { formatRfc3339Ns } from '../types/time.js';
import type { PageRequest } from 'cosmjs-types/cosmos/base/query/v1beta1/pagination';
import { toBase64 } from '../types/bytes.js';
import { snakeKeys } from '../util/json-case.js';

export interface RestRoute {
  method: 'GET';
  /** e.g. "/race/pricing/v1/votes/:provider" */
  path: string;
  /** e.g. "/race.pricing.v1.Query/PriceVote" */
  abciPath: string;
  /** Throws an Error with a clear message on bad input (the server answers 400). */
  toRequest(params: Record<string, string>, query: URLSearchParams): Uint8Array;
  /** The decoded response as REST JSON: snake_case keys, 64-bit integers as strings, bytes as base64. */
  toJson(response: Uint8Array): unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function isTimestamp(v: unknown): v is { seconds: bigint; nanos: number } {
  return (
    isObject(v) &&
    Object.keys(v).length === 2 &&
    typeof v.seconds === 'bigint' &&
    typeof v.nanos === 'number' &&
    Number.isInteger(v.nanos)
  );
}

function defaultJson(v: unknown): unknown {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return toBase64(v);
  if (Array.isArray(v)) return v.map(defaultJson);
  if (isObject(v)) return withDefaults({}, v);
  return v;
}

/**
 * ts-proto's toJSON leaves out zero values (empty lists, "", 0, unset messages); the SDK's gateway prints them
 * (EmitDefaults). Fills what `json` lacks from the decoded message it came from. Unset message fields stay absent:
 * ts-proto cannot tell them from unset oneof members, which the gateway leaves out.
 */
export function withDefaults(json: unknown, decoded: unknown): unknown {
  if (Array.isArray(json) && Array.isArray(decoded)) return json.map((j, i) => withDefaults(j, decoded[i]));
  // toJSON prints Timestamps through Date (milliseconds); the gateway prints RFC 3339 with every nanosecond.
  if (typeof json === 'string' && isTimestamp(decoded))
    return formatRfc3339Ns(decoded.seconds * 1_000_000_000n + BigInt(decoded.nanos));
  if (!isObject(json) || !isObject(decoded)) return json;
  const out: Record<string, unknown> = { ...json };
  for (const [k, v] of Object.entries(decoded)) {
    const filled = out[k] === undefined ? defaultJson(v) : withDefaults(out[k], v);
    if (filled !== undefined) out[k] = filled;
  }
  return out;
}

/** A response as REST JSON: decode, ts-proto toJSON, zero values filled in, snake_case keys. */
export function protoJson<T>(codec: { decode(b: Uint8Array): T; toJSON(m: T): unknown }, bytes: Uint8Array): unknown {
  const decoded = codec.decode(bytes);
  return snakeKeys(withDefaults(codec.toJSON(decoded), decoded));
}

/** The SDK's pagination query parameters (pagination.key/offset/limit/count_total/reverse). */
export function pageRequestFromQuery(q: URLSearchParams): PageRequest | undefined {
  const get = (k: string) => q.get(`pagination.${k}`);
  if (!['key', 'offset', 'limit', 'count_total', 'reverse'].some((k) => get(k) !== null)) return undefined;
  const uint = (k: string) => {
    const v = get(k);
    if (v === null || v === '') return 0n;
    if (!/^[0-9]{1,19}$/.test(v)) throw new Error(`pagination.${k} must be an unsigned integer`);
    return BigInt(v);
  };
  const bool = (k: string) => get(k) === 'true';
  const key = get('key');
  return {
    key: key ? Uint8Array.from(Buffer.from(key, 'base64')) : new Uint8Array(),
    offset: uint('offset'),
    limit: uint('limit'),
    countTotal: bool('count_total'),
    reverse: bool('reverse'),
  };
}
