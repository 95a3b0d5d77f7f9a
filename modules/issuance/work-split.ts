import { IssuanceErrors, requireNonNegative } from './errors.js';

export interface WorkShare {
  address: string;
  work: bigint;
}

export interface Payout {
  address: string;
  amount: bigint;
}

/**
 * Splits `total` nicoin in proportion to work, paying out exactly `total` (largest remainder): each gets
 * floor(total·work/Σwork), and the nicoin left over go one each to the largest fractional remainders, ties to the
 * smaller address, so the result does not depend on the order of the input. Zero-work entries get nothing.
 */
export function splitByWork(total: bigint, shares: readonly WorkShare[]): Payout[] {
  requireNonNegative('amount to split', total);
  const seen = new Set<string>();
  for (const s of shares) {
    requireNonNegative(`work of ${s.address}`, s.work);
    if (seen.has(s.address)) throw IssuanceErrors.InvalidParams.wrap(`duplicate worker ${s.address}`);
    seen.add(s.address);
  }
  const workers = shares
    .filter((s) => s.work > 0n)
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const sum = workers.reduce((acc, s) => acc + s.work, 0n);
  if (sum === 0n) {
    if (total > 0n) throw IssuanceErrors.InvalidParams.wrap(`cannot split ${total} among workers with no work`);
    return [];
  }
  const base = workers.map((s) => ({
    address: s.address,
    amount: (total * s.work) / sum,
    rem: (total * s.work) % sum,
  }));
  let left = total - base.reduce((acc, p) => acc + p.amount, 0n);
  const byRemainder = [...base.keys()].sort((i, j) =>
    base[j]!.rem > base[i]!.rem ? 1 : base[j]!.rem < base[i]!.rem ? -1 : i - j,
  );
  for (const i of byRemainder) {
    if (left === 0n) break;
    base[i]!.amount += 1n;
    left -= 1n;
  }
  return base.map(({ address, amount }) => ({ address, amount }));
}
