/** The issuance module's store key, key prefixes and module accounts. Numbers are never reused. */
export const ISSUANCE_STORE_KEY = 'issuance';

/** Holds the epoch's rewards (minted subsidy, top-ups, fees) until the epoch's end releases them. */
export const REWARD_POT_ACCOUNT = 'issuance_reward_pot';
/** Appendix K's training fund; the training issue spends it. */
export const TRAINING_FUND_ACCOUNT = 'training_fund';
/** Appendix E's hardware provider liquidity pool: holds bridged reserves and coins sold back. */
export const LIQUIDITY_POOL_ACCOUNT = 'liquidity_pool';

export enum IssuancePrefix {
  Params = 0x01,
  /** → Calendar (genesis only) */
  Calendar = 0x02,
  /** → IssuanceState */
  State = 0x03,
  /** length-prefixed address → PotEntry */
  Pot = 0x04,
  /** → u64: check the invariants every this many blocks in EndBlock (genesis only; 0 = never) */
  InvariantCheck = 0x05,
}
