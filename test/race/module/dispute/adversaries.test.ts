/**
 * The dispute machine against adversaries, through the real code (test/race/module/dispute/harness.ts). Every run is
 * deterministic (fixed seeds); each statistical claim below states the probability that a correct machine would fail
 * it for random seeds, computed exactly from binomial/hypergeometric tails (forgingOutcome, binomialUpperTail) and
 * asserted ≤ 1e-4 inside the test.
 */
import { describe, expect, it } from '@jest/globals';
import { sha256 } from '@noble/hashes/sha2.js';
import { forgingOutcome, toNumber } from '../../../../race/module/dispute/forging-gain.js';
import { DEFAULT_DISPUTE_PARAMS, noiseBudget } from '../../../../race/module/dispute/params.js';
import { planClaim } from '../../../../race/module/dispute/plan.js';
import { acceptedValue } from '../../../../race/module/dispute/resolve.js';
import { sampleNonces, SeededDraw } from '../../../../race/module/draw.js';
import { EpochRandomness } from '../../../../race/module/randomness/chain-randomness.js';
import {
  binomialLowerTail,
  binomialUpperTail,
  itemsOf,
  RACE_DOMAINS,
  simulate,
  type EpochLog,
  type SimParty,
} from './harness.js';

const P = DEFAULT_DISPUTE_PARAMS;
const NOISE_PPM = 100; // actual honest noise 0.01 %; the budget assumes 0.1 % (mismatch_rate_ppm), as it should
const party = (address: string, role: SimParty['role'], real: number, forged = 0): SimParty => ({
  address,
  role,
  real,
  forged,
});
const many = (n: number, prefix: string, role: SimParty['role'], real: number, forged = 0) =>
  Array.from({ length: n }, (_, i) => party(`${prefix}${String(i).padStart(2, '0')}`, role, real, forged));

/** P[some honest checker exceeds its noise budget] over the run: Σ over honest checker-epochs of P[Bin(n, noise) > budget(n)]. */
function honestNoiseRisk(logs: readonly EpochLog[], honest: ReadonlySet<string>): number {
  let risk = 0;
  for (const log of logs) {
    const results = new Map<string, number>();
    for (const r of log.resolutions)
      for (const [who, t] of r.checks) if (honest.has(who)) results.set(who, (results.get(who) ?? 0) + t.results);
    for (const n of results.values()) risk += binomialUpperTail(n, NOISE_PPM / 1e6, noiseBudget(n, P));
  }
  return risk;
}

describe('a colluding coalition (30 % and 45 % of the weight)', () => {
  // 30 %: 14 honest × 500 real; coalition 2 validators × 750 + 3 Sybils × 500 real claiming 1000 (half forged).
  // 45 %: 11 honest × 500 real; coalition 3 validators × 1000 + 3 Sybils × 500 real claiming 1000.
  const populations = {
    '30 %': [...many(14, 'h', 'honest', 500), ...many(2, 'c', 'coalition', 750), ...many(3, 's', 'sybil', 500, 500)],
    '45 %': [...many(11, 'h', 'honest', 500), ...many(3, 'c', 'coalition', 1000), ...many(3, 's', 'sybil', 500, 500)],
  };
  const modes = {
    "falsely accepts its Sybils' forged nonces": { acceptOwn: true, rejectOthers: false },
    'falsely rejects honest participants': { acceptOwn: false, rejectOthers: true },
    'does both at once': { acceptOwn: true, rejectOthers: true },
  };
  const SEEDS = 10;
  const EPOCHS = 3;

  for (const [share, parties] of Object.entries(populations)) {
    for (const [what, lie] of Object.entries(modes)) {
      it(`${share}: ${what} — ends with no more weight than its real work, honest participants lose none (${SEEDS} seeds × ${EPOCHS} epochs)`, () => {
        const honest = new Set(parties.filter((p) => p.role === 'honest').map((p) => p.address));
        const coalition = parties.filter((p) => p.role !== 'honest');
        const coalitionReal = coalition.reduce((s, p) => s + BigInt(p.real), 0n);
        const total = parties.reduce((s, p) => s + BigInt(p.real), 0n);
        // A sampled forged item escapes only if both its checkers are the coalition's: ≤ c² (drawn without
        // replacement, claimant excluded), c = the coalition's share in force, which never exceeds its epoch-0 share
        // (asserted below: it never earns more than its real work, honest participants earn exactly theirs).
        const cover = { num: coalitionReal * coalitionReal, den: total * total };
        const conv = forgingOutcome(500n, 500n, P, cover).conviction;
        const sybilEscape = toNumber({ num: conv.den - conv.num, den: conv.den }); // < 1e-18
        let risk = 0;
        for (let s = 0; s < SEEDS; s++) {
          const logs = simulate(parties, {
            seed: `coalition/${share}/${what}/${s}`,
            epochs: EPOCHS,
            params: P,
            lie,
            noisePpm: NOISE_PPM,
          });
          risk += honestNoiseRisk(logs, honest);
          for (const log of logs) {
            const w = log.verdict.weights;
            for (const h of honest) expect(w.get(h)).toBe(500n);
            expect(log.verdict.convictions.every((c) => !honest.has(c.participant))).toBe(true);
            expect(coalition.reduce((sum, p) => sum + (w.get(p.address) ?? 0n), 0n)).toBeLessThanOrEqual(coalitionReal);
            for (const r of log.resolutions) {
              if (r.claimant.startsWith('s')) {
                risk += sybilEscape;
                expect(r.status).toBe('forgery');
              }
              expect(r.status).not.toBe('unresolved');
            }
            if (lie.rejectOthers) {
              // Every coalition checker that failed honest items (beyond an honest checker's noise) was contradicted by the majority and convicted.
              const liars = new Set(
                log.resolutions
                  .filter((r) => honest.has(r.claimant))
                  .flatMap((r) =>
                    [...r.checks].filter(([who, t]) => !honest.has(who) && t.wrong > 0).map(([who]) => who),
                  ),
              );
              for (const l of liars)
                expect(log.verdict.convictions.some((c) => c.participant === l && c.kind === 'false-validation')).toBe(
                  true,
                );
            }
          }
          // Convicted coalition members sit out the following epochs: their weight stays 0.
          const convicted = new Set(logs[0]!.verdict.convictions.map((c) => c.participant));
          for (const who of convicted) expect(logs[EPOCHS - 1]!.verdict.weights.get(who) ?? 0n).toBe(0n);
        }
        expect(risk).toBeLessThan(1e-4);
      });
    }
  }
});

