import fc from 'fast-check';
import { CORE_INCENTIVE, TOTAL_SUPPLY } from '../../../modules/issuance/supply.js';
import { IssuanceTraffic } from './random-traffic.js';

describe('issuance under random traffic (bare keepers)', () => {
  it('keeps the cap, the pot backing and the bank balance sum after every operation', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const r = new IssuanceTraffic(seed).run(200);
        expect(r.coreMinted).toBeLessThanOrEqual(CORE_INCENTIVE);
        expect(r.supply).toBeLessThanOrEqual(TOTAL_SUPPLY);
      }),
      { numRuns: 20 },
    );
  });

  it('traffic that exhausts the 12 phases reaches exactly 600 M, and then nothing more is minted', () => {
    const sim = new IssuanceTraffic(7);
    sim.exhaust();
    const r = sim.run(0);
    expect(r.coreMinted).toBe(CORE_INCENTIVE);
    const after = sim.run(2_000);
    expect(after.coreMinted).toBe(CORE_INCENTIVE);
    expect(after.supply).toBeLessThanOrEqual(r.supply);
  });
});
