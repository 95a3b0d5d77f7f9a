import type { Application, FinalizeBlockResponse } from '../abci.js';
import type { BlockStore } from '../blockstore/block-store.js';
import type { ChainDb } from '../store/db.js';
import type { Block, BlockId, Commit, DuplicateVoteEvidence } from '../types/block.js';
import type { Logger } from '../util/log.js';
import { buildBlock, finalizeRequestFor, fitTxs, maxDataBytes, proposalBlockBytes } from './block-builder.js';
import { equalBytes, toHexUpper } from '../types/bytes.js';
import { ChainStateStore, nextState, type ChainState } from './chain-state.js';
import { emptyCommit, makeCommit, verifyCommit } from './commit.js';
import { ConsensusCore, type CoreEffect, type CoreInput } from './core.js';
import { EvidencePool, makeDuplicateVoteEvidence, verifyDuplicateVoteEvidence } from './evidence.js';
import type { GenesisDoc } from './genesis.js';
import { handshake } from './handshake.js';
import { makeBlockId } from '../block/hashing.js';
import type { ConsensusMempool } from './mempool.js';
import { DoubleSignError, type PrivValidator } from './privval.js';
import { encodeEvidence } from '../block/proto-codec.js';
import type { Scheduler } from './scheduler.js';
import { proposalSignBytes, voteSignBytes } from './sign-bytes.js';
import { cachedVerifier } from '../crypto/verify-cache.js';
import { verifyEd25519 } from './signer.js';
import type { ConsensusTransport, MessageVerdict } from './transport.js';
import { RoundStep, type ConsensusConfig, type ConsensusMessage, type TimeoutStep } from './types.js';
import { VoteType, type Proposal, type Vote } from '../types/vote.js';
import { validateBlock } from './validation.js';
import type { ValidatorSet } from '../block/validator-set.js';
import { blockIdsEqual, VoteSet } from './vote-set.js';
import type { Wal, WalRecord } from './wal.js';

/**
 * The driver around the pure ConsensusCore: one serialized event loop per node. It authenticates and validates what
 * arrives, writes each input to the WAL before the core sees it (own messages fsynced, after the double-sign guard
 * persisted them), signs what the core asks for, owns the timers, gossips, and commits decided blocks in a fixed,
 * crash-safe order. The same engine runs one validator (no peers) or many.
 */

export interface ConsensusEngineOptions {
  genesis: GenesisDoc;
  config: ConsensusConfig;
  /** Test-only byzantine behaviour: also sign and send a conflicting prevote whenever we prevote. */
  misbehavior?: { equivocatePrevotes?: boolean };
}

export interface ConsensusEngineDeps {
  app: Application;
  db: ChainDb;
  blockStore: BlockStore;
  wal: Wal;
  transport: ConsensusTransport;
  mempool: ConsensusMempool;
  scheduler: Scheduler;
  logger: Logger;
  /** null on a node that follows consensus without voting. */
  privValidator: PrivValidator | null;
  /** Crash-point hook between commit steps (tests throw here to simulate a kill). */
  failPoint?: (name: string) => void;
  /** Called when the engine halts on an internal error (the node should exit). */
  onFatal?: (err: Error) => void;
}

/** What applySyncedBlock did with a block from block sync. */
export type SyncApplyResult =
  | { status: 'applied' }
  /** The engine already has this height (consensus decided it meanwhile); nothing to do. */
  | { status: 'stale'; height: number }
  /** The block or its commit does not check out: the peer that served it is to blame. */
  | { status: 'invalid'; reason: string };

export type BlockCommittedListener = (block: Block, commit: Commit, results: FinalizeBlockResponse) => void;

export interface ConsensusStateSummary {
  height: number;
  round: number;
  step: string;
  proposer: string;
  lockedRound: number;
  validRound: number;
  lastBlockHeight: number;
  votes: Array<{ round: number; prevotes: string; precommits: string }>;
}

const MAX_BUFFERED_FUTURE = 2_000;
/** Room for what surrounds a block in a proposal or decision message (proposal, commit of up to ~500 validators). */
export const PROPOSAL_ENVELOPE_BYTES = 64 << 10;

