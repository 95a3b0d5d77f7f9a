import type { Block, BlockId, Commit } from '../types/block.js';
import { equalBytes } from '../types/bytes.js';
import { makeCommit } from './commit.js';
import { RoundStep, type ConsensusConfig, type TimeoutStep, timeoutFor } from './types.js';
import { VoteType, type Proposal, type Vote } from '../types/vote.js';
import type { ValidatorSet } from '../block/validator-set.js';
import { blockIdKey, blockIdsEqual, VoteSet } from './vote-set.js';

/**
 * One height of Tendermint ("The latest gossip on BFT consensus", Buchman–Kwon–Milosevic 2018, Algorithm 1) as a pure
 * state machine: inputs in, effects out; no timers, no I/O, no clock, no crypto. The driver authenticates messages,
 * validates blocks, signs what the core asks for and feeds the signed messages back in as inputs, owns the timers,
 * and writes every input to the WAL first. Each height gets a fresh core.
 */

export interface CoreOptions {
  chainId: string;
  height: number;
  validators: ValidatorSet;
  /** Our consensus address, or null on a node that does not validate. */
  ownAddress: Uint8Array | null;
  config: ConsensusConfig;
}

export interface CandidateBlock {
  block: Block;
  blockId: BlockId;
}

export type CoreInput =
  | { kind: 'start'; immediate: boolean }
  /** `valid` is the driver's verdict (block rules + app processProposal); the signature is already checked. */
  | { kind: 'proposal'; proposal: Proposal; block: Block; blockId: BlockId; valid: boolean }
  /** Already authenticated (signature and validator index) by the driver. */
  | { kind: 'vote'; vote: Vote }
  | { kind: 'timeout'; height: number; round: number; step: TimeoutStep }
  /** A decided block with a verified commit, from a peer that is ahead of us. */
  | { kind: 'decision'; block: Block; blockId: BlockId; commit: Commit };

export type CoreEffect =
  | { kind: 'scheduleTimeout'; height: number; round: number; step: TimeoutStep; durationMs: number }
  /** We are the proposer: build (or re-propose `validBlock`), sign and feed back a proposal. */
  | { kind: 'propose'; height: number; round: number; validBlock: CandidateBlock | null; polRound: number }
  /** Sign and feed back this vote. */
  | { kind: 'vote'; type: VoteType; height: number; round: number; blockId: BlockId | null }
  | { kind: 'decide'; height: number; round: number; block: Block; blockId: BlockId; commit: Commit }
  /** Two different votes by one validator at one height/round/type: the stuff of DuplicateVoteEvidence. */
  | { kind: 'conflictingVotes'; existing: Vote; incoming: Vote }
  | { kind: 'newStep'; height: number; round: number; step: RoundStep };

interface RoundVotes {
  prevotes: VoteSet;
  precommits: VoteSet;
}

interface KnownProposal {
  proposal: Proposal;
  block: Block;
  blockId: BlockId;
  valid: boolean;
}

/** Votes more than one round ahead are kept only for this many distinct rounds per validator (bounds memory). */
const MAX_FUTURE_ROUNDS_PER_VALIDATOR = 3;
/** Proposals further ahead than this are dropped; the proposer sends them again when we get there. */
const MAX_PROPOSAL_ROUNDS_AHEAD = 10;

export class ConsensusCore {
  readonly height: number;
  round = 0;
  step: RoundStep = RoundStep.NewHeight;
  lockedRound = -1;
  lockedBlock: CandidateBlock | null = null;
  validRound = -1;
  validBlock: CandidateBlock | null = null;
  decided: { round: number; block: Block; blockId: BlockId; commit: Commit } | null = null;

  private readonly proposals = new Map<number, KnownProposal>();
  private readonly blocks = new Map<string, CandidateBlock & { valid: boolean }>();
  private readonly votes = new Map<number, RoundVotes>();
  private readonly prevoteTimeoutScheduled = new Set<number>();
  private readonly precommitTimeoutScheduled = new Set<number>();
  private readonly polkaSeen = new Set<number>();
  private readonly ownIndex: number;
  private out: CoreEffect[] = [];

  constructor(private readonly opts: CoreOptions) {
    this.height = opts.height;
    this.ownIndex = opts.ownAddress ? (opts.validators.getByAddress(opts.ownAddress)?.index ?? -1) : -1;
  }

  get validators(): ValidatorSet {
    return this.opts.validators;
  }

  get isValidator(): boolean {
    return this.ownIndex >= 0;
  }

  get validatorIndex(): number {
    return this.ownIndex;
  }

  proposerAddress(round: number): Uint8Array {
    return this.opts.validators.proposerForRound(round).address;
  }

  proposalFor(round: number): KnownProposal | null {
    return this.proposals.get(round) ?? null;
  }

  roundVotes(round: number): RoundVotes | null {
    return this.votes.get(round) ?? null;
  }

