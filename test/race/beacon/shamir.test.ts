import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { buildGroup, pointIndices } from '../../../race/beacon/group.js';
import { feldmanCommit, verifyShare, verifyShares } from '../../../race/beacon/feldman.js';
import { CURVE_ORDER, modN } from '../../../race/beacon/scalar.js';
import { evalPolynomial, interpolateAtZero, randomPolynomial, sharesAt } from '../../../race/beacon/shamir.js';
import { thresholdPoints } from '../../../race/beacon/weights.js';
import { makeMembers, seededRandom } from './fixtures.js';

/** Picks a deterministic subset of the given size from a shuffled order driven by fast-check. */
function pick<T>(items: readonly T[], order: readonly number[], size: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  for (let i = 0; i < size; i++) out.push(pool.splice(order[i] % pool.length, 1)[0]);
  return out;
}

describe('Shamir sharing over secp256k1 scalars', () => {
  it('any t points reconstruct the secret and t−1 points do not (random weights)', () => {
    const weights = fc.array(fc.bigInt({ min: 1n, max: 10n ** 24n }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(
        weights,
        fc.integer({ min: 1, max: 96 }),
        fc.string(),
        fc.array(fc.nat(), { minLength: 96, maxLength: 96 }),
        (ws, total, label, order) => {
          const members = makeMembers(
            ws.map(() => 1n),
            'p',
          ).map((m, i) => ({ address: m.address, weight: ws[i], pubKey: m.pubKey }));
          const group = buildGroup(members, total);
          const t = thresholdPoints(total, { num: 1, den: 2 });
          const rnd = seededRandom(`shamir/${label}`);
          const secret = modN(BigInt(`0x${Buffer.from(rnd(32)).toString('hex')}`)) || 1n;
          const coeffs = randomPolynomial(secret, t, rnd);
          const all = sharesAt(
            coeffs,
            group.flatMap((m) => pointIndices(m)),
          );
          expect(all.map((p) => p.index)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
          expect(interpolateAtZero(pick(all, order, t))).toBe(secret);
          expect(interpolateAtZero(pick(all, order, total))).toBe(secret);
          if (t > 1) expect(interpolateAtZero(pick(all, order, t - 1))).not.toBe(secret);
        },
      ),
      { numRuns: 60, seed: 20250501 },
    );
  });

  it('t−1 points are consistent with every candidate secret (they carry no information)', () => {
    const rnd = seededRandom('perfect-hiding');
    const t = 5;
    const xs = [2, 3, 5, 7];
    const coeffs = randomPolynomial(123456789n, t, rnd);
    const known = sharesAt(coeffs, xs);
    // f' = f + (s' − s)·L with L(x) = Π(1 − x/x_i): same degree, same values at every known x_i, f'(0) = s'.
    let L = [1n];
    for (const xi of xs) L = mulPoly(L, [1n, modN(-invert(BigInt(xi)))]);
    for (const candidate of [1n, 42n, CURVE_ORDER - 1n]) {
      const delta = modN(candidate - coeffs[0]);
      const other = coeffs.map((c, j) => modN(c + delta * (L[j] ?? 0n)));
      expect(other).toHaveLength(t);
      expect(evalPolynomial(other, 0n)).toBe(candidate);
      expect(sharesAt(other, xs)).toEqual(known);
    }
  });

  it('Feldman commitments accept the dealt shares and reject any other value or index', () => {
    const rnd = seededRandom('feldman');
    const coeffs = randomPolynomial(987654321n, 6, rnd);
    const commitments = feldmanCommit(coeffs);
    for (const s of sharesAt(coeffs, [1, 2, 9, 64])) {
      expect(verifyShare(commitments, s.index, s.value)).toBe(true);
      expect(verifyShare(commitments, s.index, modN(s.value + 1n))).toBe(false);
      expect(verifyShare(commitments, s.index + 1, s.value)).toBe(false);
    }
    expect(verifyShare(commitments, 1, CURVE_ORDER)).toBe(false);
    expect(verifyShare([], 1, 1n)).toBe(false);
  });

  it('batch verification accepts exactly the sets of good shares', () => {
    const rnd = seededRandom('batch');
    const coeffs = randomPolynomial(5n, 9, rnd);
    const commitments = feldmanCommit(coeffs);
    for (const count of [1, 3, 8, 20]) {
      const shares = sharesAt(
        coeffs,
        Array.from({ length: count }, (_, i) => 40 - i),
      );
      expect(verifyShares(commitments, shares)).toBe(true);
      for (const k of [0, count - 1]) {
        const bad = shares.map((s, i) => (i === k ? { ...s, value: modN(s.value + 1n) } : s));
        expect(verifyShares(commitments, bad)).toBe(false);
      }
      // Two errors that cancel in an unweighted sum are still caught.
      if (count >= 2) {
        const cancel = shares.map((s, i) =>
          i === 0 ? { ...s, value: modN(s.value + 5n) } : i === 1 ? { ...s, value: modN(s.value - 5n) } : s,
        );
        expect(verifyShares(commitments, cancel)).toBe(false);
      }
    }
    expect(verifyShares(commitments, [])).toBe(false);
  });

  it('refuses duplicate or non-positive indices', () => {
    expect(() =>
      interpolateAtZero([
        { index: 1, value: 1n },
        { index: 1, value: 2n },
      ]),
    ).toThrow(/duplicate/);
    expect(() => interpolateAtZero([{ index: 0, value: 1n }])).toThrow(/positive/);
    expect(() => interpolateAtZero([])).toThrow(/no share/);
  });
});

function mulPoly(a: readonly bigint[], b: readonly bigint[]): bigint[] {
  const out = new Array<bigint>(a.length + b.length - 1).fill(0n);
  a.forEach((x, i) => b.forEach((y, j) => (out[i + j] = modN(out[i + j] + x * y))));
  return out;
}

function invert(a: bigint): bigint {
  let result = 1n;
  let base = modN(a);
  let e = CURVE_ORDER - 2n;
  while (e > 0n) {
    if (e & 1n) result = modN(result * base);
    base = modN(base * base);
    e >>= 1n;
  }
  return result;
}
