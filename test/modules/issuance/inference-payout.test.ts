import { describe, expect, it } from '@jest/globals';
import { PAPER_PAYOUT_PARAMS, payInference } from '../../../modules/issuance/inference-payout.js';
import { CORE_INCENTIVE, PHASE_SIZE, icons } from '../../../modules/issuance/supply.js';

describe('payInference: one paid request', () => {
  it('in phase 1 (guarded) mints nothing and sends 20 % of the fee to the training fund', () => {
    expect(payInference(0n, icons(10n), PAPER_PAYOUT_PARAMS)).toEqual({
      coreMinted: 0n,
      subsidy: 0n,
      segments: [],
      trainingFund: icons(2n),
      providers: icons(8n),
    });
  });

  it('from phase 2 on mints the per-request subsidy and takes 20 % of fee + subsidy', () => {
    // Phase 2: 18/7 per coin; 7 icon of fee mint 18 icon; gross 25, training 5, providers 20.
    const r = payInference(PHASE_SIZE, icons(7n), PAPER_PAYOUT_PARAMS);
    expect(r).toEqual({
      coreMinted: PHASE_SIZE + icons(18n),
      subsidy: icons(18n),
      segments: [{ phase: 2, fee: icons(7n), subsidy: icons(18n) }],
      trainingFund: icons(5n),
      providers: icons(20n),
    });
  });

  it('without a guard pays the paper as written in phase 1 (X in, 10X out before the training share)', () => {
    const r = payInference(0n, icons(1n), { ...PAPER_PAYOUT_PARAMS, guardWeight: { num: 0n, den: 1n } });
    expect(r.subsidy).toBe(icons(9n));
    expect(r.trainingFund + r.providers).toBe(icons(10n));
  });

  it('after phase 12 mints nothing; still splits the fee', () => {
    expect(payInference(CORE_INCENTIVE, 10n, PAPER_PAYOUT_PARAMS)).toEqual({
      coreMinted: CORE_INCENTIVE,
      subsidy: 0n,
      segments: [],
      trainingFund: 2n,
      providers: 8n,
    });
  });

  it('refuses a negative fee or an impossible state', () => {
    expect(() => payInference(0n, -1n, PAPER_PAYOUT_PARAMS)).toThrow(/fee must not be negative/);
    expect(() => payInference(CORE_INCENTIVE + 1n, 1n, PAPER_PAYOUT_PARAMS)).toThrow(
      /core incentive minted must be within/,
    );
  });
});

describe('payout params', () => {
  it('refuses a guard weight outside [0, 1] or a bad training share', () => {
    expect(() => payInference(0n, 1n, { ...PAPER_PAYOUT_PARAMS, guardWeight: { num: 2n, den: 1n } })).toThrow(
      /guard weight must be a fraction within/,
    );
    expect(() => payInference(0n, 1n, { ...PAPER_PAYOUT_PARAMS, guardWeight: { num: 1n, den: 0n } })).toThrow(
      /guard weight must be a fraction within/,
    );
    expect(() => payInference(0n, 1n, { ...PAPER_PAYOUT_PARAMS, trainingShareBps: 20_000n })).toThrow(
      /training share must be within/,
    );
  });
});
