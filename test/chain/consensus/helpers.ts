import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import type {
  AppInfo,
  Application,
  CheckTxResult,
  FinalizeBlockRequest,
  FinalizeBlockResponse,
  InitChainRequest,
  InitChainResponse,
  QueryResponse,
  ValidatorUpdate,
} from '../../../chain/abci.js';
import { BlockStore } from '../../../chain/blockstore/block-store.js';
import { concatBytes } from '../../../chain/types/bytes.js';
import { ConsensusEngine, type ConsensusEngineDeps } from '../../../chain/consensus/engine.js';
import type { GenesisDoc } from '../../../chain/consensus/genesis.js';
import { ArrayMempool } from '../../../chain/consensus/mempool.js';
import { DEFAULT_CONSENSUS_PARAMS } from '../../../chain/consensus/params.js';
import { MemoryLastSignStateStore, PrivValidator, type LastSignStateStore } from '../../../chain/consensus/privval.js';
import { ManualScheduler } from '../../../chain/consensus/scheduler.js';
import { ed25519Signer, type Signer } from '../../../chain/consensus/signer.js';
import type { ConsensusTransport } from '../../../chain/consensus/transport.js';
import { DEFAULT_CONSENSUS_CONFIG, type ConsensusConfig } from '../../../chain/consensus/types.js';
import { MemoryWal, type Wal } from '../../../chain/consensus/wal.js';
import { ChainDb } from '../../../chain/store/db.js';
import type { Evidence } from '../../../chain/types/block.js';
import { silentLogger } from '../../../chain/util/log.js';

/**
 * A deterministic stand-in for the app: its "state" is a hash chain over the txs of committed blocks; it keeps its
 * committed state across engine restarts (as a real app's database would) and loses only uncommitted work.
 */
export class FakeApp implements Application {
  height = 0;
  appHash: Uint8Array = sha256(new Uint8Array([0]));
  private pending: { height: number; appHash: Uint8Array } | null = null;
  readonly finalized: FinalizeBlockRequest[] = [];
  readonly misbehavior: Evidence[] = [];
  initChainCalls = 0;
  /** Validator updates to return from FinalizeBlock at a height. */
  readonly updatesAt = new Map<number, ValidatorUpdate[]>();
  rejectProposals = false;
  /** App hash computed by each FinalizeBlock call, per height (a replay adds a second entry). */
  readonly computed = new Map<number, Uint8Array[]>();
  readonly committedHash = new Map<number, Uint8Array>();

  info(): AppInfo {
    return { data: 'fake', version: '1', appVersion: 0n, lastBlockHeight: this.height, lastBlockAppHash: this.appHash };
  }
  async initChain(_req: InitChainRequest): Promise<InitChainResponse> {
    this.initChainCalls++;
    return { validators: [], appHash: this.appHash };
  }
  checkTx(): CheckTxResult {
    return { code: 0, codespace: '', log: '', gasWanted: 0n, gasUsed: 0n, events: [] };
  }
  prepareProposal(req: { txs: Uint8Array[] }): Uint8Array[] {
    return req.txs;
  }
  processProposal(): boolean {
    return !this.rejectProposals;
  }
  async finalizeBlock(req: FinalizeBlockRequest): Promise<FinalizeBlockResponse> {
    if (req.height !== this.height + 1)
      throw new Error(`fake app asked to finalize ${req.height} at height ${this.height}`);
    this.finalized.push(req);
    this.misbehavior.push(...req.misbehavior);
    const appHash = sha256(concatBytes(this.appHash, ...req.txs));
    this.pending = { height: req.height, appHash };
    this.computed.set(req.height, [...(this.computed.get(req.height) ?? []), appHash]);
    return {
      events: [],
      txResults: req.txs.map(() => ({
        code: 0,
        codespace: '',
        log: '',
        info: '',
        data: new Uint8Array(0),
        gasWanted: 1n,
        gasUsed: 1n,
        events: [],
      })),
      validatorUpdates: this.updatesAt.get(req.height) ?? [],
      appHash,
    };
  }
  async commit(): Promise<void> {
    if (!this.pending) throw new Error('commit without finalize');
    this.height = this.pending.height;
    this.appHash = this.pending.appHash;
    this.committedHash.set(this.height, this.appHash);
    this.pending = null;
  }
  async query(): Promise<QueryResponse> {
    return { code: 0, codespace: '', log: '', info: '', index: 0n, key: null, value: null, height: this.height };
  }
}

