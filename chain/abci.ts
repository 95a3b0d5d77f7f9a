import type { AbciEvent } from './types/events.js';
import type { Evidence } from './types/block.js';

/**
 * The boundary between consensus and the state machine, after ABCI 2.0 (CometBFT 0.38): the consensus engine
 * (one validator or many, same code) drives an Application through these calls and nothing else.
 */
export interface ValidatorUpdate {
  /** 32-byte ed25519 consensus public key. */
  pubKey: Uint8Array;
  /** 0 removes the validator. */
  power: bigint;
}

export interface ExecTxResult {
  code: number;
  codespace: string;
  log: string;
  info: string;
  /** TxMsgData protobuf on success; empty on failure. */
  data: Uint8Array;
  gasWanted: bigint;
  gasUsed: bigint;
  events: AbciEvent[];
}

export interface CheckTxResult {
  code: number;
  codespace: string;
  log: string;
  gasWanted: bigint;
  gasUsed: bigint;
  events: AbciEvent[];
}

export interface VoteInfo {
  validatorAddress: Uint8Array;
  power: bigint;
  signedLastBlock: boolean;
}

export interface InitChainRequest {
  chainId: string;
  timeNs: bigint;
  initialHeight: number;
  validators: ValidatorUpdate[];
  /** The genesis file's app_state, as JSON text. */
  appStateJson: string;
}

export interface InitChainResponse {
  /** Validators chosen by the app (if empty, the genesis validators stand). */
  validators: ValidatorUpdate[];
  appHash: Uint8Array;
}

export interface FinalizeBlockRequest {
  height: number;
  timeNs: bigint;
  /** Hash of the block being finalized. */
  hash: Uint8Array;
  proposerAddress: Uint8Array;
  txs: Uint8Array[];
  decidedLastCommit: { round: number; votes: VoteInfo[] };
  misbehavior: Evidence[];
}

export interface FinalizeBlockResponse {
  /** Block-level events (BeginBlock then EndBlock), each tagged with a `mode` attribute as the SDK does. */
  events: AbciEvent[];
  txResults: ExecTxResult[];
  /** Take effect at height + 2. */
  validatorUpdates: ValidatorUpdate[];
  /** Root of the state after this block; goes into the header of height + 1. */
  appHash: Uint8Array;
}

export interface QueryRequest {
  path: string;
  data: Uint8Array;
  /** 0 = latest committed. */
  height: number;
  prove: boolean;
}

export interface QueryResponse {
  code: number;
  codespace: string;
  log: string;
  info: string;
  index: bigint;
  key: Uint8Array | null;
  value: Uint8Array | null;
  height: number;
}

export interface AppInfo {
  data: string;
  version: string;
  appVersion: bigint;
  lastBlockHeight: number;
  lastBlockAppHash: Uint8Array;
}

export interface Application {
  info(): AppInfo;
  initChain(req: InitChainRequest): Promise<InitChainResponse>;
  /** Ante checks only, against the mempool's check state. */
  checkTx(tx: Uint8Array, kind: 'new' | 'recheck'): CheckTxResult;
  /** The proposer's chance to reorder or drop txs reaped from the mempool. */
  prepareProposal(req: { height: number; maxTxBytes: number; txs: Uint8Array[] }): Uint8Array[];
  /** A validator's check of a proposed block's txs before prevoting for it. */
  processProposal(req: { height: number; txs: Uint8Array[]; proposerAddress: Uint8Array }): boolean;
  /** Executes the block; nothing is persisted until commit(). */
  finalizeBlock(req: FinalizeBlockRequest): Promise<FinalizeBlockResponse>;
  /** Persists the finalized block's state, results and tx index in one atomic write. */
  commit(): Promise<void>;
  query(req: QueryRequest): Promise<QueryResponse>;
}

/**
 * What the mempool needs from the app (CometBFT's mempool connection): CheckTx, and a fresh check state from the
 * committed one, which the mempool asks for right before it re-checks its txs after a block, in the same synchronous
 * step, so no CheckTx can slip in between and see a state without the pending txs.
 */
export interface MempoolApplication {
  checkTx: Application['checkTx'];
  resetCheckState(): void;
}