describe('a coalition that lies only within its noise budget', () => {
  it('45 %: escapes conviction but changes no outcome, and costs at most budget × validators re-runs per liar', () => {
    const parties = [
      ...many(11, 'h', 'honest', 500),
      ...many(3, 'c', 'coalition', 1000),
      ...many(3, 's', 'sybil', 500, 0),
    ];
    const honest = new Set(parties.filter((p) => p.role === 'honest').map((p) => p.address));
    const budget = noiseBudget(100, P); // each liar checks well over 100 items per epoch here; asserted below
    let risk = 0;
    for (let s = 0; s < 5; s++) {
      const logs = simulate(parties, {
        seed: `quiet/${s}`,
        epochs: 2,
        params: P,
        lie: { acceptOwn: true, rejectOthers: true, maxRejectsPerEpoch: budget },
        noisePpm: NOISE_PPM,
      });
      risk += honestNoiseRisk(logs, honest);
      for (const log of logs) {
        for (const h of honest) expect(log.verdict.weights.get(h)).toBe(500n);
        for (const p of parties.filter((x) => x.role !== 'honest'))
          expect(log.verdict.weights.get(p.address)).toBe(BigInt(p.real));
        expect(log.verdict.convictions).toEqual([]);
        const checked = new Map<string, number>();
        for (const r of log.resolutions)
          for (const [who, t] of r.checks) checked.set(who, (checked.get(who) ?? 0) + t.results);
        for (const c of ['c00', 'c01', 'c02']) expect(checked.get(c)).toBeGreaterThanOrEqual(100);
        // Disputes: the liars' ≤ budget each, plus honest noise (0.01 % of ~5000 checks).
        const disputed = log.resolutions.reduce((n, r) => n + r.disputed, 0);
        expect(disputed).toBeLessThanOrEqual(6 * budget + 10);
        // P[more than 10 noise fails among at most 17 claims × 300 checks at 1e-4 each]:
        risk += binomialUpperTail(17 * 300, NOISE_PPM / 1e6, 10);
      }
    }
    expect(risk).toBeLessThan(1e-4);
  });
});

