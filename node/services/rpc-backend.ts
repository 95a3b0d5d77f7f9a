import type { Application, CheckTxResult } from '../../chain/abci.js';
import type { BlockStore } from '../../chain/blockstore/block-store.js';
import type { ConsensusEngine } from '../../chain/consensus/engine.js';
import type { GenesisDoc } from '../../chain/consensus/genesis.js';
import { formatRfc3339Ns } from '../../chain/types/time.js';
import type { EventBus, TxEventData } from '../../chain/events/bus.js';
import type { TxAdmission } from '../../chain/mempool/admission.js';
import { Mempool, MempoolError } from '../../chain/mempool/mempool.js';
import type { TxIndexer } from '../../chain/txindex/indexer.js';
import type { BlockResultsStore } from '../../chain/txindex/results.js';
import type { Validator } from '../../chain/types/block.js';
import type {
  GenesisView,
  IndexedTx,
  NetInfoView,
  NodeInfoView,
  RpcBackend,
  RpcEvent,
  StoredBlock,
  SyncInfoView,
  TxSearchRequest,
  ValidatorInfoView,
} from '../rpc/backend.js';

export interface RpcBackendDeps {
  app: Application;
  engine: ConsensusEngine;
  blockStore: BlockStore;
  results: BlockResultsStore;
  txIndexer: TxIndexer;
  bus: EventBus;
  mempool: Mempool;
  /** Batches RPC-submitted txs for parallel signature verification before CheckTx (absent: CheckTx at once). */
  admission?: TxAdmission;
  genesis: GenesisDoc;
  nodeInfo: NodeInfoView;
  validatorKey: { address: Uint8Array; pubKey: Uint8Array } | null;
  /** Peers for net_info (empty without a p2p layer). */
  peers?: () => NetInfoView['peers'];
  catchingUp?: () => boolean;
}

const EMPTY = new Uint8Array(0);

/** The node's side of the RPC servers' interface: reads from the block store, tx index and app; txs go to the mempool. */
export class NodeRpcBackend implements RpcBackend {
  constructor(private readonly d: RpcBackendDeps) {}

  nodeInfo(): NodeInfoView {
    return this.d.nodeInfo;
  }

  async syncInfo(): Promise<SyncInfoView> {
    const h = this.d.blockStore.height();
    const base = this.d.blockStore.base();
    const latest = h > 0 ? await this.d.blockStore.loadBlockMeta(h) : null;
    const earliest = base > 0 ? await this.d.blockStore.loadBlockMeta(base) : null;
    const genesisNs = this.d.genesis.genesisTimeNs;
    return {
      latestBlockHash: latest?.blockId.hash ?? EMPTY,
      latestAppHash: this.d.engine.chainState.appHash,
      latestBlockHeight: h,
      latestBlockTimeNs: latest?.header.timeNs ?? genesisNs,
      earliestBlockHash: earliest?.blockId.hash ?? EMPTY,
      earliestAppHash: earliest?.header.appHash ?? EMPTY,
      earliestBlockHeight: base,
      earliestBlockTimeNs: earliest?.header.timeNs ?? genesisNs,
      catchingUp: this.d.catchingUp?.() ?? false,
    };
  }

  validatorInfo(): ValidatorInfoView {
    const key = this.d.validatorKey;
    if (!key) return { address: EMPTY, pubKey: new Uint8Array(32), votingPower: 0n };
    const v = this.d.engine.chainState.validators.getByAddress(key.address);
    return { address: key.address, pubKey: key.pubKey, votingPower: v?.validator.votingPower ?? 0n };
  }

  abciInfo() {
    return this.d.app.info();
  }

  abciQuery(req: Parameters<RpcBackend['abciQuery']>[0]) {
    return this.d.app.query(req);
  }

  checkTx(tx: Uint8Array): CheckTxResult {
    return this.d.app.checkTx(tx, 'new');
  }

