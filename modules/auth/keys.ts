/** The auth module's store key and key prefixes. Numbers are never reused. */
export const AUTH_STORE_KEY = 'acc';

export enum AuthPrefix {
  Account = 0x01,
  GlobalAccountNumber = 0x02,
  Params = 0x03,
}