describe('a lone partial forger', () => {
  // 6 honest × 1000; the forger claims 1000 nonces of which 10, 30 or 100 (1 %, 3 %, 10 %) it never computed.
  const SEEDS = 100;
  for (const forged of [10, 30, 100]) {
    it(`forging ${forged / 10} %: every sampled forged nonce is decided invalid, the weight follows the rule, convictions match the exact rate (${SEEDS} seeds)`, () => {
      const parties = [...many(6, 'h', 'honest', 1000), party('forger', 'forger', 1000 - forged, forged)];
      const honest = new Set(parties.filter((p) => p.role === 'honest').map((p) => p.address));
      const budget = noiseBudget(P.sampleSize, P);
      let convictions = 0;
      let risk = 0;
      for (let s = 0; s < SEEDS; s++) {
        const logs = simulate(parties, {
          seed: `forger/${forged}/${s}`,
          epochs: 1,
          params: P,
          lie: { acceptOwn: false, rejectOthers: false },
          noisePpm: NOISE_PPM,
        });
        risk += honestNoiseRisk(logs, honest);
        const log = logs[0]!;
        const plan = log.plans.find((p) => p.claim.claimant === 'forger')!;
        const r = log.resolutions.find((x) => x.claimant === 'forger')!;
        const sampledForged = plan.items.filter((i) => i.startsWith('f')).length;
        expect(r.invalid).toBe(sampledForged);
        expect(r.status).toBe(sampledForged > budget ? 'forgery' : 'accepted');
        expect(log.verdict.weights.get('forger')).toBe(
          r.status === 'forgery' ? 0n : acceptedValue(1000n, P.sampleSize, sampledForged, P.invalidPenalty),
        );
        if (r.status === 'forgery') convictions++;
        for (const h of honest) expect(log.verdict.weights.get(h)).toBe(1000n);
      }
      // convictions ~ Bin(SEEDS, π) with π exact; the window [lo, hi] leaves ≤ 2e-5 in each tail.
      const pi = toNumber(forgingOutcome(BigInt(1000 - forged), BigInt(forged), P).conviction);
      let lo = 0;
      while (binomialLowerTail(SEEDS, pi, lo + 1) <= 2e-5) lo++;
      let hi = SEEDS;
      while (hi > 0 && binomialUpperTail(SEEDS, pi, hi - 1) <= 2e-5) hi--;
      expect(convictions).toBeGreaterThanOrEqual(lo);
      expect(convictions).toBeLessThanOrEqual(hi);
      expect(risk + 4e-5).toBeLessThan(1e-4);
      // And the forger loses in expectation (exactly, not by luck): see forging-gain.test.ts for every fraction.
      expect(forgingOutcome(BigInt(1000 - forged), BigInt(forged), P).gain.num < 0n).toBe(true);
    });
  }
});

describe('a grinding proposer', () => {
  const parties = [...many(10, 'h', 'honest', 1000), party('s00', 'sybil', 500, 500)];
  const inForce = parties.map((p) => ({ address: p.address, weight: BigInt(p.real) }));
  const claim = { id: new TextEncoder().encode('s00'), claimant: 's00', items: itemsOf(parties[10]!), value: 1000n };
  const seed = sha256(new TextEncoder().encode('epoch seed'));

  it('could have picked a block hash whose old-style sample missed the forged nonces, but cannot move the beacon-drawn one', () => {
    // Today's rule: sample = f(seed, block hash, participant), and the race's last proposer picks the block hash. With
    // half the nonces forged and 16 sampled, a hash that samples none of them turns up about once in 2^16 tries; a
    // proposer grinds thousands per second. Shown here with a smaller forgery: 5 % forged, sample 16.
    const small = {
      ...claim,
      items: [...Array.from({ length: 950 }, (_, i) => `r${i}`), ...Array.from({ length: 50 }, (_, i) => `f${i}`)],
    };
    const index = small.items.map((_, i) => BigInt(i));
    let found = -1;
    for (let h = 0; h < 256 && found < 0; h++) {
      const blockHash = sha256(Uint8Array.of(h));
      const picked = sampleNonces(index, 16, SeededDraw.from('race/v1/sample', seed, blockHash, claim.id));
      if (picked.every((i) => small.items[Number(i)]!.startsWith('r'))) found = h;
    }
    // P[one hash misses all 50 forged] = C(950,16)/C(1000,16) ≈ 0.44; P[none of 256 does] < 1e-60.
    expect(found).toBeGreaterThanOrEqual(0);
    // The dispute plan takes the beacon output only: whatever block the proposer makes, the plan is the same.
    const rnd = EpochRandomness.of({ output: seed, fallback: false }, 5n)!;
    const a = planClaim(claim, inForce, rnd, RACE_DOMAINS, P);
    const b = planClaim(
      claim,
      inForce,
      EpochRandomness.of({ output: Uint8Array.from(seed), fallback: false }, 5n)!,
      RACE_DOMAINS,
      P,
    );
    expect(b).toEqual(a);
  });

  it('gains nothing by making the beacon fall back: no sample, no conviction, and no weight beyond what it had', () => {
    // The grindable fallback output is refused; the epoch settles by the no-randomness rule.
    const logs = simulate(parties, {
      seed: 'grind',
      epochs: 2,
      params: P,
      lie: { acceptOwn: true, rejectOthers: true },
      noisePpm: 0,
      fallbackEpochs: new Set([0]),
    });
    const fallback = logs[0]!.verdict;
    expect(fallback.convictions).toEqual([]);
    expect(fallback.weights.get('s00')).toBe(500n); // its weight in force, not its 1000-nonce claim
    for (let i = 0; i < 10; i++) expect(fallback.weights.get(`h0${i}`)).toBe(1000n);
    // The next epoch has a beacon again: the Sybil is sampled and convicted.
    expect(logs[1]!.verdict.convictions.some((c) => c.participant === 's00' && c.kind === 'forgery')).toBe(true);
    // P[a half-forged claim escapes with honest checkers] = P[≤ 5 forged in a sample of 150 of 1000, half forged] < 1e-30.
    expect(toNumber(forgingOutcome(500n, 500n, P).conviction)).toBeGreaterThan(1 - 1e-12);
  });
});
