/**
 * What the JSON-RPC and REST servers need from the node (the Cosmos "expected keepers" pattern): the integrator
 * implements RpcBackend over the block store, tx index, event bus, mempool and app. The servers only read through it
 * (and submit txs); they never reach into those components directly.
 *
 * Conventions: hashes and addresses are raw bytes; heights are JS numbers; times are nanoseconds since the Unix epoch.
 * Methods may return a value or a promise. "Not found" is `undefined`; anything thrown becomes a JSON-RPC
 * "Internal error" whose `data` is the error's message, so throw errors with texts meant for the client.
 */
import type {
  AppInfo,
  CheckTxResult,
  ExecTxResult,
  FinalizeBlockResponse,
  QueryRequest,
  QueryResponse,
} from '../../chain/abci.js';
import type { Block, BlockId, Commit, Header, Validator } from '../../chain/types/block.js';

export type MaybePromise<T> = T | Promise<T>;

/** The node's identity as CometBFT's `status.node_info` shows it. */
export interface NodeInfoView {
  /** Node id: 40 lower-case hex chars (first 20 bytes of sha256 of the p2p public key). */
  id: string;
  /** e.g. "tcp://0.0.0.0:26656". */
  listenAddr: string;
  /** The chain id. */
  network: string;
  moniker: string;
  /** CometBFT version the node claims; defaults to COMETBFT_COMPAT_VERSION (CosmJS picks its client by "0.38."). */
  version?: string;
  /** Hex list of p2p channel ids; defaults to CometBFT's usual set. */
  channels?: string;
  protocolVersion?: { p2p: bigint; block: bigint; app: bigint };
  txIndex: boolean;
  rpcAddress: string;
}

export interface SyncInfoView {
  latestBlockHash: Uint8Array;
  /** The app hash after executing the latest block (goes into the next header). */
  latestAppHash: Uint8Array;
  latestBlockHeight: number;
  latestBlockTimeNs: bigint;
  earliestBlockHash: Uint8Array;
  earliestAppHash: Uint8Array;
  earliestBlockHeight: number;
  earliestBlockTimeNs: bigint;
  catchingUp: boolean;
}

/** This node's own validator key; votingPower 0 when it is not in the active set. */
export interface ValidatorInfoView {
  address: Uint8Array;
  /** 32-byte ed25519 key. */
  pubKey: Uint8Array;
  votingPower: bigint;
}

/** A committed block with the id and size the store recorded for it. */
export interface StoredBlock {
  blockId: BlockId;
  block: Block;
  /** Size of the encoded block in bytes (for `blockchain`'s block_size). */
  sizeBytes: number;
}

export interface CommitView {
  commit: Commit;
  /** false for the latest block's own ("seen") commit, which a later block has not yet included. */
  canonical: boolean;
}

/** A tx as the tx index stores it (chain/txindex's IndexedTx has this shape). */
export interface IndexedTx {
  hash: Uint8Array;
  height: number;
  index: number;
  /** The exact bytes received. */
  tx: Uint8Array;
  result: ExecTxResult;
}

export interface TxSearchRequest {
  /** CometBFT query language, e.g. "tx.height=5 AND message.sender='race1…'". */
  query: string;
  /** 1-based. */
  page: number;
  perPage: number;
  orderBy: 'asc' | 'desc';
}

export interface TxSearchResult {
  /** The requested page only. */
  txs: IndexedTx[];
  /** All matches, across pages. */
  totalCount: number;
}

export interface ConsensusParamsView {
  block: { maxBytes: bigint; maxGas: bigint };
  evidence: { maxAgeNumBlocks: bigint; maxAgeDurationNs: bigint; maxBytes: bigint };
  validator: { pubKeyTypes: string[] };
  version: { app: bigint };
  abci?: { voteExtensionsEnableHeight: bigint };
}

export interface GenesisValidatorView {
  address: Uint8Array;
  pubKey: Uint8Array;
  power: bigint;
  name: string;
}

