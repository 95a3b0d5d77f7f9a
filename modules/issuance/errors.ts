import { SdkError } from '../../chain/types/errors.js';

const issuance = (code: number, description: string) => new SdkError('issuance', code, description);

export const IssuanceErrors = {
  InvalidAmount: issuance(2, 'invalid issuance amount'),
  InvalidParams: issuance(3, 'invalid issuance params'),
  InvalidState: issuance(4, 'invalid issuance state'),
  InsufficientReserves: issuance(5, 'insufficient liquidity pool reserves'),
  TrainingShareLocked: issuance(6, 'training share locked until after year 5'),
  Unauthorized: issuance(7, 'unauthorized'),
} as const;

/** Every amount entering the issuance arithmetic is a non-negative integer number of nicoin. */
export function requireNonNegative(what: string, amount: bigint): void {
  if (amount < 0n) throw IssuanceErrors.InvalidAmount.wrap(`${what} must not be negative, got ${amount}`);
}
