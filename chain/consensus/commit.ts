import { BlockIdFlag, type BlockId, type Commit, type CommitSig } from '../types/block.js';
import { equalBytes, toHexUpper } from '../types/bytes.js';
import { voteSignBytes } from './sign-bytes.js';
import { verifyEd25519 } from './signer.js';
import { VoteType } from '../types/vote.js';
import type { ValidatorSet } from '../block/validator-set.js';
import { blockIdsEqual, type VoteSet } from './vote-set.js';

/** Go's zero time.Time, the timestamp CometBFT gives an absent commit signature (it is hashed, so it must match). */
export const GO_ZERO_TIME_NS = -62_135_596_800n * 1_000_000_000n;

export function emptyCommit(): Commit {
  return {
    height: 0,
    round: 0,
    blockId: { hash: new Uint8Array(0), partSetHeader: { total: 0, hash: new Uint8Array(0) } },
    signatures: [],
  };
}

function absentSig(): CommitSig {
  return {
    blockIdFlag: BlockIdFlag.Absent,
    validatorAddress: new Uint8Array(0),
    timestampNs: GO_ZERO_TIME_NS,
    signature: new Uint8Array(0),
  };
}

/** The commit for `blockId` from a round's precommits: one entry per validator in set order; votes for other blocks count as absent. */
export function makeCommit(precommits: VoteSet, blockId: BlockId): Commit {
  const signatures: CommitSig[] = [];
  for (let i = 0; i < precommits.validators.size; i++) {
    const v = precommits.getByIndex(i);
    if (!v) signatures.push(absentSig());
    else if (v.blockId === null) {
      signatures.push({
        blockIdFlag: BlockIdFlag.Nil,
        validatorAddress: v.validatorAddress,
        timestampNs: v.timestampNs,
        signature: v.signature,
      });
    } else if (blockIdsEqual(v.blockId, blockId)) {
      signatures.push({
        blockIdFlag: BlockIdFlag.Commit,
        validatorAddress: v.validatorAddress,
        timestampNs: v.timestampNs,
        signature: v.signature,
      });
    } else signatures.push(absentSig());
  }
  return { height: precommits.height, round: precommits.round, blockId, signatures };
}

/**
 * Checks that more than 2/3 of `validators`' weight signed `blockId` at `height` (CometBFT VerifyCommit: every present
 * signature must verify, only Commit-flag signatures count toward the quorum). Throws a clear error otherwise.
 */
export function verifyCommit(
  chainId: string,
  validators: ValidatorSet,
  blockId: BlockId,
  height: number,
  commit: Commit,
): void {
  if (commit.height !== height) throw new Error(`commit is for height ${commit.height}, expected ${height}`);
  if (!blockIdsEqual(commit.blockId, blockId)) throw new Error('commit is for another block id');
  if (commit.signatures.length !== validators.size) {
    throw new Error(`commit has ${commit.signatures.length} signatures, the validator set has ${validators.size}`);
  }
  let tallied = 0n;
  commit.signatures.forEach((sig, i) => {
    if (sig.blockIdFlag === BlockIdFlag.Absent) return;
    if (sig.blockIdFlag !== BlockIdFlag.Commit && sig.blockIdFlag !== BlockIdFlag.Nil)
      throw new Error(`commit signature ${i} has unknown flag ${sig.blockIdFlag}`);
    const val = validators.getByIndex(i)!;
    if (!equalBytes(val.address, sig.validatorAddress)) {
      throw new Error(
        `commit signature ${i} is from ${toHexUpper(sig.validatorAddress)}, expected ${toHexUpper(val.address)}`,
      );
    }
    const bytes = voteSignBytes(chainId, {
      type: VoteType.Precommit,
      height,
      round: commit.round,
      blockId: sig.blockIdFlag === BlockIdFlag.Commit ? commit.blockId : null,
      timestampNs: sig.timestampNs,
    });
    if (!verifyEd25519(val.pubKey, bytes, sig.signature))
      throw new Error(`commit signature ${i} (${toHexUpper(val.address)}) is invalid`);
    if (sig.blockIdFlag === BlockIdFlag.Commit) tallied += val.votingPower;
  });
  if (tallied < validators.quorum()) {
    throw new Error(
      `commit has insufficient voting power: got ${tallied}, needed more than 2/3 of ${validators.totalVotingPower()}`,
    );
  }
}

/** BFT time: the voting-power-weighted median of the commit's timestamps (CometBFT MedianTime). */
export function medianTime(commit: Commit, validators: ValidatorSet): bigint {
  const weighted: Array<{ t: bigint; w: bigint }> = [];
  let total = 0n;
  for (const sig of commit.signatures) {
    if (sig.blockIdFlag === BlockIdFlag.Absent) continue;
    const v = validators.getByAddress(sig.validatorAddress);
    if (!v) continue;
    total += v.validator.votingPower;
    weighted.push({ t: sig.timestampNs, w: v.validator.votingPower });
  }
  weighted.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
  let median = total / 2n;
  for (const x of weighted) {
    if (median <= x.w) return x.t;
    median -= x.w;
  }
  return 0n;
}
