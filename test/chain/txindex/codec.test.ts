import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { FinalizeBlockResponse } from '../../../chain/abci.js';
import {
  BinReader,
  BinWriter,
  CodecError,
  decodeFinalizeBlockResponse,
  encodeFinalizeBlockResponse,
} from '../../../chain/txindex/codec.js';

const int64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
const str = fc.string({ unit: 'grapheme', maxLength: 12 });
const events = fc.array(
  fc.record({
    type: str,
    attributes: fc.array(fc.record({ key: str, value: str, index: fc.boolean() }), { maxLength: 3 }),
  }),
  { maxLength: 3 },
);
const txResult = fc.record({
  code: fc.nat({ max: 0xffffffff }),
  codespace: str,
  log: str,
  info: str,
  data: fc.uint8Array({ maxLength: 20 }),
  gasWanted: int64,
  gasUsed: int64,
  events,
});
const response = fc.record({
  events,
  txResults: fc.array(txResult, { maxLength: 3 }),
  validatorUpdates: fc.array(fc.record({ pubKey: fc.uint8Array({ maxLength: 33 }), power: int64 }), { maxLength: 2 }),
  appHash: fc.uint8Array({ maxLength: 32 }),
});

describe('codec', () => {
  it('round-trips any FinalizeBlock response exactly and deterministically', () => {
    fc.assert(
      fc.property(response, (r: FinalizeBlockResponse) => {
        const bytes = encodeFinalizeBlockResponse(r);
        expect(decodeFinalizeBlockResponse(bytes)).toEqual(r);
        expect(encodeFinalizeBlockResponse(decodeFinalizeBlockResponse(bytes))).toEqual(bytes);
      }),
      { numRuns: 200 },
    );
  });

  it('never crashes on truncated or random bytes: it decodes or throws CodecError', () => {
    fc.assert(
      fc.property(response, fc.nat(), fc.uint8Array({ maxLength: 64 }), (r, cut, junk) => {
        const bytes = encodeFinalizeBlockResponse(r);
        for (const input of [bytes.subarray(0, cut % (bytes.length + 1)), junk, Uint8Array.of(1, ...junk)]) {
          try {
            decodeFinalizeBlockResponse(input);
          } catch (e) {
            expect(e).toBeInstanceOf(CodecError);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses values it cannot store exactly', () => {
    expect(() => new BinWriter().int64(1n << 63n)).toThrow(CodecError);
    expect(() => new BinWriter().u32(-1)).toThrow(CodecError);
    expect(() => new BinReader(Uint8Array.of(0, 0, 0, 1, 0xff)).string()).toThrow(/invalid UTF-8/);
    expect(() => new BinReader(Uint8Array.of(0xff, 0xff, 0xff, 0xff)).count(1)).toThrow(/implausible count/);
  });
});
