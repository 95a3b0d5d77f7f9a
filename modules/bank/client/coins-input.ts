import { parseCoins, normalizeCoins, type Coin } from '../../../chain/types/coins.js';
import { BASE_DENOM, DENOM_EXPONENTS, toBaseAmount } from '../denoms.js';
import { CliError } from '../../../chain/client/cli-error.js';

/**
 * Amounts typed by people: "1.5icon", "250micoin,10nicoin". Units of our coin are converted to the base denom nicoin
 * (on chain every amount is in nicoin); other denoms pass through as integers.
 */
export function parseUserCoins(text: string): Coin[] {
  const out: Coin[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z][a-zA-Z0-9/:._-]{2,127})$/.exec(part);
    if (!m) throw new CliError(`invalid coins "${text}": expected e.g. 10icon or 2500nicoin`);
    if (DENOM_EXPONENTS[m[2]!] !== undefined) {
      try {
        out.push({ denom: BASE_DENOM, amount: toBaseAmount(m[1]!, m[2]!) });
      } catch (e) {
        throw new CliError(`invalid coins "${text}": ${(e as Error).message}`);
      }
    } else {
      try {
        out.push(...parseCoins(part));
      } catch (e) {
        throw new CliError(`invalid coins "${text}": ${(e as Error).message}`);
      }
    }
  }
  return normalizeCoins(out);
}
