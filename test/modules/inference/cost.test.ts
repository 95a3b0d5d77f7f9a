import { maxCost, settle } from '../../../modules/inference/cost.js';

const prices = { pricePerInputToken: 1000n, pricePerOutputToken: 2000n, requestFee: 700n };

describe('inference cost', () => {
  it('escrows prompt and the whole output budget at the locked prices plus the request fee', () => {
    expect(maxCost(10n, 50n, prices)).toBe(10n * 1000n + 50n * 2000n + 700n);
  });

  it('charges the actual usage plus the fee and refunds the rest, to the nicoin', () => {
    const escrow = maxCost(10n, 50n, prices);
    const s = settle(escrow, 50n, { promptTokens: 10n, completionTokens: 7n, deliveredTokens: 7n }, prices);
    expect(s).toEqual({
      outcome: 'finished',
      cost: 10_000n + 14_000n + 700n,
      refund: escrow - 24_700n,
      executorPay: 24_000n,
      relayFee: 700n,
    });
  });

  it('charges a request that reached its output budget or its maximum cost in full, refunding nothing', () => {
    const escrow = maxCost(10n, 50n, prices);
    for (const u of [
      { promptTokens: 10n, completionTokens: 50n },
      { promptTokens: 10n, completionTokens: 60n },
      { promptTokens: 500n, completionTokens: 1n },
    ]) {
      const s = settle(escrow, 50n, { ...u, deliveredTokens: u.completionTokens }, prices);
      expect(s).toEqual({ outcome: 'exhausted', cost: escrow, refund: 0n, executorPay: escrow - 700n, relayFee: 700n });
    }
  });

  it('disputes a finish whose usage disagrees with the relay count: full refund, nobody paid', () => {
    const escrow = maxCost(10n, 50n, prices);
    expect(settle(escrow, 50n, { promptTokens: 10n, completionTokens: 7n, deliveredTokens: 6n }, prices)).toEqual({
      outcome: 'disputed',
      cost: 0n,
      refund: escrow,
      executorPay: 0n,
      relayFee: 0n,
    });
  });

  it('always splits the escrow exactly: cost + refund = escrow, pay + fee = cost', () => {
    for (let p = 0n; p < 6n; p++) {
      for (let c = 0n; c < 8n; c++) {
        for (const d of [c, c + 1n]) {
          const escrow = maxCost(3n, 5n, prices);
          const s = settle(escrow, 5n, { promptTokens: p, completionTokens: c, deliveredTokens: d }, prices);
          expect(s.cost + s.refund).toBe(escrow);
          expect(s.executorPay + s.relayFee).toBe(s.cost);
          expect(s.refund >= 0n && s.cost >= 0n).toBe(true);
        }
      }
    }
  });
});