export function testSigner(i: number): Signer {
  return ed25519Signer(sha256(new TextEncoder().encode(`validator-${i}`)));
}

export function testGenesis(signers: Signer[], powers?: bigint[]): GenesisDoc {
  return {
    genesisTimeNs: 1_700_000_000_000_000_000n,
    chainId: 'race-test',
    initialHeight: 1,
    consensusParams: structuredClone(DEFAULT_CONSENSUS_PARAMS),
    validators: signers.map((s, i) => ({
      address: s.address,
      pubKey: s.pubKey,
      power: powers?.[i] ?? 10n,
      name: `v${i}`,
    })),
    appHash: new Uint8Array(0),
    appStateJson: '{}',
  };
}

export const FAST_CONFIG: ConsensusConfig = {
  ...DEFAULT_CONSENSUS_CONFIG,
};

export function tmpDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `race-cs-${tag}-`));
}

/** Everything a node keeps across a restart (db dir, WAL, app, double-sign state). */
export interface NodeDurables {
  dir: string;
  app: FakeApp;
  wal: Wal;
  signStore: LastSignStateStore;
  mempool: ArrayMempool;
}

export function newDurables(tag: string): NodeDurables {
  return {
    dir: tmpDir(tag),
    app: new FakeApp(),
    wal: new MemoryWal(),
    signStore: new MemoryLastSignStateStore(),
    mempool: new ArrayMempool(),
  };
}

export interface TestNode {
  name: string;
  engine: ConsensusEngine;
  db: ChainDb;
  blockStore: BlockStore;
  durables: NodeDurables;
}

export async function startNode(args: {
  name: string;
  genesis: GenesisDoc;
  signer: Signer | null;
  transport: ConsensusTransport;
  scheduler: ManualScheduler;
  durables: NodeDurables;
  config?: ConsensusConfig;
  failPoint?: ConsensusEngineDeps['failPoint'];
  equivocate?: boolean;
}): Promise<TestNode> {
  const db = await ChainDb.open(path.join(args.durables.dir, 'chain.db'));
  const blockStore = await BlockStore.open(db);
  const engine = await ConsensusEngine.create(
    {
      genesis: args.genesis,
      config: args.config ?? FAST_CONFIG,
      misbehavior: { equivocatePrevotes: args.equivocate ?? false },
    },
    {
      app: args.durables.app,
      db,
      blockStore,
      wal: args.durables.wal,
      transport: args.transport,
      mempool: args.durables.mempool,
      scheduler: args.scheduler,
      logger: silentLogger(),
      privValidator: args.signer ? new PrivValidator(args.signer, args.durables.signStore) : null,
      failPoint: args.failPoint,
    },
  );
  await engine.start();
  return { name: args.name, engine, db, blockStore, durables: args.durables };
}

export async function stopNode(n: TestNode): Promise<void> {
  await n.engine.stop();
  await n.db.close();
}

/** Lets queued work (bus deliveries, level I/O) run until every engine is idle. */
export async function settle(engines: ConsensusEngine[]): Promise<void> {
  let idleRounds = 0;
  for (let i = 0; i < 100_000 && idleRounds < 3; i++) {
    await new Promise((r) => setImmediate(r));
    idleRounds = engines.every((e) => !e.busy) ? idleRounds + 1 : 0;
  }
}

/** Advances virtual time timer by timer until `cond` holds; throws after `maxMs` of virtual time. */
export async function runUntil(
  sched: ManualScheduler,
  engines: () => ConsensusEngine[],
  cond: () => boolean,
  maxMs: number,
): Promise<void> {
  const deadline = sched.nowMillis() + maxMs;
  await settle(engines());
  while (!cond()) {
    const due = sched.nextDue();
    if (due === null || due > deadline) throw new Error(`condition not reached within ${maxMs} ms of virtual time`);
    sched.fireNext();
    await settle(engines());
  }
}

/** Advances virtual time by `ms`, letting everything run. */
export async function runFor(sched: ManualScheduler, engines: () => ConsensusEngine[], ms: number): Promise<void> {
  const end = sched.nowMillis() + ms;
  await settle(engines());
  for (;;) {
    const due = sched.nextDue();
    if (due === null || due > end) break;
    sched.fireNext();
    await settle(engines());
  }
  sched.advance(end - sched.nowMillis());
  await settle(engines());
}