export class ConsensusEngine {
  private core!: ConsensusCore;
  private readonly timers = new Set<unknown>();
  private queue: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private stopped = false;
  private halted: Error | null = null;
  private replaying = false;
  private pendingOwn: CoreEffect[] = [];
  private readonly listeners: BlockCommittedListener[] = [];
  private futureMsgs: ConsensusMessage[] = [];
  private lastCommitVotes: VoteSet | null = null;
  private readonly decisionSentAt = new Map<number, number>();
  private gossipTimer: unknown = null;
  private refusals = 0;
  private quietCommit = false;
  private started = false;
  /** Votes are re-gossiped every second and screened before relay: verify each signature once. */
  private readonly verifySig = cachedVerifier((sig, msg, pk) => verifyEd25519(pk, msg, sig), 20_000);
  private readonly log: Logger;

  private constructor(
    private readonly opts: ConsensusEngineOptions,
    private readonly deps: ConsensusEngineDeps,
    private state: ChainState,
    private readonly stateStore: ChainStateStore,
    private readonly evidence: EvidencePool,
  ) {
    this.log = deps.logger.child({ module: 'consensus' });
  }

  /** Runs the replay handshake (InitChain on a fresh store) and returns an engine ready to start(). */
  static async create(opts: ConsensusEngineOptions, deps: ConsensusEngineDeps): Promise<ConsensusEngine> {
    const stateStore = new ChainStateStore(deps.db, deps.blockStore);
    const state = await handshake(opts.genesis, {
      app: deps.app,
      stateStore,
      blockStore: deps.blockStore,
      logger: deps.logger,
    });
    const evidence = await EvidencePool.open(deps.db);
    return new ConsensusEngine(opts, deps, state, stateStore, evidence);
  }

