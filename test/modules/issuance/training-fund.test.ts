import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { feeToExhaustPhase } from '../../../modules/issuance/fee-subsidy.js';
import { PAPER_TRAINING_SHARE_BPS, splitTrainingFund } from '../../../modules/issuance/training-fund.js';
import { NICOIN_PER_ICON, PHASE_SIZE, icons } from '../../../modules/issuance/supply.js';
import { formatFixed, loadPhaseTable } from './vector.js';

describe('training fund: 20 % of inference revenue (appendix K)', () => {
  it('takes floor(20 %) of fee + subsidy; the providers keep the rest', () => {
    expect(splitTrainingFund(icons(10n), PAPER_TRAINING_SHARE_BPS)).toEqual({
      trainingFund: icons(2n),
      providers: icons(8n),
    });
    expect(splitTrainingFund(9n, PAPER_TRAINING_SHARE_BPS)).toEqual({ trainingFund: 1n, providers: 8n });
    expect(splitTrainingFund(0n, PAPER_TRAINING_SHARE_BPS)).toEqual({ trainingFund: 0n, providers: 0n });
  });

  it('refuses a share outside 0–100 % or negative revenue', () => {
    expect(() => splitTrainingFund(1n, 10_001n)).toThrow(/training share must be within/);
    expect(() => splitTrainingFund(1n, -1n)).toThrow(/training share must be within/);
    expect(() => splitTrainingFund(-1n, 2000n)).toThrow(/must not be negative/);
  });

  it('never creates or loses a nicoin', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.bigInt({ min: 0n, max: 10_000n }), (gross, bps) => {
        const { trainingFund, providers } = splitTrainingFund(gross, bps);
        expect(trainingFund + providers).toBe(gross);
        expect(trainingFund * 10_000n <= gross * bps).toBe(true);
        expect((trainingFund + 1n) * 10_000n > gross * bps).toBe(true);
      }),
    );
  });

  // The vector's "total paid to hardware providers" is the gross, before the training share.
  it.each(loadPhaseTable())(
    'phase $phase: gross matches the vector; net is 80 % of it (exactly, and within a coin of 80 % of the paper)',
    (row) => {
      const gross = PHASE_SIZE + feeToExhaustPhase(row.phase);
      expect(formatFixed(gross, NICOIN_PER_ICON, 2)).toBe(row.totalToProvidersCoins);
      expect(formatFixed(gross, NICOIN_PER_ICON, 0)).toBe(row.paperTotal);
      const { trainingFund, providers } = splitTrainingFund(gross, PAPER_TRAINING_SHARE_BPS);
      expect(providers * 5n >= gross * 4n && providers * 5n < gross * 4n + 5n).toBe(true);
      expect(trainingFund + providers).toBe(gross);
      const paperNet = (BigInt(row.paperTotal) * 4n * NICOIN_PER_ICON) / 5n;
      const diff = providers > paperNet ? providers - paperNet : paperNet - providers;
      expect(diff <= NICOIN_PER_ICON).toBe(true);
    },
  );

  it('phase 1 in figures: gross 55,555,555.56, net 44,444,444.44, training fund 11,111,111.11', () => {
    const gross = PHASE_SIZE + feeToExhaustPhase(1);
    const { trainingFund, providers } = splitTrainingFund(gross, PAPER_TRAINING_SHARE_BPS);
    expect(formatFixed(gross, NICOIN_PER_ICON, 2)).toBe('55555555.56');
    expect(formatFixed(providers, NICOIN_PER_ICON, 2)).toBe('44444444.44');
    expect(formatFixed(trainingFund, NICOIN_PER_ICON, 2)).toBe('11111111.11');
  });
});
