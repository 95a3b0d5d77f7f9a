import { describe, expect, it } from '@jest/globals';
import { sha256 } from '@noble/hashes/sha2.js';
import { itemStatuses } from '../../../../race/module/dispute/detect.js';
import { decideItem, reverifiers } from '../../../../race/module/dispute/escalate.js';
import { DEFAULT_DISPUTE_PARAMS, noiseBudget, validateDisputeParams } from '../../../../race/module/dispute/params.js';
import { dutiesOf, planClaim } from '../../../../race/module/dispute/plan.js';
import { nextReputation } from '../../../../race/module/dispute/reputation.js';
import { acceptedValue, resolveClaim } from '../../../../race/module/dispute/resolve.js';
import type { ClaimPlan, Verdict } from '../../../../race/module/dispute/types.js';
import { isExcluded, settleEpoch, unresolvedWithoutRandomness } from '../../../../race/module/dispute/verdict.js';
import { EpochRandomness } from '../../../../race/module/randomness/chain-randomness.js';
import { RACE_DOMAINS } from './harness.js';

const P = DEFAULT_DISPUTE_PARAMS;
const enc = new TextEncoder();
const rnd = (tag: string, epoch = 1n) =>
  EpochRandomness.of({ output: sha256(enc.encode(tag)), fallback: false }, epoch)!;
const items = (n: number) => Array.from({ length: n }, (_, i) => String(i));
const claim = (claimant: string, n: number) => ({
  id: enc.encode(claimant),
  claimant,
  items: items(n),
  value: BigInt(n),
});
const validators = [
  { address: 'a', weight: 40n },
  { address: 'b', weight: 30n },
  { address: 'c', weight: 20n },
  { address: 'd', weight: 10n },
  { address: 'z', weight: 0n },
];
const reportsOf = (plan: ClaimPlan, verdict: (checker: string, item: string) => Verdict | undefined) => {
  const m = new Map<string, Map<string, Verdict>>();
  plan.items.forEach((item, i) => {
    for (const c of plan.checkers[i]!) {
      const v = verdict(c, item);
      if (v === undefined) continue;
      if (!m.has(c)) m.set(c, new Map());
      m.get(c)!.set(item, v);
    }
  });
  return m;
};
const votesOf = (who: string[], itemsVoted: string[], v: Verdict) =>
  new Map(who.map((w) => [w, new Map(itemsVoted.map((i) => [i, v]))]));

describe('planClaim', () => {
  it('samples sampleSize distinct items and gives each r distinct weighted checkers, never the claimant', () => {
    const plan = planClaim(claim('a', 1000), validators, rnd('x'), RACE_DOMAINS, P);
    expect(plan.items).toHaveLength(150);
    expect(new Set(plan.items).size).toBe(150);
    for (const cs of plan.checkers) {
      expect(cs).toHaveLength(2);
      expect(new Set(cs).size).toBe(2);
      expect(cs).not.toContain('a');
      expect(cs).not.toContain('z');
    }
    expect(planClaim(claim('a', 1000), validators, rnd('x'), RACE_DOMAINS, P)).toEqual(plan);
    expect(planClaim(claim('a', 1000), validators, rnd('y'), RACE_DOMAINS, P).items).not.toEqual(plan.items);
    expect(dutiesOf('b', [plan])[0]!.items.length).toBe(plan.checkers.filter((c) => c.includes('b')).length);
  });

  it('takes every item of a small claim, and lets a lone participant check itself', () => {
    const plan = planClaim(claim('a', 5), [{ address: 'a', weight: 1n }], rnd('x'), RACE_DOMAINS, P);
    expect(plan.items).toEqual(items(5));
    expect(plan.checkers.every((c) => c.length === 1 && c[0] === 'a')).toBe(true);
  });

  it('refuses a claim that repeats an item or has no id', () => {
    expect(() => planClaim({ ...claim('a', 3), items: ['1', '1'] }, validators, rnd('x'), RACE_DOMAINS, P)).toThrow(
      /repeats/,
    );
    expect(() => planClaim({ ...claim('a', 3), id: new Uint8Array(0) }, validators, rnd('x'), RACE_DOMAINS, P)).toThrow(
      /id/,
    );
  });
});

