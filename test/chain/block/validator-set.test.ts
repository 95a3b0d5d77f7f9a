import { describe, expect, it } from '@jest/globals';
import { ValidatorSet } from '../../../chain/block/validator-set.js';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const v = (addr: Uint8Array | string, power: bigint) => ({
  address: typeof addr === 'string' ? enc(addr) : addr,
  pubKey: new Uint8Array(32),
  votingPower: power,
});

describe('ValidatorSet (CometBFT weighted round robin)', () => {
  it('matches CometBFT TestProposerSelection1 for 99 rounds', () => {
    const set = ValidatorSet.fromValidators([v('foo', 1000n), v('bar', 300n), v('baz', 330n)]);
    const got: string[] = [];
    for (let i = 0; i < 99; i++) {
      got.push(dec(set.proposer().address));
      set.incrementProposerPriority(1);
    }
    const expected =
      'foo baz foo bar foo foo baz foo bar foo foo baz foo foo bar foo baz foo foo bar' +
      ' foo foo baz foo bar foo foo baz foo bar foo foo baz foo foo bar foo baz foo foo bar' +
      ' foo baz foo foo bar foo baz foo foo bar foo baz foo foo foo baz bar foo foo foo baz' +
      ' foo bar foo foo baz foo bar foo foo baz foo bar foo foo baz foo bar foo foo baz foo' +
      ' foo bar foo baz foo foo bar foo baz foo foo bar foo baz foo foo';
    expect(got.join(' ')).toBe(expected);
  });

  it('matches CometBFT TestProposerSelection2 (equal power in address order; proportional counts)', () => {
    const a = (n: number) => {
      const b = new Uint8Array(20);
      b[19] = n;
      return b;
    };
    let set = ValidatorSet.fromValidators([v(a(0), 100n), v(a(1), 100n), v(a(2), 100n)]);
    for (let i = 0; i < 15; i++) {
      expect(set.proposer().address[19]).toBe(i % 3);
      set.incrementProposerPriority(1);
    }
    set = ValidatorSet.fromValidators([v(a(0), 100n), v(a(1), 100n), v(a(2), 401n)]);
    const seq: number[] = [];
    for (let i = 0; i < 3; i++) {
      seq.push(set.proposer().address[19]!);
      set.incrementProposerPriority(1);
    }
    expect(seq).toEqual([2, 2, 0]);
    set = ValidatorSet.fromValidators([v(a(0), 4n), v(a(1), 5n), v(a(2), 3n)]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 120; i++) {
      counts[set.proposer().address[19]!]!++;
      set.incrementProposerPriority(1);
    }
    expect(counts).toEqual([40, 50, 30]);
  });

  it('proposerForRound does not disturb the set and equals incrementing round times', () => {
    const set = ValidatorSet.fromValidators([v('foo', 1000n), v('bar', 300n), v('baz', 330n)]);
    const before = set.proposer().address;
    const r3 = set.proposerForRound(3).address;
    const c = set.copy();
    c.incrementProposerPriority(3);
    expect(r3).toEqual(c.proposer().address);
    expect(set.proposer().address).toEqual(before);
  });

  it('updates: adds with -1.125×total priority, keeps priorities of updated validators, removes at power 0', () => {
    const set = ValidatorSet.fromValidators([v('aaa', 10n), v('bbb', 10n)]);
    set.updateWithChangeSet([v('ccc', 20n)]);
    expect(set.totalVotingPower()).toBe(40n);
    expect(dec(set.validators[0]!.address)).toBe('ccc');
    set.updateWithChangeSet([v('aaa', 0n)]);
    expect(set.size).toBe(2);
    expect(set.getByAddress(enc('aaa'))).toBeNull();
    expect(() => set.updateWithChangeSet([v('bbb', 0n), v('ccc', 0n)])).toThrow(/empty set/);
    expect(() => set.updateWithChangeSet([v('zzz', 0n)])).toThrow(/failed to find/);
    expect(() => set.updateWithChangeSet([v('bbb', -1n)])).toThrow(/negative/);
  });

  it('encodes and decodes with priorities and proposer preserved', () => {
    const set = ValidatorSet.fromValidators([v('foo', 1000n), v('bar', 300n), v('baz', 330n)]);
    set.incrementProposerPriority(5);
    const back = ValidatorSet.decode(set.encode());
    expect(back.validators).toEqual(set.validators);
    expect(back.proposer().address).toEqual(set.proposer().address);
    expect(back.hash()).toEqual(set.hash());
  });

  it('quorum is strictly more than two thirds of the weight', () => {
    expect(ValidatorSet.fromValidators([v('a', 1n), v('b', 1n), v('c', 1n), v('d', 1n)]).quorum()).toBe(3n);
    expect(ValidatorSet.fromValidators([v('a', 3n)]).quorum()).toBe(3n);
    expect(ValidatorSet.fromValidators([v('a', 1n), v('b', 2n)]).quorum()).toBe(3n);
  });
});
