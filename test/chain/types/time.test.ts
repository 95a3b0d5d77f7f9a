import { describe, expect, it } from '@jest/globals';
import { formatRfc3339Ns, nsToTimestamp, parseRfc3339Ns, timestampToNs } from '../../../chain/types/time.js';

describe('chain/types/time', () => {
  it('splits nanoseconds into protobuf seconds + nanos, borrowing a second before 1970', () => {
    expect(nsToTimestamp(1_500_000_000n)).toEqual({ seconds: 1n, nanos: 500_000_000 });
    expect(nsToTimestamp(-1n)).toEqual({ seconds: -1n, nanos: 999_999_999 });
    expect(nsToTimestamp(-1_500_000_000n)).toEqual({ seconds: -2n, nanos: 500_000_000 });
    expect(nsToTimestamp(-2_000_000_000n)).toEqual({ seconds: -2n, nanos: 0 });
    for (const ns of [0n, 1n, -1n, 999_999_999n, -999_999_999n, 1_704_164_645_123_456_789n, -86_400_000_000_001n]) {
      expect(timestampToNs(nsToTimestamp(ns))).toBe(ns);
    }
    expect(timestampToNs(undefined)).toBe(0n);
  });

  it('formats as Go RFC3339Nano: nanosecond precision, trailing zeros trimmed', () => {
    expect(formatRfc3339Ns(0n)).toBe('1970-01-01T00:00:00Z');
    expect(formatRfc3339Ns(1_704_164_645_123_456_789n)).toBe('2024-01-02T03:04:05.123456789Z');
    expect(formatRfc3339Ns(1_704_164_645_120_000_000n)).toBe('2024-01-02T03:04:05.12Z');
    expect(formatRfc3339Ns(1_704_164_645_000_000_001n)).toBe('2024-01-02T03:04:05.000000001Z');
    expect(formatRfc3339Ns(-1n)).toBe('1969-12-31T23:59:59.999999999Z');
    expect(formatRfc3339Ns(-1_500_000_000n)).toBe('1969-12-31T23:59:58.5Z');
  });

  it('parses RFC 3339 with offsets and nanoseconds, and round-trips the formatter', () => {
    expect(parseRfc3339Ns('2024-01-02T03:04:05.123456789Z')).toBe(1_704_164_645_123_456_789n);
    expect(parseRfc3339Ns('2024-01-02T05:04:05.5+02:00')).toBe(1_704_164_645_500_000_000n);
    expect(parseRfc3339Ns('1969-12-31T23:59:59.999999999Z')).toBe(-1n);
    // Go's zero time (year 1) stays year 1, not 1901.
    expect(formatRfc3339Ns(parseRfc3339Ns('0001-01-01T00:00:00Z'))).toBe('0001-01-01T00:00:00Z');
    for (const ns of [0n, -1n, 1_704_164_645_123_456_789n, -62_135_596_800_000_000_000n])
      expect(parseRfc3339Ns(formatRfc3339Ns(ns))).toBe(ns);
  });

  it('refuses malformed or impossible times with a clear error', () => {
    for (const bad of [
      '',
      '2024-01-02',
      '2024-01-02T03:04:05',
      '2024-01-02 03:04:05Z',
      '2024-01-02T03:04:05.1234567891Z',
      '2024-02-30T00:00:00Z',
      '2024-13-01T00:00:00Z',
      '2024-01-01T24:00:00Z',
      '2024-01-01T00:00:00+24:00',
    ]) {
      expect(() => parseRfc3339Ns(bad)).toThrow(/invalid/);
    }
    expect(() => parseRfc3339Ns(42 as unknown as string)).toThrow(/invalid RFC 3339/);
    expect(parseRfc3339Ns('2024-02-29T00:00:00Z')).toBe(1_709_164_800_000_000_000n);
  });
});
