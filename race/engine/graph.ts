/**
 * The race transformer as an ONNX graph (opset 21): token + position embeddings, `layers` pre-norm
 * blocks of multi-head self-attention (no mask) and a Gelu feed-forward, a final LayerNorm of the last
 * position and the unembedding. Native LayerNormalization and Gelu ops keep the arithmetic identical
 * across graph optimisation levels. Weights come from `initializer` (inline or external data).
 *
 * Attention has two forms (docs/race-spec.md §5). From BROADCAST_ATTENTION_MIN_HEADS heads, head h's
 * component c is column c·H + h of q, k, v and attention is broadcast products and reductions in a
 * [batch, i, j, component, head] layout: with the paper's 128 heads of width 4, per-head MatMuls, their
 * Transposes and Softmax took 9 % of a batch's time and this form takes ~2 % (docs/race-engine.md,
 * "ratio"). Fewer, wider heads take consecutive columns (h·D/H + c) and per-head MatMuls: their head
 * axis is too short to vectorise (the dev config's 2 heads ran at half speed in the broadcast form).
 */
import type { RaceConfig } from './config.js';
import {
  ONNX_DTYPE,
  float32Raw,
  int64Raw,
  model,
  node,
  tensorRaw,
  valueInfo,
  type GraphParts,
  type Msg,
} from './onnx-proto.js';
import { tensorSpecs, type TensorSpec } from './weights.js';

export const OPSET = 21;
export const IR_VERSION = 10;
export const LN_EPSILON = 1e-5;
export const INPUT_NAME = 'tokens';
export const OUTPUT_NAME = 'logits';
/** Residual stream [batch, seqLen, dModel] between the parts of a model split by layers. */
export const HIDDEN_INPUT = 'hidden_in';
export const HIDDEN_OUTPUT = 'hidden_out';

/** Layers [first, end) of a model split into consecutive parts. */
export interface LayerRange {
  first: number;
  end: number;
}

function fullRange(c: RaceConfig): LayerRange {
  return { first: 0, end: c.layers };
}

/** The weight tensors a part uses: embeddings with layer 0, the unembedding with the last layer. */
export function rangeSpecs(c: RaceConfig, r: LayerRange): TensorSpec[] {
  return tensorSpecs(c).filter((t) => {
    if (t.kind === 'tokEmb' || t.kind === 'posEmb') return r.first === 0;
    if (t.kind === 'unemb') return r.end === c.layers;
    return t.layer >= r.first && t.layer < r.end;
  });
}

/** From this many heads attention is computed as broadcast products (measured crossover: 8 to 16 heads at width 256). */
export const BROADCAST_ATTENTION_MIN_HEADS = 16;

/** Whether the config's attention takes the broadcast form, with every H-th column per head. */
function usesBroadcastAttention(c: RaceConfig): boolean {
  return c.heads >= BROADCAST_ATTENTION_MIN_HEADS;
}

/** The column of q, k, v (and of the merged heads) that holds component c of head h. */
export function headColumn(c: RaceConfig, head: number, component: number): number {
  return usesBroadcastAttention(c) ? component * c.heads + head : head * (c.dModel / c.heads) + component;
}

/** float32 attention scale: fround(1 / sqrt(dModel / heads)). */
export function attentionScale(c: RaceConfig): number {
  return Math.fround(1 / Math.sqrt(c.dModel / c.heads));
}

/**
 * The graph of layers [range.first, range.end) (default: the whole model). A part that does not start at
 * layer 0 takes the residual stream HIDDEN_INPUT instead of tokens; one that does not end at the last
 * layer returns HIDDEN_OUTPUT instead of logits. Every operation is the same as in the whole graph, and
 * no graph optimisation fuses across a layer boundary, so chained parts compute the same bits.
 */
