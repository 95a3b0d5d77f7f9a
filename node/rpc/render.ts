/**
 * Pure renderers from our types to CometBFT 0.38's JSON-RPC JSON (cmtjson for RPC result structs, gogoproto jsonpb
 * with EmitDefaults for ABCI types). Rules: int64/uint64 → string, int32/uint32 → number, HexBytes (hashes,
 * addresses) → upper-case hex, []byte → base64, time → RFC3339Nano UTC, pubkeys → amino-style {type, value}.
 */
import type {
  AppInfo,
  CheckTxResult,
  ExecTxResult,
  FinalizeBlockResponse,
  QueryResponse,
  ValidatorUpdate,
} from '../../chain/abci.js';
import {
  BlockIdFlag,
  type Block,
  type BlockId,
  type Commit,
  type CommitSig,
  type Evidence,
  type Header,
  type Validator,
} from '../../chain/types/block.js';
import type { AbciEvent } from '../../chain/types/events.js';
import type {
  CommitView,
  ConsensusParamsView,
  GenesisView,
  IndexedTx,
  NetInfoView,
  NodeInfoView,
  RpcEvent,
  StoredBlock,
  SyncInfoView,
  UnconfirmedTxsView,
  ValidatorInfoView,
} from './backend.js';
import { toBase64, toHexUpper } from '../../chain/types/bytes.js';
import { formatRfc3339Ns } from '../../chain/types/time.js';
import { COMETBFT_COMPAT_VERSION } from '../app/version.js';
import { base64OrNull } from './encoding.js';

export type JsonObject = { [key: string]: unknown };

/** The CometBFT release whose RPC we speak; CosmJS's connectComet picks Comet38Client from the "0.38." prefix. */
const DEFAULT_CHANNELS = '40202122233038606100';
const ZERO_TIME = '0001-01-01T00:00:00Z';

function renderPubKeyEd25519(key: Uint8Array): JsonObject {
  return { type: 'tendermint/PubKeyEd25519', value: toBase64(key) };
}

export function renderBlockId(id: BlockId): JsonObject {
  return {
    hash: toHexUpper(id.hash),
    parts: { total: id.partSetHeader.total, hash: toHexUpper(id.partSetHeader.hash) },
  };
}

export function renderHeader(h: Header): JsonObject {
  return {
    version: { block: h.version.block.toString(), app: h.version.app.toString() },
    chain_id: h.chainId,
    height: String(h.height),
    time: formatRfc3339Ns(h.timeNs),
    last_block_id: renderBlockId(h.lastBlockId),
    last_commit_hash: toHexUpper(h.lastCommitHash),
    data_hash: toHexUpper(h.dataHash),
    validators_hash: toHexUpper(h.validatorsHash),
    next_validators_hash: toHexUpper(h.nextValidatorsHash),
    consensus_hash: toHexUpper(h.consensusHash),
    app_hash: toHexUpper(h.appHash),
    last_results_hash: toHexUpper(h.lastResultsHash),
    evidence_hash: toHexUpper(h.evidenceHash),
    proposer_address: toHexUpper(h.proposerAddress),
  };
}

function renderCommitSig(sig: CommitSig): JsonObject {
  if (sig.blockIdFlag === BlockIdFlag.Absent) {
    return { block_id_flag: sig.blockIdFlag, validator_address: '', timestamp: ZERO_TIME, signature: null };
  }
  return {
    block_id_flag: sig.blockIdFlag,
    validator_address: toHexUpper(sig.validatorAddress),
    timestamp: formatRfc3339Ns(sig.timestampNs),
    signature: sig.signature.length > 0 ? toBase64(sig.signature) : null,
  };
}

export function renderCommit(c: Commit): JsonObject {
  return {
    height: String(c.height),
    round: c.round,
    block_id: renderBlockId(c.blockId),
    signatures: c.signatures.map(renderCommitSig),
  };
}

/** Our evidence carries the consensus engine's encoded votes, so they are shown as base64 rather than vote objects. */
function renderEvidence(ev: Evidence): JsonObject {
  return {
    type: 'tendermint/DuplicateVoteEvidence',
    value: {
      vote_a: toBase64(ev.voteA),
      vote_b: toBase64(ev.voteB),
      TotalVotingPower: ev.totalVotingPower.toString(),
      ValidatorPower: ev.validatorPower.toString(),
      Timestamp: formatRfc3339Ns(ev.timestampNs),
    },
  };
}

