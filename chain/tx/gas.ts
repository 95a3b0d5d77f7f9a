/**
 * Gas metering as the SDK's store/types gas meters: uint64 arithmetic on bigint, consumption beyond the limit is
 * recorded and then fails with the SDK's out-of-gas text, and an infinite meter for simulation, genesis and queries.
 */
import { Errors } from '../types/errors.js';

export const MAX_UINT64 = (1n << 64n) - 1n;

/** The SDK's KVGasConfig (store/types/gas.go). */
export const KVGasConfig = {
  HasCost: 1000n,
  DeleteCost: 1000n,
  ReadCostFlat: 1000n,
  ReadCostPerByte: 3n,
  WriteCostFlat: 2000n,
  WriteCostPerByte: 30n,
  IterNextCostFlat: 30n,
} as const;

/** x/auth default params (uint64 in the proto, hence bigint). */
export interface AuthParams {
  maxMemoCharacters: bigint;
  txSigLimit: bigint;
  txSizeCostPerByte: bigint;
  sigVerifyCostEd25519: bigint;
  sigVerifyCostSecp256k1: bigint;
}

export const DEFAULT_AUTH_PARAMS: Readonly<AuthParams> = Object.freeze({
  maxMemoCharacters: 256n,
  txSigLimit: 7n,
  txSizeCostPerByte: 10n,
  sigVerifyCostEd25519: 590n,
  sigVerifyCostSecp256k1: 1000n,
});

export const TX_SIZE_COST_PER_BYTE = DEFAULT_AUTH_PARAMS.txSizeCostPerByte;
export const SIG_VERIFY_COST_SECP256K1 = DEFAULT_AUTH_PARAMS.sigVerifyCostSecp256k1;

export interface GasMeter {
  /** MAX_UINT64 for an infinite meter, as in the SDK. */
  limit(): bigint;
  /** May exceed the limit after an out-of-gas failure, as the SDK reports it. */
  consumed(): bigint;
  consumedToLimit(): bigint;
  remaining(): bigint;
  isPastLimit(): boolean;
  isOutOfGas(): boolean;
  readonly infinite: boolean;
  /** Throws code 11 "out of gas in location: <descriptor>; gasWanted: <limit>, gasUsed: <used>". */
  consume(amount: bigint, descriptor: string): void;
  /** Gives gas back (the SDK's RefundGas); refunding more than was consumed is a bug and throws. */
  refund(amount: bigint, descriptor: string): void;
}

function checkAmount(amount: bigint, descriptor: string): void {
  if (typeof amount !== 'bigint' || amount < 0n || amount > MAX_UINT64) {
    throw Errors.Logic.wrap(`invalid gas amount ${String(amount)} in location: ${descriptor}`);
  }
}

abstract class MeterBase implements GasMeter {
  protected used = 0n;
  abstract readonly infinite: boolean;
  abstract limit(): bigint;
  abstract consumedToLimit(): bigint;
  abstract remaining(): bigint;
  abstract isPastLimit(): boolean;
  abstract isOutOfGas(): boolean;

  consumed(): bigint {
    return this.used;
  }

  consume(amount: bigint, descriptor: string): void {
    checkAmount(amount, descriptor);
    const next = this.used + amount;
    if (next > MAX_UINT64) {
      this.used = MAX_UINT64;
      throw Errors.OutOfGas.wrap(`gas overflow in location: ${descriptor}`);
    }
    this.used = next;
    this.afterConsume(descriptor);
  }

  refund(amount: bigint, descriptor: string): void {
    checkAmount(amount, descriptor);
    if (amount > this.used) throw Errors.Logic.wrap(`negative gas consumed in location: ${descriptor}`);
    this.used -= amount;
  }

  protected afterConsume(_descriptor: string): void {}
}

export class BasicGasMeter extends MeterBase {
  readonly infinite = false;

  constructor(private readonly gasLimit: bigint) {
    super();
    checkAmount(gasLimit, 'gas limit');
  }

  limit(): bigint {
    return this.gasLimit;
  }

  consumedToLimit(): bigint {
    return this.used > this.gasLimit ? this.gasLimit : this.used;
  }

  remaining(): bigint {
    return this.used >= this.gasLimit ? 0n : this.gasLimit - this.used;
  }

  isPastLimit(): boolean {
    return this.used > this.gasLimit;
  }

  isOutOfGas(): boolean {
    return this.used >= this.gasLimit;
  }

  protected override afterConsume(descriptor: string): void {
    if (this.used > this.gasLimit) {
      throw Errors.OutOfGas.wrap(
        `out of gas in location: ${descriptor}; gasWanted: ${this.gasLimit}, gasUsed: ${this.used}`,
      );
    }
  }
}

export class InfiniteGasMeter extends MeterBase {
  readonly infinite = true;

  limit(): bigint {
    return MAX_UINT64;
  }

  consumedToLimit(): bigint {
    return this.used;
  }

  remaining(): bigint {
    return MAX_UINT64;
  }

  isPastLimit(): boolean {
    return false;
  }

  isOutOfGas(): boolean {
    return false;
  }
}

export function newGasMeter(limit: bigint): GasMeter {
  return new BasicGasMeter(limit);
}

export function newInfiniteGasMeter(): GasMeter {
  return new InfiniteGasMeter();
}
