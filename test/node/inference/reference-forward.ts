/**
 * A float64 forward pass of the inference model in plain TypeScript, written from the definition in
 * docs/inference-model.md rather than from the ONNX graph, to check the graph against.
 */
import { initWeights } from '../../../node/inference/model/init-weights.js';
import { LN_EPSILON, headDim, type InferenceModelConfig } from '../../../node/inference/model/spec.js';

type Vec = Float64Array;

/** logits[t] for every position t of ids (one sequence, no cache). */
export function referenceLogits(c: InferenceModelConfig, seed: Uint8Array, ids: readonly number[]): Vec[] {
  const w = new Map(initWeights(c, seed).map(({ tensor, values }) => [tensor.name, Float64Array.from(values)]));
  const W = (name: string) => w.get(name)!;
  const d = c.dModel;
  const dh = headDim(c);
  const row = (m: Vec, r: number, width: number) => m.subarray(r * width, (r + 1) * width);
  const matVec = (x: Vec, m: Vec, out: number): Vec => {
    const y = new Float64Array(out);
    for (let i = 0; i < x.length; i++) for (let j = 0; j < out; j++) y[j] += x[i] * m[i * out + j];
    return y;
  };
  const add = (a: Vec, b: Vec) => a.map((v, i) => v + b[i]);
  const ln = (x: Vec, p: string) => {
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const v = x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length;
    const s = W(`${p}.scale`);
    const b = W(`${p}.bias`);
    return x.map((xi, i) => ((xi - mean) / Math.sqrt(v + LN_EPSILON)) * s[i] + b[i]);
  };

  let xs: Vec[] = ids.map((id, t) => add(row(W('tok_emb'), id, d), row(W('pos_emb'), t, d)));
  for (let l = 0; l < c.layers; l++) {
    const p = `layers.${l}`;
    const hs = xs.map((x) => ln(x, `${p}.ln1`));
    const q = hs.map((h) => matVec(h, W(`${p}.attn.wq`), d));
    const k = hs.map((h) => matVec(h, W(`${p}.attn.wk`), d));
    const v = hs.map((h) => matVec(h, W(`${p}.attn.wv`), d));
    xs = xs.map((x, t) => {
      const mixed = new Float64Array(d);
      for (let h = 0; h < c.heads; h++) {
        const o = h * dh;
        const scores = Array.from({ length: t + 1 }, (_, j) => {
          let s = 0;
          for (let e = 0; e < dh; e++) s += q[t][o + e] * k[j][o + e];
          return s / Math.sqrt(dh);
        });
        const max = Math.max(...scores);
        const ex = scores.map((s) => Math.exp(s - max));
        const sum = ex.reduce((a, b) => a + b, 0);
        for (let j = 0; j <= t; j++) for (let e = 0; e < dh; e++) mixed[o + e] += (ex[j] / sum) * v[j][o + e];
      }
      const x1 = add(x, matVec(mixed, W(`${p}.attn.wo`), d));
      const hidden = add(matVec(ln(x1, `${p}.ln2`), W(`${p}.ffn.w1`), c.ffn), W(`${p}.ffn.b1`)).map((z) =>
        Math.max(0, z),
      );
      return add(x1, add(matVec(hidden, W(`${p}.ffn.w2`), d), W(`${p}.ffn.b2`)));
    });
  }
  return xs.map((x) => matVec(ln(x, 'ln_f'), W('unemb'), c.vocab));
}
