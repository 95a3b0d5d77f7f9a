/**
 * Block data structures, shaped after CometBFT 0.38 (tendermint.types) so that the JSON-RPC layer can render them in
 * CometBFT's exact JSON. Hashes are raw bytes here; renderers turn them into upper-case hex or base64.
 * Heights are JS numbers (safe integers); times are nanoseconds since the Unix epoch (bigint) because RFC3339Nano needs ns.
 */
export interface PartSetHeader {
  total: number;
  hash: Uint8Array;
}

export interface BlockId {
  hash: Uint8Array;
  partSetHeader: PartSetHeader;
}

export interface Header {
  version: { block: bigint; app: bigint };
  chainId: string;
  height: number;
  timeNs: bigint;
  lastBlockId: BlockId;
  lastCommitHash: Uint8Array;
  dataHash: Uint8Array;
  validatorsHash: Uint8Array;
  nextValidatorsHash: Uint8Array;
  consensusHash: Uint8Array;
  appHash: Uint8Array;
  lastResultsHash: Uint8Array;
  evidenceHash: Uint8Array;
  proposerAddress: Uint8Array;
}

export enum BlockIdFlag {
  Unknown = 0,
  Absent = 1,
  Commit = 2,
  Nil = 3,
}

export interface CommitSig {
  blockIdFlag: BlockIdFlag;
  validatorAddress: Uint8Array;
  timestampNs: bigint;
  signature: Uint8Array;
}

export interface Commit {
  height: number;
  round: number;
  blockId: BlockId;
  signatures: CommitSig[];
}

/** Two conflicting votes by one validator at one height/round/type (CometBFT's DuplicateVoteEvidence). */
export interface DuplicateVoteEvidence {
  type: 'duplicate_vote';
  /** Encoded votes (the consensus engine's canonical vote encoding), ordered by block id hash. */
  voteA: Uint8Array;
  voteB: Uint8Array;
  height: number;
  validatorAddress: Uint8Array;
  validatorPower: bigint;
  totalVotingPower: bigint;
  timestampNs: bigint;
}

export type Evidence = DuplicateVoteEvidence;

export interface Block {
  header: Header;
  txs: Uint8Array[];
  evidence: Evidence[];
  lastCommit: Commit;
}

export interface Validator {
  /** Consensus address: first 20 bytes of sha256(ed25519 pubkey). */
  address: Uint8Array;
  /** 32-byte ed25519 public key. */
  pubKey: Uint8Array;
  votingPower: bigint;
  proposerPriority: bigint;
}

export const EMPTY_BLOCK_ID: BlockId = {
  hash: new Uint8Array(0),
  partSetHeader: { total: 0, hash: new Uint8Array(0) },
};

/** A vote for nil carries no block id, or an all-empty one (the protobuf zero value). */
export function isNilBlockId(id: BlockId | null): boolean {
  return id === null || (id.hash.length === 0 && id.partSetHeader.total === 0 && id.partSetHeader.hash.length === 0);
}
