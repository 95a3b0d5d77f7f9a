/**
 * Protobuf JSON as the SDK's grpc-gateway prints it (gogoproto jsonpb, OrigName, EmitDefaults): snake_case field
 * names, 64-bit integers as strings, bytes as base64, Durations as "172800s", Timestamps as RFC 3339 (exact to the
 * nanosecond, see withDefaults), and every
 * google.protobuf.Any expanded to `{"@type": "<type url>", ...fields}`.
 *
 * Input is the camelCase output of ts-proto's toJSON (cosmjs-types and proto/gen) or a decoded ts-proto object; Any
 * values are expanded through a table of known types, falling back to the tx MsgRegistry's decoders, and finally to
 * `{"@type", "value": <base64>}` for a type nobody registered.
 */
import type { JsonFixup } from '../../chain/client/module-client.js';
import type { JsonCodec, TypeRegistry } from '../../chain/client/type-registry.js';
import type { MsgRegistry } from '../../chain/tx/registry.js';
import { withDefaults } from '../../chain/app/rest-route.js';
import { formatDurationJson } from '../../chain/types/duration.js';
import { toBase64 } from '../../chain/types/bytes.js';
import { snakeCase } from '../../chain/util/json-case.js';

export type JsonObject = { [key: string]: unknown };

/** Nesting bound for Any expansion (the tx decoder already bounds nesting; this keeps rendering safe on its own). */
const MAX_ANY_DEPTH = 16;

function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function keysAre(o: JsonObject, keys: string[]): boolean {
  const own = Object.keys(o).filter((k) => o[k] !== undefined);
  return own.length === keys.length && keys.every((k) => k in o);
}

export class RestJson {
  constructor(
    private readonly codecs: ReadonlyMap<string, JsonCodec>,
    private readonly registry?: MsgRegistry,
    private readonly fixups: ReadonlyMap<string, JsonFixup> = new Map(),
  ) {}

  /** Renders toJSON output (or a decoded message) in the gateway's JSON. */
  render(v: unknown, depth = 0): unknown {
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Uint8Array) return toBase64(v);
    if (Array.isArray(v)) return v.map((x) => this.render(x, depth));
    if (!isPlainObject(v)) return v;
    const typeUrl = v.typeUrl ?? v.type_url;
    if (typeof typeUrl === 'string' && (keysAre(v, ['typeUrl', 'value']) || keysAre(v, ['type_url', 'value']))) {
      const value =
        v.value instanceof Uint8Array
          ? v.value
          : typeof v.value === 'string'
            ? Uint8Array.from(Buffer.from(v.value, 'base64'))
            : new Uint8Array();
      return this.any(typeUrl, value, depth + 1);
    }
    if (
      keysAre(v, ['seconds', 'nanos']) &&
      (typeof v.seconds === 'string' || typeof v.seconds === 'bigint') &&
      typeof v.nanos === 'number'
    ) {
      return formatDurationJson(BigInt(v.seconds) * 1_000_000_000n + BigInt(v.nanos));
    }
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      const key = snakeCase(k);
      // The SDK's PageResponse prints an absent next_key as null.
      out[key] =
        key === 'next_key' && (x === '' || (x instanceof Uint8Array && x.length === 0)) ? null : this.render(x, depth);
    }
    return out;
  }

  /** `{"@type": typeUrl, ...fields}` for an Any's payload. */
  any(typeUrl: string, value: Uint8Array, depth = 0): JsonObject {
    if (depth > MAX_ANY_DEPTH) return { '@type': typeUrl, value: toBase64(value) };
    try {
      const codec = this.codecs.get(typeUrl);
      const msgType = codec ? undefined : this.registry?.get(typeUrl);
      const decoded = codec ? codec.decode(value) : msgType?.decode(value);
      const fields = codec
        ? this.render(withDefaults(codec.toJSON(decoded), decoded), depth)
        : msgType
          ? this.render(decoded, depth)
          : undefined;
      if (fields !== undefined) {
        const out: JsonObject = { '@type': typeUrl, ...(fields as JsonObject) };
        this.fixups.get(typeUrl)?.(out);
        return out;
      }
    } catch {
      // An undecodable payload is shown raw rather than failing the whole response.
    }
    return { '@type': typeUrl, value: toBase64(value) };
  }

  /** Decodes with a codec and renders: `message(QueryBalanceResponse, bytes)`. */
  message(codec: JsonCodec, bytes: Uint8Array): JsonObject {
    const decoded = codec.decode(bytes);
    return this.render(withDefaults(codec.toJSON(decoded), decoded)) as JsonObject;
  }
}

/** The printer of a type registry's types (the REST server's and the CLI's). */
export function restJsonOf(types: TypeRegistry, registry?: MsgRegistry): RestJson {
  return new RestJson(types.jsonCodecs(), registry, types.jsonFixups());
}