export function renderBlock(b: Block): JsonObject {
  return {
    header: renderHeader(b.header),
    data: { txs: b.txs.map(toBase64) },
    evidence: { evidence: b.evidence.map(renderEvidence) },
    last_commit: renderCommit(b.lastCommit),
  };
}

/** `block` / `block_by_hash`; a missing block renders as CometBFT's empty id and null block. */
export function renderBlockResponse(stored: StoredBlock | undefined): JsonObject {
  if (!stored) return { block_id: { hash: '', parts: { total: 0, hash: '' } }, block: null };
  return { block_id: renderBlockId(stored.blockId), block: renderBlock(stored.block) };
}

export function renderHeaderResponse(stored: StoredBlock | undefined): JsonObject {
  return { header: stored ? renderHeader(stored.block.header) : null };
}

export function renderEvents(events: readonly AbciEvent[]): JsonObject[] {
  return events.map((ev) => ({
    type: ev.type,
    attributes: ev.attributes.map((a) => ({ key: a.key, value: a.value, index: a.index })),
  }));
}

/** jsonpb ExecTxResult: every field present; empty data (a failed tx) is null as for a nil []byte. */
function renderExecTxResult(r: ExecTxResult): JsonObject {
  return {
    code: r.code,
    data: r.data.length > 0 ? toBase64(r.data) : null,
    log: r.log,
    info: r.info,
    gas_wanted: r.gasWanted.toString(),
    gas_used: r.gasUsed.toString(),
    events: renderEvents(r.events),
    codespace: r.codespace,
  };
}

/** jsonpb ResponseCheckTx (0.38 fields). */
export function renderCheckTx(r: CheckTxResult): JsonObject {
  return {
    code: r.code,
    data: null,
    log: r.log,
    info: '',
    gas_wanted: r.gasWanted.toString(),
    gas_used: r.gasUsed.toString(),
    events: renderEvents(r.events),
    codespace: r.codespace,
  };
}

export const EMPTY_EXEC_TX_RESULT: ExecTxResult = {
  code: 0,
  codespace: '',
  log: '',
  info: '',
  data: new Uint8Array(0),
  gasWanted: 0n,
  gasUsed: 0n,
  events: [],
};

/** broadcast_tx_sync / _async: a plain struct whose `data` is HexBytes; kept "" because CosmJS base64-decodes it. */
export function renderBroadcastTx(r: Pick<CheckTxResult, 'code' | 'log' | 'codespace'>, hash: Uint8Array): JsonObject {
  return { code: r.code, data: '', log: r.log, codespace: r.codespace, hash: toHexUpper(hash) };
}

export function renderBroadcastTxCommit(
  check: CheckTxResult,
  txResult: ExecTxResult,
  hash: Uint8Array,
  height: number,
): JsonObject {
  return {
    check_tx: renderCheckTx(check),
    tx_result: renderExecTxResult(txResult),
    hash: toHexUpper(hash),
    height: String(height),
  };
}

export function renderTx(t: IndexedTx): JsonObject {
  return {
    hash: toHexUpper(t.hash),
    height: String(t.height),
    index: t.index,
    tx_result: renderExecTxResult(t.result),
    tx: toBase64(t.tx),
  };
}

export function renderTxSearch(txs: readonly IndexedTx[], totalCount: number): JsonObject {
  return { txs: txs.map(renderTx), total_count: String(totalCount) };
}

export function renderNodeInfo(n: NodeInfoView): JsonObject {
  const pv = n.protocolVersion ?? { p2p: 8n, block: 11n, app: 0n };
  return {
    protocol_version: { p2p: pv.p2p.toString(), block: pv.block.toString(), app: pv.app.toString() },
    id: n.id,
    listen_addr: n.listenAddr,
    network: n.network,
    version: n.version ?? COMETBFT_COMPAT_VERSION,
    channels: n.channels ?? DEFAULT_CHANNELS,
    moniker: n.moniker,
    other: { tx_index: n.txIndex ? 'on' : 'off', rpc_address: n.rpcAddress },
  };
}

