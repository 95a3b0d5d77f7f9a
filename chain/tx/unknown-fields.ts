/**
 * The SDK's RejectUnknownFields (codec/unknownproto) plus the Any unpacking limits of its interface registry,
 * in one pass over the raw bytes:
 * - a field the schema does not list is rejected, unless its number has the non-critical bit (1024) set and the
 *   caller allows those (only TxBody does); error texts follow the SDK's;
 * - a known field with the wrong wire type is rejected;
 * - every Any is resolved by type URL (unknown → "unable to resolve type URL <url>") and walked into;
 * - Any nesting is limited as MaxUnpackAnyRecursionDepth (10) and MaxUnpackAnySubCalls (100) do: both counted per
 *   top-level Any, as the SDK's statefulUnpacker counts them;
 * - plain message nesting is capped (MAX_MESSAGE_NESTING) so hostile input cannot exhaust the JS stack.
 * Stricter than the SDK, on purpose: string fields must be valid UTF-8 and a non-repeated field may not appear twice
 * (Go would merge or overwrite, JS decoders overwrite; rejecting keeps both readings identical).
 */
import { type AnyRole, type FieldSpec, type MessageSchema, schemaTypeName } from './schema.js';
import {
  WireError,
  WireType,
  checkPacked,
  checkUtf8,
  decodeUtf8,
  readFieldValue,
  readTag,
  wireTypeName,
} from './wire.js';

export const MAX_UNPACK_ANY_RECURSION_DEPTH = 10;
export const MAX_UNPACK_ANY_SUB_CALLS = 100;
/** protowire allows 10 000 levels; a JS stack does not, and no valid tx nests plain messages this deep. */
const MAX_MESSAGE_NESTING = 100;

const NON_CRITICAL_BIT = 1 << 10;

/** How an Any's payload is checked once its type URL is known. */
export type ResolvedAny =
  | { schema: MessageSchema }
  /** For types registered without a field table: the payload must survive decode → encode unchanged. */
  | { canonical: (value: Uint8Array) => boolean };

export interface AnyResolver {
  resolve(typeUrl: string, role: AnyRole): ResolvedAny | undefined;
}

export interface UnknownFieldOptions {
  allowUnknownNonCriticals: boolean;
  resolver: AnyResolver;
}

/** Returns whether non-critical unknown fields were seen (the SDK's hasUnknownNonCriticals); throws WireError. */
export function rejectUnknownFields(bytes: Uint8Array, schema: MessageSchema, opts: UnknownFieldOptions): boolean {
  const walker = new Walker(opts);
  walker.walk(bytes, schema, 0, undefined);
  return walker.hasUnknownNonCriticals;
}

interface AnyBudget {
  depthLeft: number;
  calls: { left: number };
}

function expectedWireType(spec: FieldSpec): number {
  switch (spec.kind) {
    case 'varint':
    case 'sint':
      return WireType.Varint;
    case 'fixed64':
      return WireType.Fixed64;
    case 'fixed32':
      return WireType.Fixed32;
    default:
      return WireType.Bytes;
  }
}

class Walker {
  hasUnknownNonCriticals = false;

  constructor(private readonly opts: UnknownFieldOptions) {}

