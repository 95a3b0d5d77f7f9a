/**
 * The model's weight tensors: their canonical order, shapes, streams and scales, and how each is
 * filled from the epoch's weights key. Matrices are [in, out] row-major (x · W), as ONNX MatMul takes them.
 */
import type { RaceConfig } from './config.js';
import { BLOCK_WORDS, ChaChaStream, fillUniform, streamId } from './prng.js';

export const TENSOR_KIND = Object.freeze({
  tokEmb: 1,
  posEmb: 2,
  wqkv: 3,
  wo: 4,
  w1: 5,
  b1: 6,
  w2: 7,
  b2: 8,
  unemb: 9,
});
export type TensorKind = keyof typeof TENSOR_KIND;

export interface TensorSpec {
  /** Initializer name in the ONNX graph. */
  name: string;
  kind: TensorKind;
  /** Layer index, 0 for tensors outside the layers. */
  layer: number;
  shape: number[];
  /** float32 half-width a of the uniform range [-a, a). */
  scale: number;
  /** Element count. */
  size: number;
}

/** a = fround(sqrt(3 / fanIn)): unit output variance for unit-variance inputs (LeCun uniform). */
export function lecunScale(fanIn: number): number {
  return Math.fround(Math.sqrt(3 / fanIn));
}

/**
 * Half-width of biases and position embeddings. Both add the same vector for every input, which shows
 * up as a component common to all outputs that a cheater could exploit (docs/race-spec.md, security);
 * keeping them small lowers it (mean pairwise output cosine 0.47 → 0.15 at 8 layers).
 */
const OFFSET_SCALE = Math.fround(0.125);

function spec(kind: TensorKind, layer: number, shape: number[], scale: number): TensorSpec {
  const name = layer === 0 && (kind === 'tokEmb' || kind === 'posEmb' || kind === 'unemb') ? kind : `l${layer}.${kind}`;
  return { name, kind, layer, shape, scale, size: shape.reduce((a, b) => a * b, 1) };
}

/** All random tensors in canonical order: tokEmb, posEmb, then per layer wqkv, wo, w1, b1, w2, b2, then unemb. */
export function tensorSpecs(c: RaceConfig): TensorSpec[] {
  const { dModel: d, ffn: f, vocab: v, seqLen: s } = c;
  const out: TensorSpec[] = [spec('tokEmb', 0, [v, d], 1), spec('posEmb', 0, [s, d], OFFSET_SCALE)];
  for (let l = 0; l < c.layers; l++) {
    out.push(
      spec('wqkv', l, [d, 3 * d], lecunScale(d)),
      spec('wo', l, [d, d], lecunScale(d)),
      spec('w1', l, [d, f], lecunScale(d)),
      spec('b1', l, [f], OFFSET_SCALE),
      spec('w2', l, [f, d], lecunScale(f)),
      spec('b2', l, [d], OFFSET_SCALE),
    );
  }
  out.push(spec('unemb', 0, [d, v], lecunScale(d)));
  return out;
}

const CHUNK_WORDS = 1 << 16;

/**
 * Fills `out` (at `offset`) with the tensor's values: word i of ChaCha20(weightsKey, streamId(kind,
 * layer, 0)) becomes element i in row-major order.
 */
export function fillTensor(weightsKey: Uint8Array, t: TensorSpec, out: Float32Array, offset = 0): void {
  fillTensorRange(weightsKey, t, 0, t.size, out, offset);
}

/**
 * Elements [start, start + count) of the tensor into `out` at `offset`: the same values fillTensor
 * writes there, computed on their own (the stream starts at block start / 16), so a tensor can be
 * filled in parallel by several threads. `start` must be a multiple of 16 (one ChaCha20 block).
 */
export function fillTensorRange(
  weightsKey: Uint8Array,
  t: Pick<TensorSpec, 'kind' | 'layer' | 'scale' | 'size'>,
  start: number,
  count: number,
  out: Float32Array,
  offset = 0,
): void {
  if (!Number.isInteger(start) || start < 0 || start % BLOCK_WORDS !== 0)
    throw new Error(`tensor range start must be a multiple of ${BLOCK_WORDS}, got ${start}`);
  if (!Number.isInteger(count) || count < 0 || start + count > t.size)
    throw new Error(`tensor range [${start}, ${start + count}) outside ${t.size} elements`);
  if (offset < 0 || offset + count > out.length) throw new Error('tensor range does not fit the output');
  const stream = new ChaChaStream(weightsKey, streamId(TENSOR_KIND[t.kind], t.layer, 0), start / BLOCK_WORDS);
  for (let done = 0; done < count; done += CHUNK_WORDS) {
    const n = Math.min(CHUNK_WORDS, count - done);
    fillUniform(stream.words(n), t.scale, out, offset + done);
  }
}

export function generateTensor(weightsKey: Uint8Array, t: TensorSpec): Float32Array {
  const out = new Float32Array(t.size);
  fillTensor(weightsKey, t, out);
  return out;
}
