import type { Block, Commit, DuplicateVoteEvidence } from '../types/block.js';
import type { Proposal, Vote } from '../types/vote.js';

/** Steps of one round, ordered; the numeric values order (height, round, step) comparisons. */
export enum RoundStep {
  NewHeight = 1,
  Propose = 3,
  Prevote = 4,
  Precommit = 6,
  Commit = 8,
}

export type TimeoutStep = 'newHeight' | 'propose' | 'prevote' | 'precommit';

/**
 * Everything consensus sends to peers. `decision` hands a lagging peer a decided block with the commit that decided
 * it (the minimal catch-up path; block sync proper replaces it for large gaps); `status` advertises where we are.
 */
export type ConsensusMessage =
  | { type: 'proposal'; proposal: Proposal; block: Block }
  | { type: 'vote'; vote: Vote }
  | { type: 'decision'; block: Block; commit: Commit }
  | { type: 'status'; height: number; round: number }
  | { type: 'evidence'; evidence: DuplicateVoteEvidence };

/** config.toml `[consensus]`, in milliseconds. Per-round timeouts grow by their delta each round. */
export interface ConsensusConfig {
  timeoutProposeMs: number;
  timeoutProposeDeltaMs: number;
  timeoutPrevoteMs: number;
  timeoutPrevoteDeltaMs: number;
  timeoutPrecommitMs: number;
  timeoutPrecommitDeltaMs: number;
  /** Pause after a commit before the next height's round 0, so that late precommits make it into LastCommit. */
  timeoutCommitMs: number;
  /** How often own messages of the current round are sent again (lost messages, healed partitions). */
  gossipIntervalMs: number;
}

/** CometBFT's defaults; with one validator they give a block about every second. */
export const DEFAULT_CONSENSUS_CONFIG: ConsensusConfig = {
  timeoutProposeMs: 3000,
  timeoutProposeDeltaMs: 500,
  timeoutPrevoteMs: 1000,
  timeoutPrevoteDeltaMs: 500,
  timeoutPrecommitMs: 1000,
  timeoutPrecommitDeltaMs: 500,
  timeoutCommitMs: 1000,
  gossipIntervalMs: 1000,
};

export function timeoutFor(cfg: ConsensusConfig, step: TimeoutStep, round: number): number {
  switch (step) {
    case 'newHeight':
      return cfg.timeoutCommitMs;
    case 'propose':
      return cfg.timeoutProposeMs + round * cfg.timeoutProposeDeltaMs;
    case 'prevote':
      return cfg.timeoutPrevoteMs + round * cfg.timeoutPrevoteDeltaMs;
    case 'precommit':
      return cfg.timeoutPrecommitMs + round * cfg.timeoutPrecommitDeltaMs;
  }
}
