/**
 * Reads a decoder's shape from its ONNX file, so a model placed in models_dir (or fetched from a peer) needs no
 * side file that its registered hash would not cover. The graph must have the runner's interface
 * (model/build-onnx.ts): input_ids, past_key_values.{l}.key/.value [batch, heads, past, headDim], logits
 * [batch, seq, vocab], and the tok_emb / pos_emb / layers.0.ffn.w1 tables whose shapes give dModel, the context
 * and the feed-forward width. Only the graph's headers are parsed; weight bytes are skipped.
 */
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { INPUT_IDS, LOGITS, pastKeyName, pastValueName } from '../model/build-onnx.js';
import { validateModelConfig, type InferenceModelConfig } from '../model/spec.js';

type Dim = number | string | undefined;

interface GraphHeaders {
  inputs: Map<string, Dim[]>;
  outputs: Map<string, Dim[]>;
  initializers: Map<string, number[]>;
}

export class ModelInterfaceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelInterfaceError';
  }
}

/** The runner's config for this graph; name is the caller's (the registry id). */
export function readDecoderConfig(onnx: Uint8Array, name: string): InferenceModelConfig {
  let g: GraphHeaders;
  try {
    g = readGraphHeaders(onnx);
  } catch (e) {
    throw new ModelInterfaceError(`not an ONNX model file: ${(e as Error).message}`);
  }
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new ModelInterfaceError(`ONNX graph has no ${what}: not a Race decoder graph`);
    return v;
  };
  need(g.inputs.get(INPUT_IDS), `input ${INPUT_IDS}`);
  const logits = need(g.outputs.get(LOGITS), `output ${LOGITS}`);
  const key0 = need(g.inputs.get(pastKeyName(0)), `input ${pastKeyName(0)}`);
  let layers = 0;
  while (g.inputs.has(pastKeyName(layers)) && g.inputs.has(pastValueName(layers))) layers++;
  const tok = need(g.initializers.get('tok_emb'), 'tok_emb table');
  const pos = need(g.initializers.get('pos_emb'), 'pos_emb table');
  const w1 = need(g.initializers.get('layers.0.ffn.w1'), 'layers.0.ffn.w1 table');
  const heads = key0[1];
  const dh = key0[3];
  if (typeof heads !== 'number' || typeof dh !== 'number')
    throw new ModelInterfaceError(`${pastKeyName(0)} must have fixed heads and head size, got [${key0.join(', ')}]`);
  const config: InferenceModelConfig = {
    name,
    vocab: tok[0],
    dModel: tok[1],
    layers,
    heads,
    ffn: w1[1],
    contextLength: pos[0],
  };
  if (logits[2] !== config.vocab)
    throw new ModelInterfaceError(`logits width ${String(logits[2])} differs from tok_emb's ${config.vocab} rows`);
  if (heads * dh !== config.dModel)
    throw new ModelInterfaceError(`heads ${heads} × head size ${dh} differs from dModel ${config.dModel}`);
  try {
    // Registry ids may hold '/' and ':', which config names may not; the shape is what is checked here.
    validateModelConfig({ ...config, name: 'registered-model' });
  } catch (e) {
    throw new ModelInterfaceError((e as Error).message);
  }
  return config;
}

// ModelProto.graph = 7; GraphProto.initializer = 5, input = 11, output = 12.
function readGraphHeaders(bytes: Uint8Array): GraphHeaders {
  const out: GraphHeaders = { inputs: new Map(), outputs: new Map(), initializers: new Map() };
  let graph: Uint8Array | undefined;
  eachField(bytes, (f, wt, r) => {
    if (f === 7 && wt === WireType.LengthDelimited) graph = r.bytes();
    else r.skip(wt, f);
  });
  if (!graph) throw new Error('no graph');
  eachField(graph, (f, wt, r) => {
    if (f === 5 && wt === WireType.LengthDelimited) {
      const t = readTensorHeader(r.bytes());
      out.initializers.set(t.name, t.dims);
    } else if ((f === 11 || f === 12) && wt === WireType.LengthDelimited) {
      const v = readValueInfo(r.bytes());
      (f === 11 ? out.inputs : out.outputs).set(v.name, v.dims);
    } else r.skip(wt, f);
  });
  return out;
}

// TensorProto.dims = 1 (packed or not), name = 8; raw_data and the rest are skipped without copying.
function readTensorHeader(bytes: Uint8Array): { name: string; dims: number[] } {
  let name = '';
  const dims: number[] = [];
  eachField(bytes, (f, wt, r) => {
    if (f === 1 && wt === WireType.Varint) dims.push(Number(r.int64()));
    else if (f === 1 && wt === WireType.LengthDelimited) {
      const end = r.uint32() + r.pos;
      while (r.pos < end) dims.push(Number(r.int64()));
    } else if (f === 8 && wt === WireType.LengthDelimited) name = r.string();
    else r.skip(wt, f);
  });
  return { name, dims };
}

// ValueInfoProto.name = 1, type = 2 → TypeProto.tensor_type = 1 → shape = 2 → dim = 1 → dim_value = 1 | dim_param = 2.
function readValueInfo(bytes: Uint8Array): { name: string; dims: Dim[] } {
  let name = '';
  const dims: Dim[] = [];
  const sub = (b: Uint8Array, field: number, fn: (r: BinaryReader) => void) =>
    eachField(b, (f, wt, r) => (f === field && wt === WireType.LengthDelimited ? fn(r) : void r.skip(wt, f)));
  eachField(bytes, (f, wt, r) => {
    if (f === 1 && wt === WireType.LengthDelimited) name = r.string();
    else if (f === 2 && wt === WireType.LengthDelimited)
      sub(r.bytes(), 1, (t) =>
        eachField(t.bytes(), (tf, twt, tr) => {
          if (tf !== 2 || twt !== WireType.LengthDelimited) return void tr.skip(twt, tf);
          sub(tr.bytes(), 1, (d) => {
            let dim: Dim;
            eachField(d.bytes(), (df, dwt, dr) => {
              if (df === 1 && dwt === WireType.Varint) dim = Number(dr.int64());
              else if (df === 2 && dwt === WireType.LengthDelimited) dim = dr.string();
              else dr.skip(dwt, df);
            });
            dims.push(dim);
          });
        }),
      );
    else r.skip(wt, f);
  });
  return { name, dims };
}

function eachField(bytes: Uint8Array, fn: (field: number, wt: WireType, r: BinaryReader) => void): void {
  const r = new BinaryReader(bytes);
  while (r.pos < r.len) {
    const [field, wt] = r.tag();
    fn(field, wt, r);
  }
}
