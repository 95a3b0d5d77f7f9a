/** Exact nicoin arithmetic of one request: what is escrowed at start and how it splits at finish. */

export interface LockedPrices {
  pricePerInputToken: bigint;
  pricePerOutputToken: bigint;
  requestFee: bigint;
}

/** The maximum cost: prompt and the whole output budget at the locked prices, plus the per-request fee. */
export function maxCost(promptTokens: bigint, maxOutputTokens: bigint, p: LockedPrices): bigint {
  return promptTokens * p.pricePerInputToken + maxOutputTokens * p.pricePerOutputToken + p.requestFee;
}

export type Outcome = 'finished' | 'exhausted' | 'disputed';

export interface Settlement {
  outcome: Outcome;
  /** Charged to the requester (out of the escrow). */
  cost: bigint;
  refund: bigint;
  /** The executor's pay, held as a pending reward. */
  executorPay: bigint;
  /** The relay's reimbursement for the gas of start and finish. */
  relayFee: bigint;
}

export interface Usage {
  promptTokens: bigint;
  completionTokens: bigint;
  /** Tokens the relay counted while streaming to the developer. */
  deliveredTokens: bigint;
}

/**
 * A finish's money. The relay's count must equal the executor's completion tokens, else the request is disputed: the
 * escrow goes back in full and nobody is paid (the verification issue decides who lied). A request that reached its
 * output budget or its maximum cost is charged in full and not refunded (paper, "Transaction cost management").
 * cost + refund = escrow and executorPay + relayFee = cost always.
 */
export function settle(escrow: bigint, maxOutputTokens: bigint, u: Usage, p: LockedPrices): Settlement {
  if (u.deliveredTokens !== u.completionTokens)
    return { outcome: 'disputed', cost: 0n, refund: escrow, executorPay: 0n, relayFee: 0n };
  const cap = escrow - p.requestFee;
  const work = u.promptTokens * p.pricePerInputToken + u.completionTokens * p.pricePerOutputToken;
  if (u.completionTokens >= maxOutputTokens || work >= cap)
    return { outcome: 'exhausted', cost: escrow, refund: 0n, executorPay: cap, relayFee: p.requestFee };
  return {
    outcome: 'finished',
    cost: work + p.requestFee,
    refund: cap - work,
    executorPay: work,
    relayFee: p.requestFee,
  };
}