describe('disputes and re-verification', () => {
  const plan = planClaim(claim('a', 300), validators, rnd('d'), RACE_DOMAINS, P);

  it('an item stands only when all its checkers passed it; one fail or one silence disputes it', () => {
    const first = plan.items[0]!;
    const second = plan.items[1]!;
    const liar = plan.checkers[0]![0]!;
    const silent = plan.checkers[1]![1]!;
    const st = itemStatuses(
      plan,
      reportsOf(plan, (c, i) =>
        i === first && c === liar ? 'fail' : i === second && c === silent ? undefined : 'pass',
      ),
    );
    expect(st[0]).toMatchObject({ disputed: true, reason: 'failed' });
    expect(st[1]).toMatchObject({ disputed: true, reason: 'unchecked' });
    expect(st.slice(2).every((s) => !s.disputed)).toBe(true);
  });

  it('decides an item only by more than half of all the weight in force; abstention and a split decide nothing', () => {
    expect(decideItem('1', votesOf(['a', 'c'], ['1'], 'pass'), validators)).toBe('valid'); // 60 of 100
    expect(decideItem('1', votesOf(['a', 'd'], ['1'], 'fail'), validators)).toBe('undecided'); // 50 of 100
    expect(decideItem('1', votesOf(['a', 'b'], ['1'], 'fail'), validators)).toBe('invalid');
    // A zero-weight voter counts for nothing.
    expect(decideItem('1', votesOf(['a', 'z', 'd'], ['1'], 'fail'), validators)).toBe('undecided');
    expect(reverifiers(validators)).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('resolveClaim and settleEpoch', () => {
  const plan = planClaim(claim('a', 300), validators, rnd('r'), RACE_DOMAINS, P);
  const bad = new Set(plan.items.slice(0, 3));
  const honestReports = reportsOf(plan, (_, i) => (bad.has(i) ? 'fail' : 'pass'));

  it('deducts penalty/n per invalid item within the budget, convicts beyond it', () => {
    const r = resolveClaim(plan, honestReports, votesOf(['b', 'c', 'd'], [...bad], 'fail'), validators, P);
    expect(r).toMatchObject({ status: 'accepted', invalid: 3, disputed: 3, agreed: 147 });
    expect(r.weight).toBe(acceptedValue(300n, 150, 3, 2n));
    expect(r.weight).toBe(288n); // 300 · (150 − 6) / 150
    const many = new Set(plan.items.slice(0, noiseBudget(150, P) + 1));
    const r2 = resolveClaim(
      plan,
      reportsOf(plan, (_, i) => (many.has(i) ? 'fail' : 'pass')),
      votesOf(['b', 'c', 'd'], [...many], 'fail'),
      validators,
      P,
    );
    expect(r2).toMatchObject({ status: 'forgery', weight: 0n });
    const v = settleEpoch(4n, [r2], P);
    expect(v.convictions).toEqual([
      { participant: 'a', epoch: 4n, kind: 'forgery', wrong: many.size, of: 150, exclusionEpochs: 7n },
    ]);
    expect(v.weights.get('a')).toBe(0n);
    expect(isExcluded(v.convictions[0]!, 4n)).toBe(false);
    expect(isExcluded(v.convictions[0]!, 5n)).toBe(true);
    expect(isExcluded(v.convictions[0]!, 11n)).toBe(true);
    expect(isExcluded(v.convictions[0]!, 12n)).toBe(false);
  });

  it('without a majority on a disputed item convicts nobody and grants at most the previous, undisputed weight', () => {
    // Only b (30 %) votes: nothing is decided.
    const r = resolveClaim(plan, honestReports, votesOf(['b'], [...bad], 'fail'), validators, P);
    expect(r).toMatchObject({ status: 'unresolved', undecided: 3 });
    expect(r.weight).toBe(40n); // min(weight in force 40, 300 · 147/150 = 294)
    expect(settleEpoch(1n, [r], P).convictions).toEqual([]);
    const small = resolveClaim(
      plan,
      reportsOf(plan, () => 'fail'),
      votesOf(['b'], plan.items, 'fail'),
      validators,
      P,
    );
    expect(small.weight).toBe(0n); // nothing undisputed
  });

  it('convicts a checker whose results the majority contradicted beyond its budget, not one within it', () => {
    const liar = plan.checkers[0]![0]!;
    const lies = reportsOf(plan, (c) => (c === liar ? 'fail' : 'pass'));
    const disputed = itemStatuses(plan, lies)
      .filter((s) => s.disputed)
      .map((s) => s.item);
    const r = resolveClaim(plan, lies, votesOf(['a', 'b', 'c', 'd'], disputed, 'pass'), validators, P);
    expect(r.status).toBe('accepted');
    expect(r.weight).toBe(300n);
    const n = r.checks.get(liar)!.results;
    expect(r.checks.get(liar)!.wrong).toBe(disputed.length);
    const v = settleEpoch(1n, [r], P);
    expect(disputed.length > noiseBudget(n, P)).toBe(true);
    expect(v.convictions.map((c) => [c.participant, c.kind])).toEqual([[liar, 'false-validation']]);
    // One noise fail is within budget.
    const once = reportsOf(plan, (c, i) => (c === liar && i === disputed[0] ? 'fail' : 'pass'));
    const r1 = resolveClaim(plan, once, votesOf(['a', 'b', 'c', 'd'], [disputed[0]!], 'pass'), validators, P);
    expect(settleEpoch(1n, [r1], P).convictions).toEqual([]);
  });

  it('convicts re-verifiers who voted against the majority beyond budget', () => {
    const disputed = [...bad];
    const votes = new Map([...votesOf(['b', 'c', 'd'], disputed, 'fail'), ...votesOf(['a'], disputed, 'pass')]);
    const r = resolveClaim(plan, honestReports, votes, validators, P);
    expect(r.votes.get('a')).toEqual({ results: 3, wrong: 3 });
    // 3 wrong of 3: the budget for 3 results at 0.1 % / 1e-6 is 2.
    expect(settleEpoch(1n, [r], P).convictions.map((c) => [c.participant, c.kind])).toEqual([
      ['a', 'false-reverification'],
    ]);
  });

  it('records missed checks and votes as duties missed, not as convictions', () => {
    const silent = plan.checkers[0]![0]!;
    const reports = reportsOf(plan, (c, i) => (c === silent && i === plan.items[0] ? undefined : 'pass'));
    const r = resolveClaim(plan, reports, votesOf(['a', 'b', 'c'], [plan.items[0]!], 'pass'), validators, P);
    expect(r.status).toBe('accepted');
    expect(r.missed.get(silent)).toBeGreaterThanOrEqual(1);
    expect(r.missed.get('d')).toBe(1);
    expect(settleEpoch(1n, [r], P).convictions).toEqual([]);
  });

  it('with no usable randomness, keeps everyone at min(weight in force, claim) and convicts nobody', () => {
    const v = unresolvedWithoutRandomness(2n, [claim('a', 300), claim('d', 5), claim('new', 9)], validators);
    expect([...v.weights]).toEqual([
      ['a', 40n],
      ['d', 5n],
      ['new', 0n],
    ]);
    expect(v.convictions).toEqual([]);
  });
});

describe('reputation and params', () => {
  it('reputation counts accepted epochs since the last conviction', () => {
    expect(nextReputation(4n, 'accepted')).toBe(5n);
    expect(nextReputation(4n, 'convicted')).toBe(0n);
    expect(nextReputation(4n, 'unresolved')).toBe(4n);
    expect(nextReputation(4n, 'absent')).toBe(4n);
  });

  it('validates every field and budgets noise per block of 4096 results', () => {
    expect(validateDisputeParams(P)).toEqual(P);
    expect(() => validateDisputeParams({ ...P, checkersPerItem: 1 })).toThrow(/checkers_per_item/);
    expect(() => validateDisputeParams({ ...P, sampleSize: 0 })).toThrow(/sample_size/);
    expect(() => validateDisputeParams({ ...P, invalidPenalty: 0n })).toThrow(/invalid_penalty/);
    expect(() => validateDisputeParams({ ...P, exclusionEpochs: -1n })).toThrow(/exclusion_epochs/);
    expect(noiseBudget(150, P)).toBe(4);
    expect(noiseBudget(0, P)).toBe(0);
    expect(noiseBudget(8192, P)).toBe(2 * noiseBudget(4096, P));
    expect(() => noiseBudget(-1, P)).toThrow(/count/);
  });
});
