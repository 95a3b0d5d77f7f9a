import { readFileSync } from 'node:fs';

/** Appendix E/F's phase table: a copy of the shared vectors file kept in the repo, so a clone anywhere can run it. */
export const PHASES_TSV = new URL('../../fixtures/issuance-phases.tsv', import.meta.url).pathname;

export interface PhaseRow {
  phase: number;
  issuedCoins: string;
  subsidyShare: string;
  developerFeesCoins: string;
  totalToProvidersCoins: string;
  paperFees: string;
  paperTotal: string;
}

export function loadPhaseTable(): PhaseRow[] {
  const [header, ...lines] = readFileSync(PHASES_TSV, 'utf8').trim().split('\n');
  if (
    header !==
    'phase\tissued_coins\tsubsidy_share\tdeveloper_fees_coins\ttotal_to_providers_coins\tpaper_fees\tpaper_total'
  ) {
    throw new Error(`unexpected header in ${PHASES_TSV}: ${header}`);
  }
  return lines.map((line) => {
    const [phase, issuedCoins, subsidyShare, developerFeesCoins, totalToProvidersCoins, paperFees, paperTotal] =
      line.split('\t');
    return {
      phase: Number(phase),
      issuedCoins: issuedCoins!,
      subsidyShare: subsidyShare!,
      developerFeesCoins: developerFeesCoins!,
      totalToProvidersCoins: totalToProvidersCoins!,
      paperFees: paperFees!,
      paperTotal: paperTotal!,
    };
  });
}

/** num/den (≥ 0) printed with `places` decimals, rounded half up: how the vector's and the paper's columns were printed. */
export function formatFixed(num: bigint, den: bigint, places: number): string {
  const scale = 10n ** BigInt(places);
  const scaled = (2n * num * scale + den) / (2n * den);
  if (places === 0) return scaled.toString();
  const digits = scaled.toString().padStart(places + 1, '0');
  return `${digits.slice(0, -places)}.${digits.slice(-places)}`;
}
