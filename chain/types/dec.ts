import { Errors } from './errors.js';

/** Fixed-point decimals with 18 fractional digits (the SDK's LegacyDec precision), stored as bigint. */
const DEC_PRECISION = 18;
const ONE = 10n ** BigInt(DEC_PRECISION);

export interface DecCoin {
  denom: string;
  /** amount × 10^18 */
  amount: bigint;
}

export function parseDec(text: string): bigint {
  const m = /^([0-9]+)(?:\.([0-9]{1,18}))?$/.exec(text.trim());
  if (!m) throw Errors.InvalidRequest.wrap(`invalid decimal: ${text}`);
  const frac = (m[2] ?? '').padEnd(DEC_PRECISION, '0');
  return BigInt(m[1]!) * ONE + BigInt(frac);
}

export function decToString(dec: bigint): string {
  const sign = dec < 0n ? '-' : '';
  const abs = dec < 0n ? -dec : dec;
  const int = abs / ONE;
  const frac = (abs % ONE).toString().padStart(DEC_PRECISION, '0');
  return `${sign}${int}.${frac}`;
}

/** "0.025nicoin" → DecCoin; several separated by commas. */
export function parseDecCoins(text: string): DecCoin[] {
  if (text.trim() === '') return [];
  return text.split(',').map((part) => {
    const m = /^([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z][a-zA-Z0-9/:._-]{2,127})$/.exec(part.trim());
    if (!m) throw Errors.InvalidCoins.wrap(`invalid decimal coin expression: ${part}`);
    return { denom: m[2]!, amount: parseDec(m[1]!) };
  });
}

/** ceil(dec × n) as an integer: the SDK's required fee for a gas price and gas limit. */
export function mulCeil(dec: bigint, n: bigint): bigint {
  const p = dec * n;
  return (p + ONE - 1n) / ONE;
}
