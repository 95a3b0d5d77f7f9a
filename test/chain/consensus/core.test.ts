import { describe, expect, it } from '@jest/globals';
import { ConsensusCore, type CoreEffect } from '../../../chain/consensus/core.js';
import { DEFAULT_CONSENSUS_CONFIG, RoundStep } from '../../../chain/consensus/types.js';
import { VoteType, type Vote } from '../../../chain/types/vote.js';
import { ValidatorSet } from '../../../chain/block/validator-set.js';
import type { Block, BlockId } from '../../../chain/types/block.js';

/** Pure state-machine tests: no crypto, no I/O; inputs are taken as already authenticated. */
const addr = (i: number) => new Uint8Array(20).fill(i + 1);
const vals = ValidatorSet.fromValidators(
  [0, 1, 2, 3].map((i) => ({ address: addr(i), pubKey: new Uint8Array(32), votingPower: 10n })),
);
const idOf = (n: number): BlockId => ({
  hash: new Uint8Array(32).fill(n),
  partSetHeader: { total: 1, hash: new Uint8Array(32).fill(n) },
});
const fakeBlock = (n: number) => ({ header: { height: 1, timeNs: BigInt(n) } }) as unknown as Block;
const indexOf = (a: Uint8Array) => vals.getByAddress(a)!.index;

function setup(me = 0) {
  const core = new ConsensusCore({
    chainId: 'c',
    height: 1,
    validators: vals,
    ownAddress: addr(me),
    config: DEFAULT_CONSENSUS_CONFIG,
  });
  const myIndex = indexOf(addr(me));
  const others = [0, 1, 2, 3].map((i) => indexOf(addr(i))).filter((i) => i !== myIndex);
  const vote = (type: VoteType, round: number, blockId: BlockId | null, index: number): Vote => ({
    type,
    height: 1,
    round,
    blockId,
    timestampNs: 1n,
    validatorAddress: vals.getByIndex(index)!.address,
    validatorIndex: index,
    signature: new Uint8Array(64),
  });
  /** Feeds effects' own votes back in, as the driver does after signing. */
  const feedBack = (effects: CoreEffect[]) => {
    for (const e of effects)
      if (e.kind === 'vote') core.handle({ kind: 'vote', vote: vote(e.type, e.round, e.blockId, myIndex) });
    return effects;
  };
  const propose = (round: number, n: number, polRound = -1, valid = true) =>
    feedBack(
      core.handle({
        kind: 'proposal',
        proposal: { height: 1, round, polRound, blockId: idOf(n), timestampNs: 1n, signature: new Uint8Array(64) },
        block: fakeBlock(n),
        blockId: idOf(n),
        valid,
      }),
    );
  const votesFrom = (indices: number[], type: VoteType, round: number, blockId: BlockId | null) =>
    indices.flatMap((i) => feedBack(core.handle({ kind: 'vote', vote: vote(type, round, blockId, i) })));
  const timeout = (round: number, step: 'propose' | 'prevote' | 'precommit') =>
    feedBack(core.handle({ kind: 'timeout', height: 1, round, step }));
  return { core, others, propose, votesFrom, timeout, feedBack };
}

const votesOf = (effects: CoreEffect[]) =>
  effects.filter((e): e is Extract<CoreEffect, { kind: 'vote' }> => e.kind === 'vote');

