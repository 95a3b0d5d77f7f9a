/**
 * The fee steps wallets offer (low / average / high, in nicoin per unit of gas). Low is the node's own floor so the
 * cheapest choice still gets into its mempool; average and high follow the usual Cosmos 1 : 2.5 : 4 ratio
 * (0.01 / 0.025 / 0.04 on most chains), leaving room when other validators ask for more than this node.
 */
import { BASE_DENOM } from '../../modules/bank/denoms.js';
import { decToString, parseDec, parseDecCoins } from '../../chain/types/dec.js';

/** The devnet's recommended floor (README): what wallets use when the node itself accepts free txs. */
export const DEFAULT_MIN_GAS_PRICE = '0.001';

export interface GasPriceSteps {
  /** Decimal strings in nicoin per gas; converted to numbers only where a wallet format wants numbers. */
  low: string;
  average: string;
  high: string;
}

/** Trailing zeros of an 18-digit decimal dropped ("0.001000…" → "0.001", "2.000…" → "2"). */
function trimDec(dec: bigint): string {
  return decToString(dec).replace(/\.?0+$/, '');
}

/**
 * Steps from app.toml's minimum-gas-prices ("0.001nicoin", possibly several coins): its nicoin entry, or the devnet
 * default when it names none or names zero. Throws on text that is not a decimal coin list.
 */
export function gasPriceSteps(minimumGasPrices: string): GasPriceSteps {
  const own = parseDecCoins(minimumGasPrices).find((c) => c.denom === BASE_DENOM);
  const low = own && own.amount > 0n ? own.amount : parseDec(DEFAULT_MIN_GAS_PRICE);
  return { low: trimDec(low), average: trimDec((low * 5n) / 2n), high: trimDec(low * 4n) };
}
