/** Votes and proposals as signed and gossiped. Evidence and the block codec carry them, so they sit below consensus. */
import type { BlockId } from './block.js';

/** SignedMsgType values of tendermint.types (they appear in sign bytes, so they must match CometBFT). */
export enum VoteType {
  Prevote = 1,
  Precommit = 2,
}
export const PROPOSAL_TYPE = 32;

export interface Vote {
  type: VoteType;
  height: number;
  round: number;
  /** null = a vote for nil. */
  blockId: BlockId | null;
  timestampNs: bigint;
  validatorAddress: Uint8Array;
  validatorIndex: number;
  signature: Uint8Array;
}

export interface Proposal {
  height: number;
  round: number;
  /** The round of the proof-of-lock this value carries, or -1. */
  polRound: number;
  blockId: BlockId;
  timestampNs: bigint;
  signature: Uint8Array;
}