describe('ConsensusCore (Algorithm 1)', () => {
  it('prevotes a valid proposal, locks on a polka and decides on +2/3 precommits', () => {
    const t = setup();
    t.feedBack(t.core.handle({ kind: 'start', immediate: true }));
    const pv = votesOf(t.propose(0, 1));
    expect(pv).toEqual([expect.objectContaining({ type: VoteType.Prevote, round: 0, blockId: idOf(1) })]);
    const pc = votesOf(t.votesFrom(t.others.slice(0, 2), VoteType.Prevote, 0, idOf(1)));
    expect(pc).toEqual([expect.objectContaining({ type: VoteType.Precommit, blockId: idOf(1) })]);
    expect(t.core.lockedRound).toBe(0);
    const eff = t.votesFrom(t.others.slice(0, 2), VoteType.Precommit, 0, idOf(1));
    const decide = eff.find((e) => e.kind === 'decide');
    expect(decide).toBeDefined();
    expect(t.core.step).toBe(RoundStep.Commit);
  });

  it('prevotes nil for an invalid block and on propose timeout', () => {
    const t = setup();
    t.core.handle({ kind: 'start', immediate: true });
    expect(votesOf(t.propose(0, 1, -1, false))[0]!.blockId).toBeNull();
    const t2 = setup();
    t2.core.handle({ kind: 'start', immediate: true });
    expect(votesOf(t2.timeout(0, 'propose'))[0]).toEqual(
      expect.objectContaining({ type: VoteType.Prevote, blockId: null }),
    );
  });

  it('a validator locked on a block does not prevote another without a proof of lock, and does with one', () => {
    const t = setup();
    t.core.handle({ kind: 'start', immediate: true });
    t.propose(0, 1);
    t.votesFrom(t.others.slice(0, 2), VoteType.Prevote, 0, idOf(1)); // polka → locked on block 1
    t.votesFrom(t.others, VoteType.Precommit, 0, null); // no decision in round 0
    expect(t.core.lockedRound).toBe(0);
    t.timeout(0, 'precommit');
    expect(t.core.round).toBe(1);

    // Round 1: a fresh proposal of block 2 (no POL) → nil, because we are locked on block 1.
    expect(votesOf(t.propose(1, 2))[0]!.blockId).toBeNull();
    t.votesFrom(t.others, VoteType.Prevote, 1, null);
    t.votesFrom(t.others, VoteType.Precommit, 1, null);
    t.timeout(1, 'precommit');

    // Round 2: block 2 claims a POL from round 1 that does not exist → no prevote for it; the timeout gives nil.
    expect(votesOf(t.propose(2, 2, 1))).toEqual([]);
    expect(votesOf(t.timeout(2, 'propose'))[0]!.blockId).toBeNull();
    // Two others prevote block 2; with our nil that is +2/3 of any, and the prevote timeout moves us to precommit nil.
    t.votesFrom(t.others.slice(0, 2), VoteType.Prevote, 2, idOf(2));
    expect(votesOf(t.timeout(2, 'prevote'))[0]).toEqual(
      expect.objectContaining({ type: VoteType.Precommit, blockId: null }),
    );
    // The third prevote completes a polka for block 2 after we precommitted: it becomes the valid value, the lock stays.
    t.votesFrom([t.others[2]!], VoteType.Prevote, 2, idOf(2));
    expect(t.core.lockedRound).toBe(0);
    expect(t.core.validRound).toBe(2);
    t.votesFrom(t.others, VoteType.Precommit, 2, null);
    t.timeout(2, 'precommit');

    // Round 3: block 2 re-proposed with POL round 2 (≥ our locked round) → we prevote it.
    expect(votesOf(t.propose(3, 2, 2))[0]!.blockId).toEqual(idOf(2));
  });

  it('re-proposes its valid value with the POL round when it is the proposer', () => {
    // Find a round in which validator 0 proposes after round 0.
    const me = 0;
    const t = setup(me);
    t.core.handle({ kind: 'start', immediate: true });
    t.propose(0, 1);
    t.votesFrom(t.others.slice(0, 2), VoteType.Prevote, 0, idOf(1));
    t.votesFrom(t.others, VoteType.Precommit, 0, null);
    let round = 0;
    let proposal: Extract<CoreEffect, { kind: 'propose' }> | undefined;
    while (!proposal && round < 8) {
      const eff = t.timeout(round, 'precommit');
      round++;
      proposal = eff.find((e): e is Extract<CoreEffect, { kind: 'propose' }> => e.kind === 'propose');
      if (!proposal) {
        t.timeout(round, 'propose');
        t.votesFrom(t.others, VoteType.Prevote, round, null);
        t.votesFrom(t.others, VoteType.Precommit, round, null);
      }
    }
    expect(proposal).toBeDefined();
    expect(proposal!.polRound).toBe(0);
    expect(proposal!.validBlock!.blockId).toEqual(idOf(1));
  });

  it('jumps ahead to a round in which more than 1/3 of the weight already votes', () => {
    const t = setup();
    t.core.handle({ kind: 'start', immediate: true });
    t.votesFrom([t.others[0]!], VoteType.Prevote, 5, null);
    expect(t.core.round).toBe(0);
    t.votesFrom([t.others[1]!], VoteType.Precommit, 5, null);
    expect(t.core.round).toBe(5);
  });

  it('reports two different votes from one validator as a conflict', () => {
    const t = setup();
    t.core.handle({ kind: 'start', immediate: true });
    t.votesFrom([t.others[0]!], VoteType.Prevote, 0, idOf(1));
    const eff = t.votesFrom([t.others[0]!], VoteType.Prevote, 0, idOf(2));
    expect(eff.some((e) => e.kind === 'conflictingVotes')).toBe(true);
  });

  it('ignores stale timeouts and votes of other heights', () => {
    const t = setup();
    t.core.handle({ kind: 'start', immediate: true });
    t.propose(0, 1);
    expect(t.core.step).toBe(RoundStep.Prevote);
    expect(t.timeout(0, 'propose')).toEqual([]);
    const before = t.core.round;
    t.core.handle({ kind: 'timeout', height: 7, round: 0, step: 'precommit' });
    expect(t.core.round).toBe(before);
  });
});
