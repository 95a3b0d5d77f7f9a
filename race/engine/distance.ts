/**
 * Normalisation, permuted distance and threshold. All arithmetic is IEEE-754 float64 and every sum
 * runs sequentially in increasing index order, so the distance is bit-exact for a given output vector.
 *
 * Why the success probability does not depend on the seed: output and target are centred and
 * unit-normalised, so d² = 2 − 2c with c = Σ ŷ_π(i) t̂_i. Over a uniformly random permutation π the
 * statistic c has mean exactly 0 and variance exactly 1/(V−1) whatever ŷ and t̂ are, and is close to
 * normal for large V (combinatorial central limit theorem). The threshold puts c above the normal
 * (1 − 1/difficulty) quantile.
 */
import type { RaceConfig } from './config.js';
import { permuteInPlace } from './nonce-input.js';

/** (x − mean) / ‖x − mean‖ in float64, or null when x is constant. */
export function centerAndNormalize(x: Float32Array | Float64Array): Float64Array | null {
  return centerAndNormalizeInto(x, new Float64Array(x.length));
}

/**
 * Distance of one nonce: normalise the output, permute its coordinates with the nonce's shuffle
 * words, and take the Euclidean distance to the normalised target. Infinity for a degenerate output.
 * `scratch` (length vocab) avoids an allocation per nonce.
 */
export function permutedDistance(
  config: RaceConfig,
  output: Float32Array | Float64Array,
  words: Uint32Array,
  target: Float64Array,
  scratch: Float64Array = new Float64Array(output.length),
): number {
  const z = centerAndNormalizeInto(output, scratch);
  if (z === null) return Infinity;
  permuteInPlace(config, words, z);
  let ss = 0;
  for (let i = 0; i < z.length; i++) {
    const d = z[i] - target[i];
    ss += d * d;
  }
  return Math.sqrt(ss);
}

/** centerAndNormalize writing into `out`; the same operations in the same order. */
function centerAndNormalizeInto(x: Float32Array | Float64Array, out: Float64Array): Float64Array | null {
  const n = x.length;
  if (out.length !== n) throw new Error('scratch length must equal the output length');
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const u = x[i] - mean;
    out[i] = u;
    ss += u * u;
  }
  const norm = Math.sqrt(ss);
  if (!(norm > 0) || !Number.isFinite(norm)) return null;
  for (let i = 0; i < n; i++) out[i] = out[i] / norm;
  return out;
}

/** A nonce is appropriate when its distance is strictly below the threshold. */
export function isAppropriate(distance: number, threshold: number): boolean {
  return distance < threshold;
}

/**
 * Threshold on the distance: sqrt(2 − 2 · z / sqrt(V − 1)) with z the standard normal quantile of
 * 1 − 1/difficulty (AS241).
 */
export function distanceThreshold(config: Pick<RaceConfig, 'vocab' | 'difficulty'>): number {
  const z = normalQuantile(1 - 1 / config.difficulty);
  const c = z / Math.sqrt(config.vocab - 1);
  if (!(c < 1)) throw new Error(`difficulty ${config.difficulty} is unreachable with vocab ${config.vocab}`);
  return Math.sqrt(2 - 2 * c);
}

/**
 * Inverse of the standard normal CDF: Wichura's algorithm AS241 (PPND16), relative accuracy ~1e-16.
 * The published coefficients are kept verbatim; they parse to the nearest double.
 */
/* eslint-disable no-loss-of-precision */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normal quantile needs 0 < p < 1, got ${p}`);
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) *
          r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) *
        r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let val: number;
  if (r <= 5) {
    r -= 1.6;
    val =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) *
        r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) *
        r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    val =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) *
        r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) *
        r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -val : val;
}
/* eslint-enable no-loss-of-precision */