function renderSyncInfo(s: SyncInfoView): JsonObject {
  return {
    latest_block_hash: toHexUpper(s.latestBlockHash),
    latest_app_hash: toHexUpper(s.latestAppHash),
    latest_block_height: String(s.latestBlockHeight),
    latest_block_time: formatRfc3339Ns(s.latestBlockTimeNs),
    earliest_block_hash: toHexUpper(s.earliestBlockHash),
    earliest_app_hash: toHexUpper(s.earliestAppHash),
    earliest_block_height: String(s.earliestBlockHeight),
    earliest_block_time: formatRfc3339Ns(s.earliestBlockTimeNs),
    catching_up: s.catchingUp,
  };
}

export function renderStatus(n: NodeInfoView, s: SyncInfoView, v: ValidatorInfoView): JsonObject {
  return {
    node_info: renderNodeInfo(n),
    sync_info: renderSyncInfo(s),
    validator_info: {
      address: toHexUpper(v.address),
      pub_key: renderPubKeyEd25519(v.pubKey),
      voting_power: v.votingPower.toString(),
    },
  };
}

/** jsonpb ResponseQuery; note CometBFT's spelling `proofOps`. */
export function renderAbciQuery(q: QueryResponse): JsonObject {
  return {
    response: {
      code: q.code,
      log: q.log,
      info: q.info,
      index: q.index.toString(),
      key: base64OrNull(q.key),
      value: base64OrNull(q.value),
      proofOps: null,
      height: String(q.height),
      codespace: q.codespace,
    },
  };
}

export function renderAbciInfo(info: AppInfo): JsonObject {
  return {
    response: {
      data: info.data,
      version: info.version,
      app_version: info.appVersion.toString(),
      last_block_height: String(info.lastBlockHeight),
      last_block_app_hash: toBase64(info.lastBlockAppHash),
    },
  };
}

/** abci.ValidatorUpdate through cmtjson: the proto oneof pubkey shows as {Sum:{type,value}}. */
function renderValidatorUpdate(u: ValidatorUpdate): JsonObject {
  return {
    pub_key: { Sum: { type: 'tendermint.crypto.PublicKey_Ed25519', value: { ed25519: toBase64(u.pubKey) } } },
    power: u.power.toString(),
  };
}

export function renderBlockResults(height: number, r: FinalizeBlockResponse): JsonObject {
  return {
    height: String(height),
    txs_results: r.txResults.map(renderExecTxResult),
    finalize_block_events: renderEvents(r.events),
    validator_updates: r.validatorUpdates.map(renderValidatorUpdate),
    consensus_param_updates: null,
    app_hash: toBase64(r.appHash),
  };
}

function renderValidator(v: Validator): JsonObject {
  return {
    address: toHexUpper(v.address),
    pub_key: renderPubKeyEd25519(v.pubKey),
    voting_power: v.votingPower.toString(),
    proposer_priority: v.proposerPriority.toString(),
  };
}

export function renderValidators(height: number, page: readonly Validator[], total: number): JsonObject {
  return {
    block_height: String(height),
    validators: page.map(renderValidator),
    count: String(page.length),
    total: String(total),
  };
}

export const DEFAULT_CONSENSUS_PARAMS: ConsensusParamsView = {
  block: { maxBytes: 22020096n, maxGas: -1n },
  evidence: { maxAgeNumBlocks: 100000n, maxAgeDurationNs: 172800000000000n, maxBytes: 1048576n },
  validator: { pubKeyTypes: ['ed25519'] },
  version: { app: 0n },
  abci: { voteExtensionsEnableHeight: 0n },
};

export function renderConsensusParams(p: ConsensusParamsView): JsonObject {
  return {
    block: { max_bytes: p.block.maxBytes.toString(), max_gas: p.block.maxGas.toString() },
    evidence: {
      max_age_num_blocks: p.evidence.maxAgeNumBlocks.toString(),
      max_age_duration: p.evidence.maxAgeDurationNs.toString(),
      max_bytes: p.evidence.maxBytes.toString(),
    },
    validator: { pub_key_types: [...p.validator.pubKeyTypes] },
    version: { app: p.version.app.toString() },
    abci: { vote_extensions_enable_height: (p.abci?.voteExtensionsEnableHeight ?? 0n).toString() },
  };
}

