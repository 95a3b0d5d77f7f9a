/**
 * The weighted median that sets the unit-of-compute price (docs/pricing.md, "Weighted median"): pure bigint logic.
 *
 * Among the votes with positive weight, sorted by price, it is the smallest price p whose cumulative weight (all votes
 * priced at or below p) reaches half of the total: 2 × cumulative(p) ≥ total. So equal prices pool their weight, and
 * when the weight splits exactly in half between two prices the lower one wins (no averaging: the result is always
 * one of the votes). Zero total weight has no median.
 */
export interface WeightedVote {
  price: bigint;
  weight: bigint;
}

export function weightedMedian(votes: readonly WeightedVote[]): bigint | undefined {
  for (const v of votes) {
    if (v.price < 0n) throw new Error(`negative price ${v.price}`);
    if (v.weight < 0n) throw new Error(`negative weight ${v.weight}`);
  }
  const counted = votes
    .filter((v) => v.weight > 0n)
    .sort((a, b) => (a.price < b.price ? -1 : a.price > b.price ? 1 : 0));
  const total = counted.reduce((s, v) => s + v.weight, 0n);
  if (total === 0n) return undefined;
  let cumulative = 0n;
  for (const v of counted) {
    cumulative += v.weight;
    if (2n * cumulative >= total) return v.price;
  }
  // Unreachable: the last vote brings the cumulative weight to the total.
  throw new Error('weighted median: cumulative weight never reached half of the total');
}
