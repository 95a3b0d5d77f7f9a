/**
 * The built-in inference model: one definition (a pre-LN causal decoder over bytes) that the ONNX
 * builder, the runner and the later TensorFlow.js trainer all consume. A config is pure data; the
 * tensor layout below is the contract between them (docs/inference-model.md, "Weights").
 */
import { lecunScale } from '../../../race/engine/weights.js';

/** Ids 0-255 are the bytes themselves; two specials follow. */
export const BYTE_VOCAB = 256;
export const BOS_ID = 256;
export const EOS_ID = 257;
export const MODEL_VOCAB = 258;

export interface InferenceModelConfig {
  name: string;
  vocab: number;
  dModel: number;
  layers: number;
  heads: number;
  /** Width of the ReLU feed-forward layer. */
  ffn: number;
  /** Positions the learned position table covers: prompt plus output can never exceed it. */
  contextLength: number;
}

/** Small enough for well over 100 tokens/s on one CPU core (measured figure in docs/inference-model.md). */
export const DEFAULT_MODEL_CONFIG: Readonly<InferenceModelConfig> = Object.freeze({
  name: 'race-byte-default',
  vocab: MODEL_VOCAB,
  dModel: 256,
  layers: 4,
  heads: 4,
  ffn: 1024,
  contextLength: 512,
});

/** About 100 M parameters, for the later inference benchmark; never built by a plain start. */
export const LARGE_MODEL_CONFIG: Readonly<InferenceModelConfig> = Object.freeze({
  name: 'race-byte-large',
  vocab: MODEL_VOCAB,
  dModel: 768,
  layers: 14,
  heads: 12,
  ffn: 3072,
  contextLength: 1024,
});

export const LN_EPSILON = 1e-5;

const NAME_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function validateModelConfig(c: InferenceModelConfig): void {
  const int = (k: keyof InferenceModelConfig, min: number, max: number) => {
    const v = c[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      throw new Error(`inference model config: ${k} must be an integer in [${min}, ${max}], got ${String(v)}`);
  };
  if (typeof c.name !== 'string' || !NAME_RE.test(c.name))
    throw new Error(`inference model config: name must match ${NAME_RE}, got ${JSON.stringify(c.name)}`);
  // The byte tokenizer needs every byte plus BOS and EOS.
  int('vocab', MODEL_VOCAB, 1 << 20);
  int('dModel', 1, 1 << 14);
  int('layers', 1, 256);
  int('heads', 1, 256);
  int('ffn', 1, 1 << 16);
  int('contextLength', 2, 1 << 16);
  if (c.dModel % c.heads !== 0)
    throw new Error(`inference model config: dModel ${c.dModel} is not a multiple of heads ${c.heads}`);
}

export function headDim(c: InferenceModelConfig): number {
  return c.dModel / c.heads;
}

/** How a tensor starts: uniform in [-scale, scale) from its own ChaCha20 stream, or a constant. */
export type TensorInit = { kind: 'uniform'; scale: number } | { kind: 'ones' } | { kind: 'zeros' };

export interface ModelTensor {
  /** The ONNX initializer name, and the variable name the trainer uses. */
  name: string;
  /** Row-major; matrices are [in, out] (y = x · W). */
  shape: number[];
  size: number;
  init: TensorInit;
  /** ChaCha20 stream id fields (role, layer) for uniform tensors; unique per tensor. */
  role: number;
  layer: number;
}

/** Stream roles: fixed forever, since they decide every weight of a given seed. */
export const TENSOR_ROLE = Object.freeze({
  tokEmb: 1,
  posEmb: 2,
  ln1Scale: 3,
  ln1Bias: 4,
  wq: 5,
  wk: 6,
  wv: 7,
  wo: 8,
  ln2Scale: 9,
  ln2Bias: 10,
  w1: 11,
  b1: 12,
  w2: 13,
  b2: 14,
  lnFScale: 15,
  lnFBias: 16,
  unemb: 17,
});

/** Position embeddings start small so that early tokens are told apart by content, not position. */
export const POS_EMB_SCALE = Math.fround(0.125);

/** Every tensor in canonical order (the order of the ONNX initializers and of any checkpoint). */
export function modelTensors(c: InferenceModelConfig): ModelTensor[] {
  validateModelConfig(c);
  const { vocab: v, dModel: d, ffn: f, contextLength: n } = c;
  const t = (name: string, shape: number[], init: TensorInit, role: number, layer = 0): ModelTensor => ({
    name,
    shape,
    size: shape.reduce((a, b) => a * b, 1),
    init,
    role,
    layer,
  });
  const uni = (scale: number): TensorInit => ({ kind: 'uniform', scale });
  const ones: TensorInit = { kind: 'ones' };
  const zeros: TensorInit = { kind: 'zeros' };
  const R = TENSOR_ROLE;
  const out = [t('tok_emb', [v, d], uni(1), R.tokEmb), t('pos_emb', [n, d], uni(POS_EMB_SCALE), R.posEmb)];
  for (let l = 0; l < c.layers; l++) {
    const p = `layers.${l}.`;
    out.push(
      t(`${p}ln1.scale`, [d], ones, R.ln1Scale, l),
      t(`${p}ln1.bias`, [d], zeros, R.ln1Bias, l),
      t(`${p}attn.wq`, [d, d], uni(lecunScale(d)), R.wq, l),
      t(`${p}attn.wk`, [d, d], uni(lecunScale(d)), R.wk, l),
      t(`${p}attn.wv`, [d, d], uni(lecunScale(d)), R.wv, l),
      t(`${p}attn.wo`, [d, d], uni(lecunScale(d)), R.wo, l),
      t(`${p}ln2.scale`, [d], ones, R.ln2Scale, l),
      t(`${p}ln2.bias`, [d], zeros, R.ln2Bias, l),
      t(`${p}ffn.w1`, [d, f], uni(lecunScale(d)), R.w1, l),
      t(`${p}ffn.b1`, [f], zeros, R.b1, l),
      t(`${p}ffn.w2`, [f, d], uni(lecunScale(f)), R.w2, l),
      t(`${p}ffn.b2`, [d], zeros, R.b2, l),
    );
  }
  out.push(
    t('ln_f.scale', [d], ones, R.lnFScale),
    t('ln_f.bias', [d], zeros, R.lnFBias),
    t('unemb', [d, v], uni(lecunScale(d)), R.unemb),
  );
  return out;
}

export function parameterCount(c: InferenceModelConfig): number {
  return modelTensors(c).reduce((a, t) => a + t.size, 0);
}
