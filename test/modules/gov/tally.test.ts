import { describe, expect, it } from '@jest/globals';
import { VoteOption } from 'cosmjs-types/cosmos/gov/v1/gov';
import { ONE_DEC } from '../../../modules/gov/params.js';
import { parseVoteOptions } from '../../../modules/gov/keeper.js';
import { tally } from '../../../modules/gov/tally.js';

const P = {
  quorum: 334n * 10n ** 15n,
  threshold: ONE_DEC / 2n,
  vetoThreshold: 334n * 10n ** 15n,
  burnVoteQuorum: true,
  burnVoteVeto: true,
};
const v = (weight: bigint, option: VoteOption) => ({ weight, options: [{ option, weight: ONE_DEC }] });
const {
  VOTE_OPTION_YES: YES,
  VOTE_OPTION_NO: NO,
  VOTE_OPTION_ABSTAIN: ABSTAIN,
  VOTE_OPTION_NO_WITH_VETO: VETO,
} = VoteOption;

describe('gov tally by Race weight', () => {
  it('fails without any weight, and below quorum (burning only if asked)', () => {
    expect(tally([v(1n, YES)], 0n, P).outcome).toBe('no_weight');
    expect(tally([v(333n, YES)], 1000n, P)).toMatchObject({
      passes: false,
      burnDeposits: true,
      outcome: 'quorum_not_reached',
    });
    expect(tally([v(333n, YES)], 1000n, { ...P, burnVoteQuorum: false }).burnDeposits).toBe(false);
    expect(tally([v(334n, YES)], 1000n, P).passes).toBe(true);
  });

  it('needs strictly more than the threshold of non-abstaining weight', () => {
    expect(tally([v(50n, YES), v(50n, NO)], 100n, P).outcome).toBe('rejected');
    expect(tally([v(51n, YES), v(49n, NO)], 100n, P).outcome).toBe('passed');
    expect(tally([v(40n, YES), v(30n, NO), v(30n, ABSTAIN)], 100n, P).outcome).toBe('passed');
    expect(tally([v(100n, ABSTAIN)], 100n, P).outcome).toBe('all_abstain');
  });

  it('is vetoed by more than a third of the turnout and burns the deposit then', () => {
    expect(tally([v(66n, YES), v(34n, VETO)], 100n, P)).toMatchObject({
      passes: false,
      burnDeposits: true,
      outcome: 'vetoed',
    });
    expect(tally([v(67n, YES), v(33n, VETO)], 100n, P).outcome).toBe('passed');
  });

  it('ignores voters without weight and splits weighted votes exactly', () => {
    const split = {
      weight: 10n,
      options: parseVoteOptions([
        { option: YES, weight: '0.25' },
        { option: NO, weight: '0.75' },
      ]),
    };
    const r = tally([split, v(0n, NO)], 10n, P);
    expect(r.counts).toEqual({ yes: 2n, abstain: 0n, no: 7n, noWithVeto: 0n });
    expect(r.outcome).toBe('rejected');
  });

  it('rejects malformed weighted votes', () => {
    expect(() => parseVoteOptions([])).toThrow(/no vote options/);
    expect(() => parseVoteOptions([{ option: YES, weight: '0.5' }])).toThrow(/total weight/);
    expect(() =>
      parseVoteOptions([
        { option: YES, weight: '0.5' },
        { option: YES, weight: '0.5' },
      ]),
    ).toThrow(/duplicated/);
    expect(() => parseVoteOptions([{ option: 9 as VoteOption, weight: '1' }])).toThrow(/invalid vote option/);
    expect(() => parseVoteOptions([{ option: YES, weight: 'x' }])).toThrow(/invalid weight/);
  });
});