export function renderGenesis(g: GenesisView): JsonObject {
  return {
    genesis: {
      genesis_time: g.genesisTime,
      chain_id: g.chainId,
      initial_height: String(g.initialHeight),
      consensus_params: renderConsensusParams(g.consensusParams ?? DEFAULT_CONSENSUS_PARAMS),
      validators: g.validators.map((v) => ({
        address: toHexUpper(v.address),
        pub_key: renderPubKeyEd25519(v.pubKey),
        power: v.power.toString(),
        name: v.name,
      })),
      app_hash: toHexUpper(g.appHash),
      app_state: g.appState ?? null,
    },
  };
}

export function renderCommitResponse(header: Header, c: CommitView): JsonObject {
  return { signed_header: { header: renderHeader(header), commit: renderCommit(c.commit) }, canonical: c.canonical };
}

function renderBlockMeta(stored: StoredBlock): JsonObject {
  return {
    block_id: renderBlockId(stored.blockId),
    block_size: String(stored.sizeBytes),
    header: renderHeader(stored.block.header),
    num_txs: String(stored.block.txs.length),
  };
}

export function renderBlockchain(lastHeight: number, metas: readonly StoredBlock[]): JsonObject {
  return { last_height: String(lastHeight), block_metas: metas.map(renderBlockMeta) };
}

export function renderUnconfirmedTxs(u: UnconfirmedTxsView, withTxs: boolean): JsonObject {
  return {
    n_txs: String(withTxs ? u.txs.length : u.total),
    total: String(u.total),
    total_bytes: String(u.totalBytes),
    txs: withTxs ? u.txs.map(toBase64) : null,
  };
}

export function renderNetInfo(n: NetInfoView): JsonObject {
  return {
    listening: n.listening,
    listeners: [...n.listeners],
    n_peers: String(n.peers.length),
    peers: n.peers.map((p) => ({
      node_info: {
        protocol_version: { p2p: '8', block: '11', app: '0' },
        id: p.nodeId,
        listen_addr: p.listenAddr,
        network: p.network,
        version: p.version,
        channels: DEFAULT_CHANNELS,
        moniker: p.moniker,
        other: { tx_index: 'on', rpc_address: '' },
      },
      is_outbound: p.isOutbound,
      connection_status: { Duration: '0', SendMonitor: {}, RecvMonitor: {}, Channels: [] },
      remote_ip: p.remoteIp,
    })),
  };
}

/** CometBFT's ResponseFinalizeBlock inside NewBlock events. */
function renderFinalizeBlock(r: FinalizeBlockResponse): JsonObject {
  return {
    events: renderEvents(r.events),
    tx_results: r.txResults.map(renderExecTxResult),
    validator_updates: r.validatorUpdates.map(renderValidatorUpdate),
    consensus_param_updates: null,
    app_hash: toBase64(r.appHash),
  };
}

/** `result.data` of a websocket event frame. */
export function renderEventData(ev: RpcEvent): JsonObject {
  switch (ev.type) {
    case 'NewBlock':
      return {
        type: 'tendermint/event/NewBlock',
        value: {
          block: renderBlock(ev.block),
          block_id: renderBlockId(ev.blockId),
          result_finalize_block: renderFinalizeBlock(ev.result),
        },
      };
    case 'NewBlockHeader':
      return { type: 'tendermint/event/NewBlockHeader', value: { header: renderHeader(ev.header) } };
    case 'Tx':
      return {
        type: 'tendermint/event/Tx',
        value: {
          TxResult: {
            height: String(ev.tx.height),
            index: ev.tx.index,
            tx: toBase64(ev.tx.tx),
            result: renderExecTxResult(ev.tx.result),
          },
        },
      };
  }
}

function addComposite(out: Record<string, string[]>, events: readonly AbciEvent[]): void {
  for (const ev of events) {
    for (const a of ev.attributes) (out[`${ev.type}.${a.key}`] ??= []).push(a.value);
  }
}

/** `result.events` of a websocket event frame: composite "type.key" → values, as the event bus indexes them. */
export function renderEventTags(ev: RpcEvent): Record<string, string[]> {
  const out: Record<string, string[]> = { 'tm.event': [ev.type] };
  if (ev.type === 'Tx') {
    out['tx.hash'] = [toHexUpper(ev.tx.hash)];
    out['tx.height'] = [String(ev.tx.height)];
    addComposite(out, ev.tx.result.events);
  } else if (ev.type === 'NewBlock') {
    addComposite(out, ev.result.events);
  }
  return out;
}
