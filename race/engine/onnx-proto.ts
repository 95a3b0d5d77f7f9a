/**
 * A minimal protobuf encoder for the subset of onnx.proto the race graph needs (ModelProto, GraphProto,
 * NodeProto, AttributeProto, TensorProto, ValueInfoProto). Messages are lists of byte chunks, so large
 * tensor payloads are referenced, never copied, until the final concatenation.
 */
export const ONNX_DTYPE = Object.freeze({ FLOAT: 1, INT64: 7 });
const ATTR_TYPE = Object.freeze({ FLOAT: 1, INT: 2, STRING: 3, INTS: 7 });

type Chunk = Uint8Array;

export class Msg {
  readonly chunks: Chunk[] = [];
  byteLength = 0;

  private push(c: Chunk): this {
    this.chunks.push(c);
    this.byteLength += c.length;
    return this;
  }

  private tag(field: number, wire: number): this {
    return this.push(varint(BigInt(field * 8 + wire)));
  }

  int(field: number, v: number | bigint): this {
    return this.tag(field, 0).push(varint(BigInt.asUintN(64, BigInt(v))));
  }

  float(field: number, v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    return this.tag(field, 5).push(b);
  }

  bytes(field: number, v: Uint8Array): this {
    return this.tag(field, 2)
      .push(varint(BigInt(v.length)))
      .push(v);
  }

  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  msg(field: number, m: Msg): this {
    this.tag(field, 2).push(varint(BigInt(m.byteLength)));
    for (const c of m.chunks) this.push(c);
    return this;
  }

  /** Packed repeated int64. */
  packedInts(field: number, vs: readonly (number | bigint)[]): this {
    const inner = new Msg();
    for (const v of vs) inner.push(varint(BigInt.asUintN(64, BigInt(v))));
    return this.msg(field, inner);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.byteLength);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
}

function varint(v: bigint): Uint8Array {
  const bytes: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    bytes.push(b);
  } while (v > 0n);
  return Uint8Array.from(bytes);
}

export type AttrValue = { f: number } | { i: number } | { s: string } | { ints: readonly number[] };

export function attribute(name: string, value: AttrValue): Msg {
  const m = new Msg().string(1, name);
  if ('f' in value) return m.float(2, value.f).int(20, ATTR_TYPE.FLOAT);
  if ('i' in value) return m.int(3, value.i).int(20, ATTR_TYPE.INT);
  if ('s' in value) return m.bytes(4, new TextEncoder().encode(value.s)).int(20, ATTR_TYPE.STRING);
  for (const v of value.ints) m.int(8, v);
  return m.int(20, ATTR_TYPE.INTS);
}

export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  name: string,
  attrs: Record<string, AttrValue> = {},
): Msg {
  const m = new Msg();
  for (const i of inputs) m.string(1, i);
  for (const o of outputs) m.string(2, o);
  m.string(3, name).string(4, opType);
  for (const [k, v] of Object.entries(attrs)) m.msg(5, attribute(k, v));
  return m;
}

/** A tensor whose payload is inline raw little-endian bytes. */
export function tensorRaw(name: string, dtype: number, dims: readonly number[], raw: Uint8Array): Msg {
  return new Msg().packedInts(1, dims).int(2, dtype).string(8, name).bytes(9, raw);
}

/** A tensor whose payload lives in an external data file at (offset, length). */
export function tensorExternal(
  name: string,
  dtype: number,
  dims: readonly number[],
  location: string,
  offset: number,
  length: number,
): Msg {
  const m = new Msg().packedInts(1, dims).int(2, dtype).string(8, name);
  for (const [k, v] of [
    ['location', location],
    ['offset', String(offset)],
    ['length', String(length)],
  ]) {
    m.msg(13, new Msg().string(1, k).string(2, v));
  }
  return m.int(14, 1);
}

/** dims: numbers for fixed sizes, strings for symbolic ones. */
export function valueInfo(name: string, elemType: number, dims: readonly (number | string)[]): Msg {
  const shape = new Msg();
  for (const d of dims) shape.msg(1, typeof d === 'number' ? new Msg().int(1, d) : new Msg().string(2, d));
  const tensorType = new Msg().int(1, elemType).msg(2, shape);
  return new Msg().string(1, name).msg(2, new Msg().msg(1, tensorType));
}

export interface GraphParts {
  name: string;
  nodes: Msg[];
  initializers: Msg[];
  inputs: Msg[];
  outputs: Msg[];
}

export function model(graph: GraphParts, opts: { irVersion: number; opset: number; producer: string }): Msg {
  const g = new Msg();
  for (const n of graph.nodes) g.msg(1, n);
  g.string(2, graph.name);
  for (const t of graph.initializers) g.msg(5, t);
  for (const i of graph.inputs) g.msg(11, i);
  for (const o of graph.outputs) g.msg(12, o);
  return new Msg()
    .int(1, opts.irVersion)
    .string(2, opts.producer)
    .msg(7, g)
    .msg(8, new Msg().string(1, '').int(2, opts.opset));
}

export function int64Raw(values: readonly number[]): Uint8Array {
  return new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer);
}

export function float32Raw(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}
