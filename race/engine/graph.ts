/**
 * The race transformer as an ONNX graph (opset 21): token + position embeddings, `layers` pre-norm
 * blocks of multi-head self-attention (no mask) and a Gelu feed-forward, a final LayerNorm of the last
 * position and the unembedding. Native LayerNormalization and Gelu ops keep the arithmetic identical
 * across graph optimisation levels. Weights come from `initializer` (inline or external data).
 */
import type { RaceConfig } from './config.js';
import { ONNX_DTYPE, float32Raw, int64Raw, model, node, tensorRaw, valueInfo, type GraphParts, type Msg } from './onnx-proto.js';
import { tensorSpecs, type TensorSpec } from './weights.js';

export const OPSET = 21;
export const IR_VERSION = 10;
export const LN_EPSILON = 1e-5;
export const INPUT_NAME = 'tokens';
export const OUTPUT_NAME = 'logits';

/** float32 attention scale: fround(1 / sqrt(dModel / heads)). */
export function attentionScale(c: RaceConfig): number {
  return Math.fround(1 / Math.sqrt(c.dModel / c.heads));
}

export function buildGraph(c: RaceConfig, initializer: (t: TensorSpec) => Msg): GraphParts {
  const d = c.dModel;
  const dh = d / c.heads;
  const nodes: Msg[] = [];
  const inits: Msg[] = tensorSpecs(c).map(initializer);
  const constF = (name: string, dims: number[], v: Float32Array) => inits.push(tensorRaw(name, ONNX_DTYPE.FLOAT, dims, float32Raw(v)));
  const constI = (name: string, dims: number[], v: number[]) => inits.push(tensorRaw(name, ONNX_DTYPE.INT64, dims, int64Raw(v)));
  constF('ln_scale', [d], new Float32Array(d).fill(1));
  constF('ln_bias', [d], new Float32Array(d));
  constF('attn_scale', [], Float32Array.of(attentionScale(c)));
  constI('shape_heads', [4], [0, 0, c.heads, dh]);
  constI('shape_model', [3], [0, 0, d]);
  constI('last_pos', [], [c.seqLen - 1]);

  let n = 0;
  const op = (type: string, inputs: string[], attrs: Parameters<typeof node>[4] = {}, outputs = 1): string[] => {
    const outs = Array.from({ length: outputs }, (_, k) => `${type.toLowerCase()}_${n}_${k}`);
    nodes.push(node(type, inputs, outs, `${type}_${n++}`, attrs));
    return outs;
  };
  const one = (type: string, inputs: string[], attrs: Parameters<typeof node>[4] = {}) => op(type, inputs, attrs)[0];
  const ln = (x: string) => one('LayerNormalization', [x, 'ln_scale', 'ln_bias'], { axis: { i: -1 }, epsilon: { f: LN_EPSILON } });

  let x = one('Add', [one('Gather', ['tokEmb', INPUT_NAME], { axis: { i: 0 } }), 'posEmb']);
  for (let l = 0; l < c.layers; l++) {
    const h = ln(x);
    const [q, k, v] = op('Split', [one('MatMul', [h, `l${l}.wqkv`])], { axis: { i: 2 }, num_outputs: { i: 3 } }, 3);
    const heads = (t: string, perm: number[]) => one('Transpose', [one('Reshape', [t, 'shape_heads'])], { perm: { ints: perm } });
    const scores = one('Mul', [one('MatMul', [heads(q, [0, 2, 1, 3]), heads(k, [0, 2, 3, 1])]), 'attn_scale']);
    const mixed = one('MatMul', [one('Softmax', [scores], { axis: { i: -1 } }), heads(v, [0, 2, 1, 3])]);
    const merged = one('Reshape', [one('Transpose', [mixed], { perm: { ints: [0, 2, 1, 3] } }), 'shape_model']);
    x = one('Add', [x, one('MatMul', [merged, `l${l}.wo`])]);
    const hidden = one('Gelu', [one('Add', [one('MatMul', [ln(x), `l${l}.w1`]), `l${l}.b1`])], { approximate: { s: 'none' } });
    x = one('Add', [x, one('Add', [one('MatMul', [hidden, `l${l}.w2`]), `l${l}.b2`])]);
  }
  const last = ln(one('Gather', [x, 'last_pos'], { axis: { i: 1 } }));
  nodes.push(node('MatMul', [last, 'unemb'], [OUTPUT_NAME], 'unembed'));

  return {
    name: `race_${c.name}`,
    nodes,
    initializers: inits,
    inputs: [valueInfo(INPUT_NAME, ONNX_DTYPE.INT64, ['batch', c.seqLen])],
    outputs: [valueInfo(OUTPUT_NAME, ONNX_DTYPE.FLOAT, ['batch', c.vocab])],
  };
}

export function encodeModel(graph: GraphParts): Uint8Array {
  return model(graph, { irVersion: IR_VERSION, opset: OPSET, producer: 'race-engine' }).finish();
}
