import { describe, expect, it } from '@jest/globals';
import {
  BasicGasMeter,
  DEFAULT_AUTH_PARAMS,
  InfiniteGasMeter,
  KVGasConfig,
  MAX_UINT64,
  SIG_VERIFY_COST_SECP256K1,
  TX_SIZE_COST_PER_BYTE,
} from '../../../chain/tx/gas.js';
import { SdkError } from '../../../chain/types/errors.js';

function thrown(fn: () => void): SdkError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SdkError);
    return err as SdkError;
  }
  throw new Error('expected an error');
}

describe('BasicGasMeter', () => {
  it('consumes up to the limit exactly', () => {
    const m = new BasicGasMeter(1000n);
    m.consume(400n, 'a');
    m.consume(600n, 'b');
    expect(m.consumed()).toBe(1000n);
    expect(m.remaining()).toBe(0n);
    expect(m.isOutOfGas()).toBe(true);
    expect(m.isPastLimit()).toBe(false);
  });

  it('fails past the limit with code 11 and the SDK text, recording what was consumed', () => {
    const m = new BasicGasMeter(1000n);
    m.consume(900n, 'WriteFlat');
    const err = thrown(() => m.consume(200n, 'ReadPerByte'));
    expect(err.code).toBe(11);
    expect(err.message).toBe('out of gas in location: ReadPerByte; gasWanted: 1000, gasUsed: 1100: out of gas');
    expect(m.consumed()).toBe(1100n);
    expect(m.consumedToLimit()).toBe(1000n);
    expect(m.isPastLimit()).toBe(true);
  });

  it('refunds, but never below zero', () => {
    const m = new BasicGasMeter(100n);
    m.consume(50n, 'x');
    m.refund(20n, 'x');
    expect(m.consumed()).toBe(30n);
    expect(thrown(() => m.refund(31n, 'x')).code).toBe(35);
  });

  it('rejects negative or out-of-range amounts instead of corrupting the count', () => {
    const m = new BasicGasMeter(100n);
    expect(thrown(() => m.consume(-1n, 'x')).code).toBe(35);
    expect(thrown(() => m.consume(MAX_UINT64 + 1n, 'x')).code).toBe(35);
    expect(m.consumed()).toBe(0n);
  });
});

describe('InfiniteGasMeter', () => {
  it('never runs out but still counts, and reports the uint64 maximum as its limit', () => {
    const m = new InfiniteGasMeter();
    m.consume(10n ** 18n, 'big');
    expect(m.consumed()).toBe(10n ** 18n);
    expect(m.limit()).toBe(MAX_UINT64);
    expect(m.isOutOfGas()).toBe(false);
  });

  it('fails on uint64 overflow instead of wrapping', () => {
    const m = new InfiniteGasMeter();
    m.consume(MAX_UINT64 - 1n, 'a');
    const err = thrown(() => m.consume(2n, 'b'));
    expect(err.code).toBe(11);
    expect(err.message).toMatch(/gas overflow in location: b/);
    expect(m.consumed()).toBe(MAX_UINT64);
  });
});

describe('SDK gas constants', () => {
  it('match KVGasConfig and the auth defaults', () => {
    expect(KVGasConfig).toEqual({
      HasCost: 1000n,
      DeleteCost: 1000n,
      ReadCostFlat: 1000n,
      ReadCostPerByte: 3n,
      WriteCostFlat: 2000n,
      WriteCostPerByte: 30n,
      IterNextCostFlat: 30n,
    });
    expect(DEFAULT_AUTH_PARAMS).toEqual({
      maxMemoCharacters: 256n,
      txSigLimit: 7n,
      txSizeCostPerByte: 10n,
      sigVerifyCostEd25519: 590n,
      sigVerifyCostSecp256k1: 1000n,
    });
    expect(TX_SIZE_COST_PER_BYTE).toBe(10n);
    expect(SIG_VERIFY_COST_SECP256K1).toBe(1000n);
  });
});