  /** Rounds for which we hold any votes, ascending. */
  votedRounds(): number[] {
    return [...this.votes.keys()].sort((a, b) => a - b);
  }

  ownVote(round: number, type: VoteType): Vote | null {
    if (this.ownIndex < 0) return null;
    const rv = this.votes.get(round);
    if (!rv) return null;
    return (type === VoteType.Prevote ? rv.prevotes : rv.precommits).getByIndex(this.ownIndex);
  }

  handle(input: CoreInput): CoreEffect[] {
    this.out = [];
    switch (input.kind) {
      case 'start':
        if (this.step === RoundStep.NewHeight && this.round === 0) {
          if (input.immediate) this.startRound(0);
          else this.schedule(0, 'newHeight');
        }
        break;
      case 'proposal':
        this.onProposal(input);
        break;
      case 'vote':
        this.onVote(input.vote);
        break;
      case 'timeout':
        this.onTimeout(input.height, input.round, input.step);
        break;
      case 'decision':
        if (!this.decided && input.block.header.height === this.height) {
          this.decide(input.commit.round, { block: input.block, blockId: input.blockId }, input.commit);
        }
        break;
    }
    this.evaluate();
    return this.out;
  }

  private emit(e: CoreEffect): void {
    this.out.push(e);
  }

  private schedule(round: number, step: TimeoutStep): void {
    this.emit({
      kind: 'scheduleTimeout',
      height: this.height,
      round,
      step,
      durationMs: timeoutFor(this.opts.config, step, round),
    });
  }

  private setStep(step: RoundStep): void {
    this.step = step;
    this.emit({ kind: 'newStep', height: this.height, round: this.round, step });
  }

  private votesFor(round: number): RoundVotes {
    let rv = this.votes.get(round);
    if (!rv) {
      rv = {
        prevotes: new VoteSet(this.height, round, VoteType.Prevote, this.opts.validators),
        precommits: new VoteSet(this.height, round, VoteType.Precommit, this.opts.validators),
      };
      this.votes.set(round, rv);
    }
    return rv;
  }

  private castVote(type: VoteType, blockId: BlockId | null): void {
    if (this.ownIndex < 0) return;
    this.emit({ kind: 'vote', type, height: this.height, round: this.round, blockId });
  }

  private startRound(round: number): void {
    if (this.decided) return;
    this.round = round;
    this.setStep(RoundStep.Propose);
    if (this.ownIndex >= 0 && equalBytes(this.proposerAddress(round), this.opts.ownAddress!)) {
      this.emit({
        kind: 'propose',
        height: this.height,
        round,
        validBlock: this.validBlock,
        polRound: this.validBlock ? this.validRound : -1,
      });
    }
    this.schedule(round, 'propose');
  }

  private onProposal(input: Extract<CoreInput, { kind: 'proposal' }>): void {
    const p = input.proposal;
    if (p.height !== this.height || p.round < 0 || p.round > this.round + MAX_PROPOSAL_ROUNDS_AHEAD) return;
    if (p.polRound < -1 || p.polRound >= p.round) return;
    if (this.proposals.has(p.round)) return;
    this.proposals.set(p.round, { proposal: p, block: input.block, blockId: input.blockId, valid: input.valid });
    const key = blockIdKey(input.blockId);
    if (!this.blocks.has(key)) this.blocks.set(key, { block: input.block, blockId: input.blockId, valid: input.valid });
  }

  private futureRoundsOf(index: number): Set<number> {
    const rounds = new Set<number>();
    for (const [r, rv] of this.votes) {
      if (r > this.round + 1 && (rv.prevotes.hasVoteFrom(index) || rv.precommits.hasVoteFrom(index))) rounds.add(r);
    }
    return rounds;
  }

  private onVote(vote: Vote): void {
    if (vote.height !== this.height || vote.round < 0) return;
    if (vote.round > this.round + 1) {
      const future = this.futureRoundsOf(vote.validatorIndex);
      if (!future.has(vote.round) && future.size >= MAX_FUTURE_ROUNDS_PER_VALIDATOR) return;
    }
    const rv = this.votesFor(vote.round);
    const set = vote.type === VoteType.Prevote ? rv.prevotes : rv.precommits;
    const res = set.add(vote);
    if (res.status === 'conflict') this.emit({ kind: 'conflictingVotes', existing: res.existing, incoming: vote });
  }

  private onTimeout(height: number, round: number, step: TimeoutStep): void {
    if (height !== this.height || this.decided) return;
    switch (step) {
      case 'newHeight':
        if (this.step === RoundStep.NewHeight && this.round === 0) this.startRound(0);
        break;
      case 'propose':
        if (round === this.round && this.step === RoundStep.Propose) {
          this.castVote(VoteType.Prevote, null);
          this.setStep(RoundStep.Prevote);
        }
        break;
      case 'prevote':
        if (round === this.round && this.step === RoundStep.Prevote) {
          this.castVote(VoteType.Precommit, null);
          this.setStep(RoundStep.Precommit);
        }
        break;
      case 'precommit':
        if (round === this.round) this.startRound(round + 1);
        break;
    }
  }

