import type { BlockId } from '../types/block.js';
import { equalBytes, toHexUpper } from '../types/bytes.js';
import { isNilBlockId } from '../types/block.js';
import type { Vote, VoteType } from '../types/vote.js';
import type { ValidatorSet } from '../block/validator-set.js';

/** A key that tells block ids apart (nil is its own key). */
export function blockIdKey(id: BlockId | null): string {
  if (id === null || isNilBlockId(id)) return 'nil';
  return `${toHexUpper(id.hash)}:${id.partSetHeader.total}:${toHexUpper(id.partSetHeader.hash)}`;
}

export function blockIdsEqual(a: BlockId | null, b: BlockId | null): boolean {
  return blockIdKey(a) === blockIdKey(b);
}

export type AddVoteResult =
  | { status: 'added' }
  | { status: 'duplicate' }
  | { status: 'conflict'; existing: Vote }
  | { status: 'rejected'; reason: string };

/**
 * Votes of one type at one height and round, weighted by voting power. Signatures are checked before votes get
 * here; this only tallies. A second, different vote by the same validator is reported as a conflict (evidence) and
 * not counted.
 */
export class VoteSet {
  private readonly votes: Array<Vote | null>;
  private readonly powerByBlock = new Map<string, { power: bigint; blockId: BlockId | null }>();
  private total = 0n;
  private majority: { blockId: BlockId | null } | null = null;
  private readonly quorum: bigint;

  constructor(
    readonly height: number,
    readonly round: number,
    readonly type: VoteType,
    readonly validators: ValidatorSet,
  ) {
    this.votes = new Array<Vote | null>(validators.size).fill(null);
    this.quorum = validators.quorum();
  }

  add(vote: Vote): AddVoteResult {
    if (vote.height !== this.height || vote.round !== this.round || vote.type !== this.type) {
      return { status: 'rejected', reason: 'vote is for another height, round or type' };
    }
    const val = this.validators.getByIndex(vote.validatorIndex);
    if (!val || !equalBytes(val.address, vote.validatorAddress)) {
      return { status: 'rejected', reason: 'validator index and address do not match the validator set' };
    }
    const existing = this.votes[vote.validatorIndex];
    if (existing) {
      return blockIdsEqual(existing.blockId, vote.blockId) ? { status: 'duplicate' } : { status: 'conflict', existing };
    }
    this.votes[vote.validatorIndex] = vote;
    this.total += val.votingPower;
    const key = blockIdKey(vote.blockId);
    const entry = this.powerByBlock.get(key) ?? { power: 0n, blockId: vote.blockId };
    entry.power += val.votingPower;
    this.powerByBlock.set(key, entry);
    if (!this.majority && entry.power >= this.quorum) this.majority = { blockId: entry.blockId };
    return { status: 'added' };
  }

  /** +2/3 of the weight voted for the same block id (or nil); null while no such value exists. */
  twoThirdsMajority(): { blockId: BlockId | null } | null {
    return this.majority;
  }

  hasTwoThirdsAny(): boolean {
    return this.total >= this.quorum;
  }

  powerFor(blockId: BlockId | null): bigint {
    return this.powerByBlock.get(blockIdKey(blockId))?.power ?? 0n;
  }

  totalPower(): bigint {
    return this.total;
  }

  getByIndex(index: number): Vote | null {
    return this.votes[index] ?? null;
  }

  all(): Vote[] {
    return this.votes.filter((v): v is Vote => v !== null);
  }

  hasVoteFrom(index: number): boolean {
    return this.votes[index] !== null && this.votes[index] !== undefined;
  }
}
