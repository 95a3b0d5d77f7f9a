/**
 * Float64 reference forward pass, written from the spec without ONNX Runtime: the independent check of
 * the graph builder. Weights are the same float32 values; all arithmetic is float64. Meant for the
 * test config (it is O(layers · seqLen · dModel · ffn) scalar JS).
 */
import { validateConfig, type RaceConfig } from './config.js';
import { LN_EPSILON, attentionScale, headColumn } from './graph.js';
import { weightsKey } from './seeds.js';
import { generateTensor, tensorSpecs } from './weights.js';

export type ReferenceWeights = Map<string, Float32Array>;

export function referenceWeights(config: RaceConfig, epochSeed: Uint8Array): ReferenceWeights {
  const key = weightsKey(epochSeed);
  return new Map(tensorSpecs(validateConfig(config)).map((t) => [t.name, generateTensor(key, t)]));
}

/** [rows, cols] row-major matrix times vector: out[j] = Σ_i x[i] · W[i, j]. */
function matVec(x: Float64Array, w: Float32Array, cols: number): Float64Array {
  const out = new Float64Array(cols);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const row = i * cols;
    for (let j = 0; j < cols; j++) out[j] += xi * w[row + j];
  }
  return out;
}

function layerNorm(x: Float64Array): Float64Array {
  let mean = 0;
  for (const v of x) mean += v;
  mean /= x.length;
  let variance = 0;
  for (const v of x) variance += (v - mean) ** 2;
  variance /= x.length;
  const inv = 1 / Math.sqrt(variance + LN_EPSILON);
  return x.map((v) => (v - mean) * inv);
}

/** erf to ~1e-14: Maclaurin series for |x| ≤ 3, continued fraction of erfc beyond. */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax <= 3) {
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  let k = ax;
  for (let n = 60; n >= 1; n--) k = ax + n / 2 / k;
  const erfc = Math.exp(-ax * ax) / (Math.sqrt(Math.PI) * k);
  return x > 0 ? 1 - erfc : erfc - 1;
}

export function gelu(x: number): number {
  return 0.5 * x * (1 + erf(x / Math.SQRT2));
}

/** The [vocab] output (logits of the last position) for one token sequence. */
export function referenceForward(
  config: RaceConfig,
  weights: ReferenceWeights,
  tokens: readonly number[],
): Float64Array {
  const { dModel: d, heads, seqLen: s, ffn: f, vocab: v } = config;
  if (tokens.length !== s) throw new Error(`expected ${s} tokens`);
  const w = (name: string) => {
    const t = weights.get(name);
    if (!t) throw new Error(`missing weight ${name}`);
    return t;
  };
  const dh = d / heads;
  const scale = attentionScale(config);
  const tok = w('tokEmb');
  const pos = w('posEmb');
  let x = tokens.map((t, i) => {
    if (!Number.isInteger(t) || t < 0 || t >= v) throw new Error(`token ${t} out of range`);
    const row = new Float64Array(d);
    for (let j = 0; j < d; j++) row[j] = tok[t * d + j] + pos[i * d + j];
    return row;
  });
  for (let l = 0; l < config.layers; l++) {
    const qkv = x.map((row) => matVec(layerNorm(row), w(`l${l}.wqkv`), 3 * d));
    const merged = x.map(() => new Float64Array(d));
    for (let h = 0; h < heads; h++) {
      const col = Array.from({ length: dh }, (_, k) => headColumn(config, h, k));
      for (let i = 0; i < s; i++) {
        const scores = new Float64Array(s);
        for (let j = 0; j < s; j++) {
          let dot = 0;
          for (let k = 0; k < dh; k++) dot += qkv[i][col[k]] * qkv[j][d + col[k]];
          scores[j] = dot * scale;
        }
        const max = Math.max(...scores);
        const e = scores.map((sc) => Math.exp(sc - max));
        const z = e.reduce((a, b) => a + b, 0);
        for (let j = 0; j < s; j++) {
          const p = e[j] / z;
          for (let k = 0; k < dh; k++) merged[i][col[k]] += p * qkv[j][2 * d + col[k]];
        }
      }
    }
    x = x.map((row, i) => {
      const attn = matVec(merged[i], w(`l${l}.wo`), d);
      const y = row.map((val, j) => val + attn[j]);
      const pre = matVec(layerNorm(y), w(`l${l}.w1`), f);
      const b1 = w(`l${l}.b1`);
      const hidden = pre.map((val, j) => gelu(val + b1[j]));
      const out = matVec(hidden, w(`l${l}.w2`), d);
      const b2 = w(`l${l}.b2`);
      return y.map((val, j) => val + out[j] + b2[j]);
    });
  }
  return matVec(layerNorm(x[s - 1]), w('unemb'), v);
}