export function buildGraph(
  c: RaceConfig,
  initializer: (t: TensorSpec) => Msg,
  range: LayerRange = fullRange(c),
): GraphParts {
  if (
    !Number.isInteger(range.first) ||
    !Number.isInteger(range.end) ||
    range.first < 0 ||
    range.end > c.layers ||
    range.first >= range.end
  ) {
    throw new Error(`invalid layer range [${range.first}, ${range.end}) for ${c.layers} layers`);
  }
  const d = c.dModel;
  const dh = d / c.heads;
  const isFirst = range.first === 0;
  const isLast = range.end === c.layers;
  const nodes: Msg[] = [];
  const inits: Msg[] = rangeSpecs(c, range).map(initializer);
  const constF = (name: string, dims: number[], v: Float32Array) =>
    inits.push(tensorRaw(name, ONNX_DTYPE.FLOAT, dims, float32Raw(v)));
  const constI = (name: string, dims: number[], v: number[]) =>
    inits.push(tensorRaw(name, ONNX_DTYPE.INT64, dims, int64Raw(v)));
  constF('ln_scale', [d], new Float32Array(d).fill(1));
  constF('ln_bias', [d], new Float32Array(d));
  constF('attn_scale', [], Float32Array.of(attentionScale(c)));
  const s = c.seqLen;
  const broadcast = usesBroadcastAttention(c);
  if (broadcast) {
    constI('shape_query', [5], [0, s, 1, dh, c.heads]);
    constI('shape_key', [5], [0, 1, s, dh, c.heads]);
    constI('shape_probs', [5], [0, s, s, 1, c.heads]);
    constI('axis_key', [1], [2]);
    constI('axis_component', [1], [3]);
  } else {
    constI('shape_heads', [4], [0, 0, c.heads, dh]);
  }
  constI('shape_model', [3], [0, 0, d]);
  if (isLast) constI('last_pos', [], [s - 1]);

  let n = 0;
  const op = (type: string, inputs: string[], attrs: Parameters<typeof node>[4] = {}, outputs = 1): string[] => {
    const outs = Array.from({ length: outputs }, (_, k) => `${type.toLowerCase()}_${n}_${k}`);
    nodes.push(node(type, inputs, outs, `${type}_${n++}`, attrs));
    return outs;
  };
  const one = (type: string, inputs: string[], attrs: Parameters<typeof node>[4] = {}) => op(type, inputs, attrs)[0];
  const ln = (x: string) =>
    one('LayerNormalization', [x, 'ln_scale', 'ln_bias'], { axis: { i: -1 }, epsilon: { f: LN_EPSILON } });

  // Both return head h's A·v at the columns headColumn(h, ·) once reshaped to [batch, S, D].
  const broadcastAttention = (q: string, k: string, v: string): string => {
    const products = one('Mul', [one('Reshape', [q, 'shape_query']), one('Reshape', [k, 'shape_key'])]);
    const scores = one('Mul', [one('ReduceSum', [products, 'axis_component'], { keepdims: { i: 0 } }), 'attn_scale']);
    // softmax over the keys j (axis 2): ONNX Softmax on a middle axis would transpose twice
    const shifted = one('Exp', [one('Sub', [scores, one('ReduceMax', [scores, 'axis_key'], { keepdims: { i: 1 } })])]);
    const probs = one('Div', [shifted, one('ReduceSum', [shifted, 'axis_key'], { keepdims: { i: 1 } })]);
    return one(
      'ReduceSum',
      [one('Mul', [one('Reshape', [probs, 'shape_probs']), one('Reshape', [v, 'shape_key'])]), 'axis_key'],
      { keepdims: { i: 0 } },
    );
  };
  const matMulAttention = (q: string, k: string, v: string): string => {
    const heads = (t: string, perm: number[]) =>
      one('Transpose', [one('Reshape', [t, 'shape_heads'])], { perm: { ints: perm } });
    const scores = one('Mul', [one('MatMul', [heads(q, [0, 2, 1, 3]), heads(k, [0, 2, 3, 1])]), 'attn_scale']);
    const mixed = one('MatMul', [one('Softmax', [scores], { axis: { i: -1 } }), heads(v, [0, 2, 1, 3])]);
    return one('Transpose', [mixed], { perm: { ints: [0, 2, 1, 3] } });
  };

  let x = isFirst ? one('Add', [one('Gather', ['tokEmb', INPUT_NAME], { axis: { i: 0 } }), 'posEmb']) : HIDDEN_INPUT;
  for (let l = range.first; l < range.end; l++) {
    const h = ln(x);
    const [q, k, v] = op('Split', [one('MatMul', [h, `l${l}.wqkv`])], { axis: { i: 2 }, num_outputs: { i: 3 } }, 3);
    const merged = one('Reshape', [broadcast ? broadcastAttention(q, k, v) : matMulAttention(q, k, v), 'shape_model']);
    x = one('Add', [x, one('MatMul', [merged, `l${l}.wo`])]);
    const hidden = one('Gelu', [one('Add', [one('MatMul', [ln(x), `l${l}.w1`]), `l${l}.b1`])], {
      approximate: { s: 'none' },
    });
    x = one('Add', [x, one('Add', [one('MatMul', [hidden, `l${l}.w2`]), `l${l}.b2`])]);
  }
  if (isLast) {
    const last = ln(one('Gather', [x, 'last_pos'], { axis: { i: 1 } }));
    nodes.push(node('MatMul', [last, 'unemb'], [OUTPUT_NAME], 'unembed'));
  } else {
    nodes.push(node('Identity', [x], [HIDDEN_OUTPUT], 'hidden_out'));
  }

  const hidden = (name: string) => valueInfo(name, ONNX_DTYPE.FLOAT, ['batch', c.seqLen, d]);
  return {
    name: isFirst && isLast ? `race_${c.name}` : `race_${c.name}_${range.first}_${range.end}`,
    nodes,
    initializers: inits,
    inputs: [isFirst ? valueInfo(INPUT_NAME, ONNX_DTYPE.INT64, ['batch', c.seqLen]) : hidden(HIDDEN_INPUT)],
    outputs: [isLast ? valueInfo(OUTPUT_NAME, ONNX_DTYPE.FLOAT, ['batch', c.vocab]) : hidden(HIDDEN_OUTPUT)],
  };
}

export function encodeModel(graph: GraphParts): Uint8Array {
  return model(graph, { irVersion: IR_VERSION, opset: OPSET, producer: 'race-engine' }).finish();
}
