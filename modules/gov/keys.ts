/** The gov module's store key and key prefixes. Numbers are never reused. */
export const GOV_STORE_KEY = 'gov';

export enum GovPrefix {
  Proposal = 0x00,
  /** voting end time (ns, u64 BE) ‖ proposal id → empty */
  ActiveQueue = 0x01,
  /** deposit end time (ns, u64 BE) ‖ proposal id → empty */
  InactiveQueue = 0x02,
  NextProposalId = 0x03,
  /** proposal id ‖ length-prefixed depositor → Deposit */
  Deposit = 0x10,
  /** proposal id ‖ length-prefixed voter → Vote */
  Vote = 0x20,
  Params = 0x30,
}