/** The genesis document in CometBFT's terms (the RPC renders CometBFT's layout whatever genesis.json looks like). */
export interface GenesisView {
  /** As written in genesis.json, RFC3339. */
  genesisTime: string;
  chainId: string;
  initialHeight: number;
  /** Defaults to CometBFT's defaults when absent. */
  consensusParams?: ConsensusParamsView;
  validators: GenesisValidatorView[];
  appHash: Uint8Array;
  /** The app_state JSON value, passed through untouched. */
  appState: unknown;
}

export interface UnconfirmedTxsView {
  /** At most the requested limit. */
  txs: Uint8Array[];
  /** All txs in the mempool. */
  total: number;
  totalBytes: number;
}

export interface PeerView {
  nodeId: string;
  moniker: string;
  listenAddr: string;
  network: string;
  version: string;
  remoteIp: string;
  isOutbound: boolean;
}

export interface NetInfoView {
  listening: boolean;
  listeners: string[];
  peers: PeerView[];
}

/** Events the bus delivers to RPC subscribers. */
export type RpcEvent =
  | { type: 'NewBlock'; block: Block; blockId: BlockId; result: FinalizeBlockResponse }
  | { type: 'NewBlockHeader'; header: Header }
  | { type: 'Tx'; tx: IndexedTx };

export interface RpcBackend {
  nodeInfo(): MaybePromise<NodeInfoView>;
  syncInfo(): MaybePromise<SyncInfoView>;
  validatorInfo(): MaybePromise<ValidatorInfoView>;
  abciInfo(): MaybePromise<AppInfo>;
  /** height 0 = latest committed; the app answers errors as a non-zero code, not by throwing. */
  abciQuery(req: QueryRequest): MaybePromise<QueryResponse>;
  /** CheckTx without adding to the mempool (the `check_tx` method). */
  checkTx(tx: Uint8Array): MaybePromise<CheckTxResult>;
  /**
   * CheckTx and, if it passes, add to the mempool and gossip. Throw for mempool-level refusals CometBFT reports as
   * JSON-RPC errors, e.g. `new Error('tx already exists in cache')`, "mempool is full", "tx too large".
   */
  broadcastTx(tx: Uint8Array): MaybePromise<CheckTxResult>;

  /** Lowest height still stored (1 unless pruned); 0 before the first block. */
  earliestHeight(): MaybePromise<number>;
  /** Latest committed height; 0 before the first block. */
  latestHeight(): MaybePromise<number>;
  blockAt(height: number): MaybePromise<StoredBlock | undefined>;
  blockByHash(hash: Uint8Array): MaybePromise<StoredBlock | undefined>;
  /** The commit that finalized block `height` (block height+1's last_commit, or the seen commit for the latest). */
  commitAt(height: number): MaybePromise<CommitView | undefined>;
  /** FinalizeBlock's results for `height`. */
  blockResults(height: number): MaybePromise<FinalizeBlockResponse | undefined>;
  /** The validator set that signs block `height`, sorted as CometBFT sorts it (power desc, then address). */
  validators(height: number): MaybePromise<Validator[] | undefined>;
  genesis(): MaybePromise<GenesisView>;
  /** Consensus parameters in force at `height`. */
  consensusParams(height: number): MaybePromise<ConsensusParamsView | undefined>;

  txByHash(hash: Uint8Array): MaybePromise<IndexedTx | undefined>;
  /** Throws on a malformed query (the message reaches the client). */
  txSearch(req: TxSearchRequest): MaybePromise<TxSearchResult>;

  unconfirmedTxs(limit: number): MaybePromise<UnconfirmedTxsView>;
  netInfo(): MaybePromise<NetInfoView>;

  /**
   * Delivers every event matching `query` to `onEvent` until unsubscribed. Throws on a malformed query or when the
   * subscriber already has that query. Subscriber ids are chosen by the RPC server and are unique per connection.
   */
  subscribe(subscriber: string, query: string, onEvent: (ev: RpcEvent) => void): MaybePromise<void>;
  unsubscribe(subscriber: string, query: string): MaybePromise<void>;
  unsubscribeAll(subscriber: string): MaybePromise<void>;
}

/** Optional instrumentation; the metrics server implements it with a prom-client histogram. */
export interface RpcMetrics {
  observeRpc(method: string, seconds: number): void;
}