  /** Replays the WAL for the height in progress, then joins consensus. */
  async start(): Promise<void> {
    this.deps.transport.onMessage((msg) => {
      if (!this.stopped) this.enqueue(() => this.ingest(msg, false));
    });
    this.deps.transport.setScreen?.((msg) => this.screen(msg));
    await this.run(async () => {
      this.newCore();
      await this.feed({ kind: 'start', immediate: false }, null);
      await this.replayWal();
      for (const msg of this.takeFutureFor(this.core.height)) await this.ingest(msg, false);
      this.started = true;
    });
    this.scheduleGossip();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) this.deps.scheduler.clearTimeout(t);
    this.timers.clear();
    if (this.gossipTimer !== null) this.deps.scheduler.clearTimeout(this.gossipTimer);
    await this.queue;
    this.deps.wal.close();
  }

  onBlockCommitted(cb: BlockCommittedListener): void {
    this.listeners.push(cb);
  }

  // ---- accessors for RPC ----

  get chainState(): ChainState {
    return this.state;
  }

  latestHeight(): number {
    return this.state.lastBlockHeight;
  }

  latestBlock(): Promise<Block | null> {
    return this.deps.blockStore.loadBlock(this.state.lastBlockHeight);
  }

  validatorsAt(height: number): Promise<ValidatorSet | null> {
    return this.deps.blockStore.loadValidatorSet(height);
  }

  /** The error that halted consensus, if any. */
  get haltedWith(): Error | null {
    return this.halted;
  }

  /** True while inputs are queued or being handled (tests wait for this to clear). */
  get busy(): boolean {
    return this.inFlight > 0;
  }

  /** How often the double-sign guard refused to sign for this engine (non-zero means a bug or a second instance of the key). */
  get doubleSignRefusals(): number {
    return this.refusals;
  }

  pendingEvidence(): number {
    return this.evidence.size;
  }

  consensusState(): ConsensusStateSummary {
    const c = this.core;
    return {
      height: c.height,
      round: c.round,
      step: RoundStep[c.step],
      proposer: toHexUpper(c.proposerAddress(c.round)),
      lockedRound: c.lockedRound,
      validRound: c.validRound,
      lastBlockHeight: this.state.lastBlockHeight,
      votes: c.votedRounds().map((r) => {
        const rv = c.roundVotes(r)!;
        const total = c.validators.totalVotingPower();
        return {
          round: r,
          prevotes: `${rv.prevotes.totalPower()}/${total}`,
          precommits: `${rv.precommits.totalPower()}/${total}`,
        };
      }),
    };
  }

  // ---- block sync and the network's screen ----

  /**
   * Applies a block decided by the network (from block sync) with the commit that decided it, through the same path
   * as a decision: the commit is verified against the validator set recorded for that height (the state's current
   * set), the block against the state, then it is committed and consensus moves to the next height. A block for a
   * height already committed is 'stale'; anything that does not check out is 'invalid' and changes nothing.
   */
  applySyncedBlock(block: Block, commit: Commit): Promise<SyncApplyResult> {
    if (!this.started) return Promise.reject(new Error('applySyncedBlock: the engine is not started'));
    return this.run(async (): Promise<SyncApplyResult> => {
      const h = block.header.height;
      const next = this.state.lastBlockHeight + 1;
      if (h < next) return { status: 'stale', height: h };
      if (h > next)
        return { status: 'invalid', reason: `block ${h} does not follow the last committed height ${next - 1}` };
      const { blockId } = makeBlockId(block);
      const vals = await this.deps.blockStore.loadValidatorSet(h);
      if (!vals || !equalBytes(vals.hash(), this.state.validators.hash())) {
        throw new Error(`validator set recorded for height ${h} differs from the consensus state's`);
      }
      try {
        verifyCommit(this.state.chainId, vals, blockId, h, commit);
      } catch (e) {
        return { status: 'invalid', reason: `commit for block ${h}: ${(e as Error).message}` };
      }
      const validity = await this.validate(block, blockId);
      if (!validity.ok) {
        // +2/3 signed it, so the network committed it; if we disagree, our state or app diverged, or 1/3+ is faulty.
        this.log.error(
          { height: h, reason: validity.reason },
          'block sync: a block with a valid commit fails validation',
        );
        return { status: 'invalid', reason: `block ${h}: ${validity.reason}` };
      }
      this.quietCommit = true;
      try {
        await this.feed({ kind: 'decision', block, blockId, commit }, null);
      } finally {
        this.quietCommit = false;
      }
      if (this.state.lastBlockHeight !== h)
        throw new Error(`block sync: block ${h} was verified but consensus did not commit it`);
      return { status: 'applied' };
    });
  }

  /**
   * The network's pre-relay check (see ConsensusTransport.setScreen): signatures of proposals and votes at the
   * current height, and the commit of a decision for it, are checked; messages for other heights cannot be judged
   * here and pass (the engine drops or buffers them). Synchronous and side-effect free.
   */
  screen(msg: ConsensusMessage): MessageVerdict {
    const c = this.core as ConsensusCore | undefined;
    if (!c || this.halted) return 'accept';
    const chainId = this.state.chainId;
    switch (msg.type) {
      case 'proposal': {
        const p = msg.proposal;
        if (p.height !== c.height) return 'accept';
        const proposer = c.validators.proposerForRound(p.round);
        return this.verifySig(p.signature, proposalSignBytes(chainId, p), proposer.pubKey) ? 'accept' : 'reject';
      }
      case 'vote':
        if (msg.vote.height !== c.height) return 'accept';
        return this.authenticVote(msg.vote, c.validators) ? 'accept' : 'reject';
      case 'decision': {
        const h = msg.block.header.height;
        if (h !== c.height) return 'accept';
        try {
          verifyCommit(chainId, c.validators, makeBlockId(msg.block).blockId, h, msg.commit);
          return 'accept';
        } catch {
          return 'reject';
        }
      }
      case 'evidence': {
        if (msg.evidence.height !== c.height) return 'accept';
        try {
          verifyDuplicateVoteEvidence(chainId, msg.evidence, c.validators);
          return 'accept';
        } catch {
          return 'reject';
        }
      }
      case 'status':
        return 'accept';
    }
  }

  // ---- the event loop ----

  private enqueue(fn: () => Promise<void>): void {
    if (this.halted) return;
    this.inFlight++;
    this.queue = this.queue
      .then(async () => {
        if (this.halted || this.stopped) return;
        await fn();
      })
      .catch((err: unknown) => this.halt(err as Error))
      .finally(() => {
        this.inFlight--;
      });
  }

  /** Runs `fn` in the event loop; settles even when the engine stops or halts before `fn` gets its turn. */
  private run<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.halted) return reject(this.halted);
      this.inFlight++;
      this.queue = this.queue
        .then(async () => {
          if (this.halted || this.stopped) {
            reject(this.halted ?? new Error('consensus engine is stopped'));
            return;
          }
          try {
            resolve(await fn());
          } catch (e) {
            reject(e as Error);
            throw e;
          }
        })
        .catch((err: unknown) => this.halt(err as Error))
        .finally(() => {
          this.inFlight--;
        });
    });
  }

  private halt(err: Error): void {
    if (this.halted) return;
    this.halted = err;
    this.log.error({ err: err.message }, 'CONSENSUS FAILURE: halting rather than risk an unsafe step');
    for (const t of this.timers) this.deps.scheduler.clearTimeout(t);
    this.timers.clear();
    if (this.gossipTimer !== null) this.deps.scheduler.clearTimeout(this.gossipTimer);
    this.deps.onFatal?.(err);
  }

  private newCore(): void {
    this.core = new ConsensusCore({
      chainId: this.state.chainId,
      height: this.state.lastBlockHeight + 1,
      validators: this.state.validators,
      ownAddress: this.deps.privValidator?.address ?? null,
      config: this.opts.config,
    });
  }

  /** WAL first (own records fsynced), then the core, then its effects. */
  private async feed(input: CoreInput, rec: WalRecord | null, own = false): Promise<void> {
    if (rec && !this.replaying) {
      if (own) this.deps.wal.writeSync(rec);
      else this.deps.wal.write(rec);
    }
    const effects = this.core.handle(input);
    await this.runEffects(effects);
  }

  private async runEffects(effects: CoreEffect[]): Promise<void> {
    const height = this.core.height;
    for (const e of effects) {
      if (this.core.height !== height) return;
      switch (e.kind) {
        case 'scheduleTimeout':
          this.scheduleTimeout(e.height, e.round, e.step, e.durationMs);
          break;
        case 'propose':
          if (this.replaying) this.pendingOwn.push(e);
          else await this.doPropose(e);
          break;
        case 'vote':
          if (this.replaying) this.pendingOwn.push(e);
          else await this.doVote(e);
          break;
        case 'conflictingVotes':
          await this.onEquivocation(e.existing, e.incoming);
          break;
        case 'decide':
          await this.finalizeCommit(e);
          return;
        case 'newStep':
          this.log.debug({ height: e.height, round: e.round, step: RoundStep[e.step] }, 'step');
          break;
      }
    }
  }

  private scheduleTimeout(height: number, round: number, step: TimeoutStep, ms: number): void {
    if (this.stopped || this.halted) return;
    const handle = this.deps.scheduler.setTimeout(() => {
      this.timers.delete(handle);
      this.enqueue(() => this.feed({ kind: 'timeout', height, round, step }, { type: 'timeout', height, round, step }));
    }, ms);
    this.timers.add(handle);
  }

  private async replayWal(): Promise<void> {
    const records = this.deps.wal.recordsAfterEndHeight(this.state.lastBlockHeight);
    if (records === null) {
      // Fresh WAL, or we crashed after saving the block but before its end-height marker (the handshake finished it).
      this.deps.wal.writeSync({ type: 'endHeight', height: this.state.lastBlockHeight });
      return;
    }
    if (records.length) this.log.info({ height: this.core.height, records: records.length }, 'replaying consensus WAL');
    this.replaying = true;
    try {
      for (const rec of records) {
        if (rec.type === 'endHeight') break;
        if (rec.type === 'timeout')
          await this.feed({ kind: 'timeout', height: rec.height, round: rec.round, step: rec.step }, null);
        else await this.ingest(rec.msg, rec.own);
      }
    } finally {
      this.replaying = false;
    }
    // Own steps the core took during replay whose signed message never reached the WAL: do them now (the guard
    // returns the same signature if it had already signed).
    const pending = this.pendingOwn;
    this.pendingOwn = [];
    for (const e of pending) {
      if (e.kind === 'vote' && e.height === this.core.height && !this.core.ownVote(e.round, e.type))
        await this.doVote(e);
      if (
        e.kind === 'propose' &&
        e.height === this.core.height &&
        e.round === this.core.round &&
        !this.core.proposalFor(e.round)
      ) {
        await this.doPropose(e);
      }
    }
  }

  // ---- inbound ----

  private async ingest(msg: ConsensusMessage, own: boolean): Promise<void> {
    switch (msg.type) {
      case 'proposal':
        return this.ingestProposal(msg, own);
      case 'vote':
        return this.ingestVote(msg, own);
      case 'decision':
        return this.ingestDecision(msg);
      case 'status':
        if (msg.height < this.core.height) await this.sendDecision(msg.height);
        return;
      case 'evidence':
        return this.ingestEvidence(msg.evidence);
    }
  }

  private bufferFuture(msg: ConsensusMessage, height: number): void {
    if (height === this.core.height + 1 && this.futureMsgs.length < MAX_BUFFERED_FUTURE) this.futureMsgs.push(msg);
  }

  private takeFutureFor(height: number): ConsensusMessage[] {
    const heightOf = (m: ConsensusMessage) =>
      m.type === 'proposal'
        ? m.proposal.height
        : m.type === 'vote'
          ? m.vote.height
          : m.type === 'decision'
            ? m.block.header.height
            : -1;
    const mine = this.futureMsgs.filter((m) => heightOf(m) === height);
    this.futureMsgs = this.futureMsgs.filter((m) => heightOf(m) > height);
    return mine;
  }

  private async ingestProposal(msg: Extract<ConsensusMessage, { type: 'proposal' }>, own: boolean): Promise<void> {
    const p = msg.proposal;
    if (p.height > this.core.height) return this.bufferFuture(msg, p.height);
    if (p.height < this.core.height) return;
    if (this.core.proposalFor(p.round)) return;
    const proposer = this.core.validators.proposerForRound(p.round);
    if (!this.verifySig(p.signature, proposalSignBytes(this.state.chainId, p), proposer.pubKey)) {
      this.log.debug(
        { height: p.height, round: p.round },
        'dropping proposal with a bad signature or from the wrong proposer',
      );
      return;
    }
    const { blockId } = makeBlockId(msg.block);
    if (!blockIdsEqual(blockId, p.blockId)) {
      this.log.debug(
        { height: p.height, round: p.round },
        'dropping proposal whose block does not hash to its block id',
      );
      return;
    }
    const validity = await this.validate(msg.block, blockId);
    if (!validity.ok)
      this.log.warn(
        { height: p.height, round: p.round, reason: validity.reason },
        'proposed block is invalid; will prevote nil',
      );
    await this.feed(
      { kind: 'proposal', proposal: p, block: msg.block, blockId, valid: validity.ok },
      { type: 'message', msg, own },
      own,
    );
  }

  private authenticVote(v: Vote, vals: ValidatorSet): boolean {
    const val = vals.getByIndex(v.validatorIndex);
    if (!val || toHexUpper(val.address) !== toHexUpper(v.validatorAddress)) return false;
    return this.verifySig(v.signature, voteSignBytes(this.state.chainId, v), val.pubKey);
  }

  private async ingestVote(msg: Extract<ConsensusMessage, { type: 'vote' }>, own: boolean): Promise<void> {
    const v = msg.vote;
    if (v.height > this.core.height) return this.bufferFuture(msg, v.height);
    if (v.height < this.core.height) {
      const lc = this.lastCommitVotes;
      if (
        lc &&
        v.height === lc.height &&
        v.round === lc.round &&
        v.type === VoteType.Precommit &&
        this.authenticVote(v, lc.validators)
      ) {
        lc.add(v);
      }
      // The sender is still on a height we finished: hand it the decision.
      await this.sendDecision(v.height);
      return;
    }
    if (!this.authenticVote(v, this.core.validators)) {
      this.log.debug(
        { height: v.height, round: v.round, index: v.validatorIndex },
        'dropping vote with a bad signature',
      );
      return;
    }
    await this.feed({ kind: 'vote', vote: v }, { type: 'message', msg, own }, own);
  }

  private async ingestDecision(msg: Extract<ConsensusMessage, { type: 'decision' }>): Promise<void> {
    const h = msg.block.header.height;
    if (h > this.core.height) return this.bufferFuture(msg, h);
    if (h < this.core.height || this.core.decided) return;
    const { blockId } = makeBlockId(msg.block);
    try {
      verifyCommit(this.state.chainId, this.core.validators, blockId, h, msg.commit);
    } catch (e) {
      this.log.debug({ height: h, err: (e as Error).message }, 'dropping decision with an invalid commit');
      return;
    }
    const validity = await this.validate(msg.block, blockId);
    if (!validity.ok) {
      throw new Error(`+2/3 of the validators committed block ${h} that this node finds invalid: ${validity.reason}`);
    }
    await this.feed(
      { kind: 'decision', block: msg.block, blockId, commit: msg.commit },
      { type: 'message', msg, own: false },
    );
  }

  private async ingestEvidence(ev: DuplicateVoteEvidence): Promise<void> {
    const vals =
      ev.height === this.core.height ? this.core.validators : await this.deps.blockStore.loadValidatorSet(ev.height);
    if (!vals) return;
    try {
      verifyDuplicateVoteEvidence(this.state.chainId, ev, vals);
    } catch {
      return;
    }
    if (await this.evidence.add(ev)) this.deps.transport.broadcast({ type: 'evidence', evidence: ev });
  }

  private async sendDecision(height: number): Promise<void> {
    if (height < this.deps.blockStore.base() || height > this.deps.blockStore.height()) return;
    const now = Number(this.deps.scheduler.now() / 1_000_000n);
    const last = this.decisionSentAt.get(height);
    if (last !== undefined && now - last < this.opts.config.gossipIntervalMs) return;
    this.decisionSentAt.set(height, now);
    if (this.decisionSentAt.size > 1000) this.decisionSentAt.clear();
    const block = await this.deps.blockStore.loadBlock(height);
    const commit =
      (await this.deps.blockStore.loadSeenCommit(height)) ?? (await this.deps.blockStore.loadBlockCommit(height));
    if (block && commit) this.deps.transport.broadcast({ type: 'decision', block, commit });
  }

  private validate(block: Block, blockId: BlockId) {
    return validateBlock(this.state, block, blockId, {
      loadValidatorSet: (h) => this.deps.blockStore.loadValidatorSet(h),
      isEvidenceCommitted: (ev) => this.evidence.isCommitted(ev),
      processProposal: (b) =>
        this.deps.app.processProposal({
          height: b.header.height,
          txs: b.txs,
          proposerAddress: b.header.proposerAddress,
        }),
    });
  }

  private async onEquivocation(a: Vote, b: Vote): Promise<void> {
    const ev = makeDuplicateVoteEvidence(a, b, this.core.validators, this.state.lastBlockTimeNs);
    if (await this.evidence.add(ev)) {
      this.log.warn(
        { validator: toHexUpper(a.validatorAddress), height: a.height, round: a.round },
        'validator signed conflicting votes; evidence pending',
      );
      this.deps.transport.broadcast({ type: 'evidence', evidence: ev });
    }
  }

  // ---- own messages ----

  private voteTimeNs(): bigint {
    const now = this.deps.scheduler.now();
    const ref = this.core.lockedBlock?.block ?? this.core.proposalFor(this.core.round)?.block ?? null;
    const min = (ref ? ref.header.timeNs : this.state.lastBlockTimeNs) + 1_000_000n;
    return now > min ? now : min;
  }

  private async doVote(e: Extract<CoreEffect, { kind: 'vote' }>): Promise<void> {
    const pv = this.deps.privValidator;
    if (!pv) return;
    const unsigned: Vote = {
      type: e.type,
      height: e.height,
      round: e.round,
      blockId: e.blockId,
      timestampNs: this.voteTimeNs(),
      validatorAddress: pv.address,
      validatorIndex: this.core.validatorIndex,
      signature: new Uint8Array(0),
    };
    let vote: Vote;
    try {
      vote = pv.signVote(this.state.chainId, unsigned);
    } catch (err) {
      if (err instanceof DoubleSignError) {
        this.refusals++;
        this.log.error({ err: err.message }, 'double-sign guard refused a vote');
        return;
      }
      throw err;
    }
    this.deps.failPoint?.('afterPrivvalSign');
    const msg: ConsensusMessage = { type: 'vote', vote };
    await this.feed({ kind: 'vote', vote }, { type: 'message', msg, own: true }, true);
    this.deps.transport.broadcast(msg);
    if (this.opts.misbehavior?.equivocatePrevotes && e.type === VoteType.Prevote) this.equivocate(vote);
  }

  /** Byzantine test hook: a second prevote for something else, signed without the guard. */
  private equivocate(vote: Vote): void {
    const pv = this.deps.privValidator!;
    const other: Vote = {
      ...vote,
      blockId: vote.blockId
        ? null
        : { hash: new Uint8Array(32).fill(0xee), partSetHeader: { total: 1, hash: new Uint8Array(32).fill(0xee) } },
    };
    other.signature = pv.signer.sign(voteSignBytes(this.state.chainId, other));
    this.deps.transport.broadcast({ type: 'vote', vote: other });
  }

  private async lastCommitForProposal(height: number): Promise<Commit> {
    if (height === this.state.initialHeight) return emptyCommit();
    const lc = this.lastCommitVotes;
    if (lc && lc.height === height - 1) return makeCommit(lc, this.state.lastBlockId);
    const seen = await this.deps.blockStore.loadSeenCommit(height - 1);
    if (!seen) throw new Error(`no commit stored for height ${height - 1}`);
    return seen;
  }

  private async doPropose(e: Extract<CoreEffect, { kind: 'propose' }>): Promise<void> {
    const pv = this.deps.privValidator;
    if (!pv || this.core.proposalFor(e.round)) return;
    let block: Block;
    let blockId: BlockId;
    if (e.validBlock) {
      ({ block, blockId } = e.validBlock);
    } else {
      const lastCommit = await this.lastCommitForProposal(e.height);
      const params = this.state.consensusParams;
      const evidence = this.evidence.pending(e.height, Number(params.evidence.maxBytes));
      const evBytes = evidence.reduce((n, ev) => n + encodeEvidence(ev).length, 0);
      const blockBytes = proposalBlockBytes(
        params.block.maxBytes,
        this.deps.transport.maxMessageBytes,
        PROPOSAL_ENVELOPE_BYTES,
      );
      const maxTxBytes = maxDataBytes(blockBytes, evBytes, this.state.validators.size);
      const reaped = fitTxs(this.deps.mempool.reap(maxTxBytes, params.block.maxGas), maxTxBytes);
      const txs = this.deps.app.prepareProposal({ height: e.height, maxTxBytes, txs: reaped });
      block = buildBlock(this.state, e.height, pv.address, lastCommit, txs, evidence);
      blockId = makeBlockId(block).blockId;
      const validity = await this.validate(block, blockId);
      if (!validity.ok) {
        this.log.error({ height: e.height, reason: validity.reason }, 'our own proposal is invalid; not proposing');
        return;
      }
    }
    const unsigned: Proposal = {
      height: e.height,
      round: e.round,
      polRound: e.polRound,
      blockId,
      timestampNs: this.deps.scheduler.now(),
      signature: new Uint8Array(0),
    };
    let proposal: Proposal;
    try {
      proposal = pv.signProposal(this.state.chainId, unsigned);
    } catch (err) {
      if (err instanceof DoubleSignError) {
        this.refusals++;
        this.log.error({ err: err.message }, 'double-sign guard refused a proposal');
        return;
      }
      throw err;
    }
    const msg: ConsensusMessage = { type: 'proposal', proposal, block };
    await this.feed(
      { kind: 'proposal', proposal, block, blockId, valid: true },
      { type: 'message', msg, own: true },
      true,
    );
    this.deps.transport.broadcast(msg);
  }

  // ---- commit ----

  private async finalizeCommit(e: Extract<CoreEffect, { kind: 'decide' }>): Promise<void> {
    const { block, blockId, commit } = e;
    const h = block.header.height;
    const fail = this.deps.failPoint ?? (() => {});
    if (this.deps.blockStore.height() < h) await this.deps.blockStore.saveBlock(block, blockId, commit);
    fail('afterBlockSave');
    this.deps.wal.writeSync({ type: 'endHeight', height: h });
    fail('afterEndHeight');

    // Stage durations for the log only (docs/performance.md reads them); nothing in state depends on them.
    const tFinalize = performance.now();
    const resp = await this.deps.app.finalizeBlock(finalizeRequestFor(block, blockId, this.state.lastValidators));
    const tCommit = performance.now();
    if (resp.txResults.length !== block.txs.length) {
      throw new Error(`app returned ${resp.txResults.length} tx results for ${block.txs.length} txs at height ${h}`);
    }
    await this.stateStore.saveFinalizeResponse(h, resp);
    fail('afterFinalizeBlock');
    await this.deps.app.commit();
    const tDone = performance.now();
    fail('afterAppCommit');
    const prevValidators = this.state.validators;
    this.state = nextState(this.state, block.header, blockId, resp);
    await this.stateStore.save(this.state);
    fail('afterStateSave');
    await this.stateStore.deleteFinalizeResponse(h - 1);

    await this.evidence.markCommitted(h, block.evidence);
    this.evidence.prune(h, Number(this.state.consensusParams.evidence.maxAgeNumBlocks));
    await this.deps.mempool.update(h, block.txs, resp.txResults);
    // Our own tally of the deciding round, if it holds the +2/3 for this block; else the commit we were given.
    const precommits = this.core.roundVotes(e.round)?.precommits;
    const maj = precommits?.twoThirdsMajority();
    this.lastCommitVotes = precommits && maj?.blockId && blockIdsEqual(maj.blockId, blockId) ? precommits : null;
    if (!this.lastCommitVotes) {
      // Decided through a peer's commit: seed the LastCommit votes from it so late precommits can still join.
      const set = new VoteSet(h, commit.round, VoteType.Precommit, prevValidators);
      this.lastCommitVotes = set;
      commit.signatures.forEach((s, i) => {
        if (s.blockIdFlag === 2) {
          set.add({
            type: VoteType.Precommit,
            height: h,
            round: commit.round,
            blockId: commit.blockId,
            timestampNs: s.timestampNs,
            validatorAddress: s.validatorAddress,
            validatorIndex: i,
            signature: s.signature,
          });
        }
      });
    }
    this.log.info(
      {
        height: h,
        hash: toHexUpper(blockId.hash),
        txs: block.txs.length,
        round: e.round,
        finalize_ms: Math.round((tCommit - tFinalize) * 100) / 100,
        commit_ms: Math.round((tDone - tCommit) * 100) / 100,
      },
      'committed block',
    );

    for (const cb of this.listeners) {
      try {
        cb(block, commit, resp);
      } catch (err) {
        this.log.error({ err: (err as Error).message }, 'block listener threw');
      }
    }

    this.newCore();
    await this.feed({ kind: 'start', immediate: false }, null);
    // Block sync applies blocks back to back: announcing each height would only make peers send decisions we fetch anyway.
    if (!this.quietCommit) this.deps.transport.broadcast({ type: 'status', height: this.core.height, round: 0 });
    for (const msg of this.takeFutureFor(this.core.height)) this.enqueue(() => this.ingest(msg, false));
  }

  // ---- gossip ----

  private scheduleGossip(): void {
    if (this.stopped || this.halted) return;
    this.gossipTimer = this.deps.scheduler.setTimeout(() => {
      this.gossipTimer = null;
      this.enqueue(async () => this.gossip());
      this.scheduleGossip();
    }, this.opts.config.gossipIntervalMs);
  }

  /** Sends our part of the current height again: what a lossy network or a healed partition needs. */
  private gossip(): void {
    const c = this.core;
    const t = this.deps.transport;
    t.broadcast({ type: 'status', height: c.height, round: c.round });
    const prop = c.proposalFor(c.round);
    const me = this.deps.privValidator?.address;
    if (prop && me && toHexUpper(c.proposerAddress(c.round)) === toHexUpper(me)) {
      t.broadcast({ type: 'proposal', proposal: prop.proposal, block: prop.block });
    }
    const rounds = new Set(
      [c.round, c.round - 1, c.lockedRound, c.validRound, prop?.proposal.polRound ?? -1].filter((r) => r >= 0),
    );
    for (const r of rounds) {
      for (const type of [VoteType.Prevote, VoteType.Precommit]) {
        const v = c.ownVote(r, type);
        if (v) t.broadcast({ type: 'vote', vote: v });
      }
    }
  }
}