  private decide(round: number, c: CandidateBlock, commit: Commit): void {
    this.decided = { round, block: c.block, blockId: c.blockId, commit };
    this.step = RoundStep.Commit;
    this.emit({ kind: 'decide', height: this.height, round, block: c.block, blockId: c.blockId, commit });
  }

  /** Applies every rule of Algorithm 1 whose condition holds, until none does. */
  private evaluate(): void {
    for (let guard = 0; guard < 1000; guard++) {
      if (this.decided) return;
      if (!this.applyOneRule()) return;
    }
    throw new Error('consensus core did not settle (rule loop)');
  }

  private applyOneRule(): boolean {
    // Lines 49–54: a block with +2/3 precommits in any round is decided, once we hold it and it is valid.
    for (const [r, rv] of this.votes) {
      const maj = rv.precommits.twoThirdsMajority();
      if (maj && maj.blockId !== null) {
        const known = this.blocks.get(blockIdKey(maj.blockId));
        if (known && known.valid) {
          this.decide(r, known, makeCommit(rv.precommits, known.blockId));
          return true;
        }
      }
    }
    if (this.step === RoundStep.NewHeight) return false;

    // Lines 55–56: f+1 weight already in a later round means we are behind; jump there.
    const oneThird = this.opts.validators.oneThirdPlus();
    let skipTo = -1;
    for (const [r, rv] of this.votes) {
      if (r <= this.round || r <= skipTo) continue;
      let power = 0n;
      for (let i = 0; i < this.opts.validators.size; i++) {
        if (rv.prevotes.hasVoteFrom(i) || rv.precommits.hasVoteFrom(i))
          power += this.opts.validators.getByIndex(i)!.votingPower;
      }
      if (power >= oneThird) skipTo = r;
    }
    if (skipTo > this.round) {
      this.startRound(skipTo);
      return true;
    }

    const r = this.round;
    const rv = this.votesFor(r);
    const prop = this.proposals.get(r);

    if (this.step === RoundStep.Propose && prop) {
      const locked = this.lockedBlock;
      const sameAsLocked = locked !== null && blockIdsEqual(locked.blockId, prop.blockId);
      if (prop.proposal.polRound === -1) {
        // Lines 22–27.
        const ok = prop.valid && (this.lockedRound === -1 || sameAsLocked);
        this.castVote(VoteType.Prevote, ok ? prop.blockId : null);
        this.setStep(RoundStep.Prevote);
        return true;
      }
      const pol = this.votes.get(prop.proposal.polRound)?.prevotes.twoThirdsMajority();
      if (pol && pol.blockId !== null && blockIdsEqual(pol.blockId, prop.blockId)) {
        // Lines 28–33: a re-proposal carrying its proof of lock.
        const ok = prop.valid && (this.lockedRound <= prop.proposal.polRound || sameAsLocked);
        this.castVote(VoteType.Prevote, ok ? prop.blockId : null);
        this.setStep(RoundStep.Prevote);
        return true;
      }
    }

    if (this.step === RoundStep.Prevote && rv.prevotes.hasTwoThirdsAny() && !this.prevoteTimeoutScheduled.has(r)) {
      // Lines 34–35.
      this.prevoteTimeoutScheduled.add(r);
      this.schedule(r, 'prevote');
      return true;
    }

    const polka = rv.prevotes.twoThirdsMajority();
    if (
      this.step >= RoundStep.Prevote &&
      prop &&
      prop.valid &&
      polka &&
      polka.blockId !== null &&
      blockIdsEqual(polka.blockId, prop.blockId) &&
      !this.polkaSeen.has(r)
    ) {
      // Lines 36–43: lock (if still prevoting) and remember the valid value.
      this.polkaSeen.add(r);
      const candidate = { block: prop.block, blockId: prop.blockId };
      if (this.step === RoundStep.Prevote) {
        this.lockedBlock = candidate;
        this.lockedRound = r;
        this.castVote(VoteType.Precommit, prop.blockId);
        this.setStep(RoundStep.Precommit);
      }
      this.validBlock = candidate;
      this.validRound = r;
      return true;
    }

    if (this.step === RoundStep.Prevote && polka && polka.blockId === null) {
      // Lines 44–46.
      this.castVote(VoteType.Precommit, null);
      this.setStep(RoundStep.Precommit);
      return true;
    }

    if (rv.precommits.hasTwoThirdsAny() && !this.precommitTimeoutScheduled.has(r)) {
      // Lines 47–48.
      this.precommitTimeoutScheduled.add(r);
      this.schedule(r, 'precommit');
      return true;
    }
    return false;
  }
}
