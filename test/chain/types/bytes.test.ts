import { describe, expect, it } from '@jest/globals';
import {
  compareBytes,
  concatBytes,
  equalBytes,
  fromBase64,
  fromHex,
  isBytes,
  toBase64,
  toHexLower,
  toHexUpper,
} from '../../../chain/types/bytes.js';

describe('chain/types/bytes', () => {
  const b = Uint8Array.from([0x00, 0xab, 0x7f, 0xff]);

  it('writes hex in the case its name says and reads either case back', () => {
    expect(toHexLower(b)).toBe('00ab7fff');
    expect(toHexUpper(b)).toBe('00AB7FFF');
    expect(fromHex('00AB7fff')).toEqual(b);
    expect(fromHex('')).toEqual(new Uint8Array(0));
  });

  it('hex-encodes only the view, not the whole underlying buffer', () => {
    const view = new Uint8Array(Uint8Array.from([1, 2, 3, 4]).buffer, 1, 2);
    expect(toHexLower(view)).toBe('0203');
    expect(toBase64(view)).toBe('AgM=');
  });

  it('refuses bad hex and base64 with a clear error instead of truncating', () => {
    expect(() => fromHex('abc')).toThrow(/invalid hex string/);
    expect(() => fromHex('zz')).toThrow(/invalid hex string/);
    expect(() => fromHex('0x00')).toThrow(/invalid hex string/);
    expect(() => fromBase64('AQ')).toThrow(/invalid base64/);
    expect(() => fromBase64('A*==')).toThrow(/invalid base64/);
    expect(fromBase64(toBase64(b))).toEqual(b);
  });

  it('compares, joins and recognises bytes', () => {
    expect(equalBytes(b, Uint8Array.from(b))).toBe(true);
    expect(equalBytes(b, b.subarray(1))).toBe(false);
    expect(equalBytes(Uint8Array.from([1, 2]), Uint8Array.from([1, 3]))).toBe(false);
    expect(compareBytes(Uint8Array.from([1, 2]), Uint8Array.from([1, 3]))).toBeLessThan(0);
    expect(compareBytes(Uint8Array.from([1]), Uint8Array.from([1, 0]))).toBeLessThan(0);
    expect(compareBytes(Uint8Array.from([0xff]), Uint8Array.from([0x01, 0x00]))).toBeGreaterThan(0);
    expect(compareBytes(b, Uint8Array.from(b))).toBe(0);
    expect(concatBytes(Uint8Array.from([1]), new Uint8Array(0), Uint8Array.from([2, 3]))).toEqual(
      Uint8Array.from([1, 2, 3]),
    );
    expect(isBytes(b)).toBe(true);
    expect(isBytes(Buffer.from([1]))).toBe(true);
    expect(isBytes([1, 2])).toBe(false);
    expect(isBytes('00')).toBe(false);
  });
});
