/**
 * The inference model as an ONNX graph (opset 21) with a KV cache. Inputs: input_ids [batch, seq] and,
 * per layer, past_key_values.{l}.key / .value [batch, heads, past, headDim] (past = 0 on the first call).
 * Outputs: logits [batch, seq, vocab] for every new position, and present.{l}.key / .value [batch, heads,
 * past + seq, headDim] to feed back. The position offset is the cache length itself, read from the past
 * keys' shape, so positions and cache can never disagree.
 *
 * Each block is pre-LN: x += Wo·attn(LN1(x)); x += W2·relu(W1·LN2(x) + b1) + b2, then LN_f and the
 * unembedding. Gather of tok_emb / pos_emb is the inference-time form of oneHot(ids) · table, the form the
 * TF.js trainer uses (wasm has no gather gradient); the mapping is in docs/inference-model.md.
 */
import {
  ONNX_DTYPE,
  float32Raw,
  int64Raw,
  model,
  node,
  tensorRaw,
  valueInfo,
  type Msg,
} from '../../../race/engine/onnx-proto.js';
import { initWeights } from './init-weights.js';
import { LN_EPSILON, headDim, validateModelConfig, type InferenceModelConfig } from './spec.js';

export const OPSET = 21;
export const IR_VERSION = 10;
export const INPUT_IDS = 'input_ids';
export const LOGITS = 'logits';
export const pastKeyName = (l: number) => `past_key_values.${l}.key`;
export const pastValueName = (l: number) => `past_key_values.${l}.value`;
export const presentKeyName = (l: number) => `present.${l}.key`;
export const presentValueName = (l: number) => `present.${l}.value`;

/** Added to masked scores; exp of it underflows to exactly 0 against any real score. */
export const MASK_VALUE = -1e9;

export function attentionScale(c: InferenceModelConfig): number {
  return Math.fround(1 / Math.sqrt(headDim(c)));
}

/** The ModelProto bytes: same config and seed, same bytes. */
export function buildInferenceModel(c: InferenceModelConfig, seed: Uint8Array): Uint8Array {
  validateModelConfig(c);
  const d = c.dModel;
  const dh = headDim(c);
  const nodes: Msg[] = [];
  const inits: Msg[] = initWeights(c, seed).map(({ tensor, values }) =>
    tensorRaw(tensor.name, ONNX_DTYPE.FLOAT, tensor.shape, float32Raw(values)),
  );
  const constF = (name: string, v: number) =>
    inits.push(tensorRaw(name, ONNX_DTYPE.FLOAT, [], float32Raw(Float32Array.of(v))));
  const constI = (name: string, dims: number[], v: number[]) =>
    inits.push(tensorRaw(name, ONNX_DTYPE.INT64, dims, int64Raw(v)));
  constF('attn_scale', attentionScale(c));
  constF('mask_value', MASK_VALUE);
  constI('shape_heads', [4], [0, 0, c.heads, dh]);
  constI('shape_model', [3], [0, 0, d]);
  constI('zero', [], [0]);
  constI('one', [], [1]);
  constI('two', [], [2]);
  constI('axis0', [1], [0]);
  constI('axis1', [1], [1]);

  let n = 0;
  const one = (type: string, inputs: string[], attrs: Parameters<typeof node>[4] = {}, output?: string): string => {
    const out = output ?? `${type.toLowerCase()}_${n}`;
    nodes.push(node(type, inputs, [out], `${type}_${n++}`, attrs));
    return out;
  };
  const ln = (x: string, prefix: string) =>
    one('LayerNormalization', [x, `${prefix}.scale`, `${prefix}.bias`], {
      axis: { i: -1 },
      epsilon: { f: LN_EPSILON },
    });
  const heads = (t: string) => one('Transpose', [one('Reshape', [t, 'shape_heads'])], { perm: { ints: [0, 2, 1, 3] } });

  // Positions past .. past+seq-1; key j is visible to the query at position p iff j <= p.
  const past = one('Gather', [one('Shape', [pastKeyName(0)]), 'two'], { axis: { i: 0 } });
  const total = one('Add', [past, one('Gather', [one('Shape', [INPUT_IDS]), 'one'], { axis: { i: 0 } })]);
  const positions = one('Range', [past, total, 'one']);
  const masked = one('Greater', [
    one('Unsqueeze', [one('Range', ['zero', total, 'one']), 'axis0']),
    one('Unsqueeze', [positions, 'axis1']),
  ]);

  let x = one('Add', [
    one('Gather', ['tok_emb', INPUT_IDS], { axis: { i: 0 } }),
    one('Gather', ['pos_emb', positions], { axis: { i: 0 } }),
  ]);
  for (let l = 0; l < c.layers; l++) {
    const p = `layers.${l}`;
    const h = ln(x, `${p}.ln1`);
    const q = heads(one('MatMul', [h, `${p}.attn.wq`]));
    const k = one(
      'Concat',
      [pastKeyName(l), heads(one('MatMul', [h, `${p}.attn.wk`]))],
      { axis: { i: 2 } },
      presentKeyName(l),
    );
    const v = one(
      'Concat',
      [pastValueName(l), heads(one('MatMul', [h, `${p}.attn.wv`]))],
      { axis: { i: 2 } },
      presentValueName(l),
    );
    const scores = one('Mul', [
      one('MatMul', [q, one('Transpose', [k], { perm: { ints: [0, 1, 3, 2] } })]),
      'attn_scale',
    ]);
    const probs = one('Softmax', [one('Where', [masked, 'mask_value', scores])], { axis: { i: -1 } });
    const mixed = one('Reshape', [
      one('Transpose', [one('MatMul', [probs, v])], { perm: { ints: [0, 2, 1, 3] } }),
      'shape_model',
    ]);
    x = one('Add', [x, one('MatMul', [mixed, `${p}.attn.wo`])]);
    const hidden = one('Relu', [one('Add', [one('MatMul', [ln(x, `${p}.ln2`), `${p}.ffn.w1`]), `${p}.ffn.b1`])]);
    x = one('Add', [x, one('Add', [one('MatMul', [hidden, `${p}.ffn.w2`]), `${p}.ffn.b2`])]);
  }
  one('MatMul', [ln(x, 'ln_f'), 'unemb'], {}, LOGITS);

  const kv = (name: string, len: string) => valueInfo(name, ONNX_DTYPE.FLOAT, ['batch', c.heads, len, dh]);
  const inputs = [valueInfo(INPUT_IDS, ONNX_DTYPE.INT64, ['batch', 'seq'])];
  const outputs = [valueInfo(LOGITS, ONNX_DTYPE.FLOAT, ['batch', 'seq', c.vocab])];
  for (let l = 0; l < c.layers; l++) {
    inputs.push(kv(pastKeyName(l), 'past'), kv(pastValueName(l), 'past'));
    outputs.push(kv(presentKeyName(l), 'total'), kv(presentValueName(l), 'total'));
  }
  return model(
    { name: c.name.replace(/-/g, '_'), nodes, initializers: inits, inputs, outputs },
    { irVersion: IR_VERSION, opset: OPSET, producer: 'race-inference' },
  ).finish();
}