  walk(buf: Uint8Array, schema: MessageSchema, nesting: number, budget: AnyBudget | undefined): void {
    if (buf.length === 0) return;
    if (nesting >= MAX_MESSAGE_NESTING) throw new WireError(`message nesting exceeds ${MAX_MESSAGE_NESTING} levels`);
    const typeName = schemaTypeName(schema);
    const seen: number[] = [];
    let pos = 0;
    while (pos < buf.length) {
      const tag = readTag(buf, pos);
      const spec = schema.fields[tag.fieldNumber];
      const value = readFieldValue(buf, pos + tag.length, tag.wireType);
      pos = value.next;

      if (spec === undefined) {
        const critical = (tag.fieldNumber & NON_CRITICAL_BIT) === 0;
        if (!critical) this.hasUnknownNonCriticals = true;
        if (critical || !this.opts.allowUnknownNonCriticals) {
          throw new WireError(
            `errUnknownField "${typeName}": {TagNum: ${tag.fieldNumber}, WireType: "${wireTypeName(tag.wireType)}"}`,
          );
        }
        continue;
      }

      const want = expectedWireType(spec);
      const packed = spec.repeated === true && want !== WireType.Bytes && tag.wireType === WireType.Bytes;
      if (tag.wireType !== want && !packed) {
        throw new WireError(
          `Mismatched "${typeName}": {TagNum: ${tag.fieldNumber}, GotWireType: "${wireTypeName(tag.wireType)}" != WantWireType: "${wireTypeName(want)}"}`,
        );
      }
      if (!spec.repeated) {
        if (seen.includes(tag.fieldNumber))
          throw new WireError(`field ${tag.fieldNumber} of ${typeName} appears more than once`);
        seen.push(tag.fieldNumber);
      }

      const payload = buf.subarray(value.start, value.end);
      if (packed) {
        checkPacked(buf, value.start, value.end, want);
      } else if (spec.kind === 'string') {
        checkUtf8(payload);
      } else if (spec.kind === 'message') {
        this.walk(payload, spec.message(), nesting + 1, budget);
      } else if (spec.kind === 'any') {
        this.walkAny(payload, spec.role, nesting + 1, budget);
      }
    }
  }

  private walkAny(buf: Uint8Array, role: AnyRole, nesting: number, budget: AnyBudget | undefined): void {
    const { typeUrl, value } = this.readAny(buf);
    if (role === 'opaque') return;

    const resolved = this.opts.resolver.resolve(typeUrl, role);
    if (resolved === undefined) throw new WireError(`unable to resolve type URL ${typeUrl}`);

    const current = budget ?? { depthLeft: MAX_UNPACK_ANY_RECURSION_DEPTH, calls: { left: MAX_UNPACK_ANY_SUB_CALLS } };
    if (current.depthLeft === 0) {
      throw new WireError(`max depth exceeded: Any nesting is limited to ${MAX_UNPACK_ANY_RECURSION_DEPTH} levels`);
    }
    if (current.calls.left === 0) {
      throw new WireError(
        `call limit exceeded: at most ${MAX_UNPACK_ANY_SUB_CALLS} Any values may be unpacked per message`,
      );
    }
    current.calls.left--;
    const child: AnyBudget = { depthLeft: current.depthLeft - 1, calls: current.calls };

    if ('schema' in resolved) {
      this.walk(value, resolved.schema, nesting, child);
    } else if (!resolved.canonical(value)) {
      throw new WireError(`${typeUrl} has unknown fields or a non-canonical encoding`);
    }
  }

  /** google.protobuf.Any: type_url = 1, value = 2; other fields follow the same unknown-field rules. */
  private readAny(buf: Uint8Array): { typeUrl: string; value: Uint8Array } {
    let typeUrl = '';
    let value: Uint8Array = new Uint8Array(0);
    let sawUrl = false;
    let sawValue = false;
    let pos = 0;
    while (pos < buf.length) {
      const tag = readTag(buf, pos);
      const field = readFieldValue(buf, pos + tag.length, tag.wireType);
      pos = field.next;
      const payload = buf.subarray(field.start, field.end);
      if (tag.fieldNumber === 1 || tag.fieldNumber === 2) {
        if (tag.wireType !== WireType.Bytes) {
          throw new WireError(
            `Mismatched "*types.Any": {TagNum: ${tag.fieldNumber}, GotWireType: "${wireTypeName(tag.wireType)}" != WantWireType: "bytes"}`,
          );
        }
        if ((tag.fieldNumber === 1 && sawUrl) || (tag.fieldNumber === 2 && sawValue)) {
          throw new WireError(`field ${tag.fieldNumber} of *types.Any appears more than once`);
        }
        if (tag.fieldNumber === 1) {
          typeUrl = decodeUtf8(payload);
          sawUrl = true;
        } else {
          value = payload;
          sawValue = true;
        }
        continue;
      }
      const critical = (tag.fieldNumber & NON_CRITICAL_BIT) === 0;
      if (!critical) this.hasUnknownNonCriticals = true;
      if (critical || !this.opts.allowUnknownNonCriticals) {
        throw new WireError(
          `errUnknownField "*types.Any": {TagNum: ${tag.fieldNumber}, WireType: "${wireTypeName(tag.wireType)}"}`,
        );
      }
    }
    return { typeUrl, value };
  }
}
