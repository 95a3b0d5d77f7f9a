import type { Metadata } from 'cosmjs-types/cosmos/bank/v1beta1/bank';

/** The coin of the paper's appendix J: 1 icon = 10^3 micoin = 10^6 uicon = 10^9 nicoin; nicoin is the base denom. */
export const BASE_DENOM = 'nicoin';
export const DISPLAY_DENOM = 'icon';

export const DENOM_EXPONENTS: Record<string, number> = { nicoin: 0, uicon: 3, micoin: 6, icon: 9 };

export const ICON_METADATA: Metadata = {
  description: 'The native coin of Race: pays for inference, training and fees, and rewards the Race.',
  denomUnits: [
    { denom: 'nicoin', exponent: 0, aliases: ['nanoicon'] },
    { denom: 'uicon', exponent: 3, aliases: ['microicon'] },
    { denom: 'micoin', exponent: 6, aliases: ['milliicon'] },
    { denom: 'icon', exponent: 9, aliases: [] },
  ],
  base: BASE_DENOM,
  display: DISPLAY_DENOM,
  name: 'Race icon',
  symbol: 'ICON',
  uri: '',
  uriHash: '',
};

/**
 * Converts an amount in any of the four units to nicoin ("1.5icon" → 1500000000n). Used where people type amounts
 * (CLI, price votes); on chain every balance is in nicoin.
 */
export function toBaseAmount(amount: string, denom: string): bigint {
  const exp = DENOM_EXPONENTS[denom];
  if (exp === undefined) throw new Error(`unknown denomination ${denom}: use icon, micoin, uicon or nicoin`);
  const m = /^([0-9]+)(?:\.([0-9]+))?$/.exec(amount);
  if (!m) throw new Error(`invalid amount ${amount}`);
  const frac = m[2] ?? '';
  if (frac.length > exp && /[1-9]/.test(frac.slice(exp))) throw new Error(`${amount}${denom} is finer than 1 nicoin`);
  return BigInt(m[1]!) * 10n ** BigInt(exp) + BigInt((frac.slice(0, exp) || '0').padEnd(exp, '0') || '0');
}