  async broadcastTx(tx: Uint8Array): Promise<CheckTxResult> {
    try {
      return this.d.admission
        ? await this.d.admission.submit(tx, (t) => this.d.mempool.checkTx(t))
        : this.d.mempool.checkTx(tx);
    } catch (e) {
      if (e instanceof MempoolError) throw new Error(e.message, { cause: e });
      throw e;
    }
  }

  earliestHeight(): number {
    return this.d.blockStore.base();
  }

  latestHeight(): number {
    return this.d.blockStore.height();
  }

  async blockAt(height: number): Promise<StoredBlock | undefined> {
    const [block, meta] = await Promise.all([
      this.d.blockStore.loadBlock(height),
      this.d.blockStore.loadBlockMeta(height),
    ]);
    if (!block || !meta) return undefined;
    return { block, blockId: meta.blockId, sizeBytes: meta.blockSize };
  }

  async blockByHash(hash: Uint8Array): Promise<StoredBlock | undefined> {
    const h = await this.d.blockStore.heightOfHash(hash);
    return h === null ? undefined : this.blockAt(h);
  }

  async commitAt(height: number) {
    return (await this.d.blockStore.loadCommit(height)) ?? undefined;
  }

  blockResults(height: number) {
    return this.d.results.load(height);
  }

  async validators(height: number): Promise<Validator[] | undefined> {
    const set = await this.d.blockStore.loadValidatorSet(height);
    if (!set) return undefined;
    return [...set.validators].sort((a, b) =>
      a.votingPower === b.votingPower ? Buffer.compare(a.address, b.address) : a.votingPower > b.votingPower ? -1 : 1,
    );
  }

  genesis(): GenesisView {
    const g = this.d.genesis;
    return {
      genesisTime: formatRfc3339Ns(g.genesisTimeNs),
      chainId: g.chainId,
      initialHeight: g.initialHeight,
      consensusParams: { ...g.consensusParams },
      validators: g.validators.map((v) => ({ address: v.address, pubKey: v.pubKey, power: v.power, name: v.name })),
      appHash: g.appHash,
      appState: JSON.parse(g.appStateJson) as unknown,
    };
  }

  consensusParams(height: number) {
    if (height > this.d.blockStore.height() && height !== this.d.blockStore.height() + 1) return undefined;
    return { ...this.d.engine.chainState.consensusParams };
  }

  txByHash(hash: Uint8Array): Promise<IndexedTx | undefined> {
    return this.d.txIndexer.getByHash(hash);
  }

  txSearch(req: TxSearchRequest) {
    return this.d.txIndexer.search(req.query, { page: req.page, perPage: req.perPage, orderBy: req.orderBy });
  }

  unconfirmedTxs(limit: number) {
    return { txs: this.d.mempool.txs(limit), total: this.d.mempool.size(), totalBytes: this.d.mempool.totalBytes() };
  }

  netInfo(): NetInfoView {
    return { listening: true, listeners: [this.d.nodeInfo.listenAddr], peers: this.d.peers?.() ?? [] };
  }

  subscribe(subscriber: string, query: string, onEvent: (ev: RpcEvent) => void): void {
    this.d.bus.subscribe(subscriber, query, {
      onMessage: (m) => {
        if (m.type === 'NewBlock')
          onEvent({ type: 'NewBlock', ...(m.data as Omit<Extract<RpcEvent, { type: 'NewBlock' }>, 'type'>) });
        else if (m.type === 'NewBlockHeader')
          onEvent({
            type: 'NewBlockHeader',
            ...(m.data as Omit<Extract<RpcEvent, { type: 'NewBlockHeader' }>, 'type'>),
          });
        else if (m.type === 'Tx') {
          const t = m.data as TxEventData;
          onEvent({ type: 'Tx', tx: { hash: t.hash, height: t.height, index: t.index, tx: t.tx, result: t.result } });
        }
      },
    });
  }

  unsubscribe(subscriber: string, query: string): void {
    this.d.bus.unsubscribe(subscriber, query);
  }

  unsubscribeAll(subscriber: string): void {
    this.d.bus.unsubscribeAll(subscriber);
  }
}
