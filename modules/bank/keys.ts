/** The bank module's store key and key prefixes. Numbers are never reused. */
export const BANK_STORE_KEY = 'bank';

export enum BankPrefix {
  Supply = 0x00,
  DenomMetadata = 0x01,
  Balances = 0x02,
  Params = 0x05,
}
