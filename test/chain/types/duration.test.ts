import { describe, expect, it } from '@jest/globals';
import {
  durationToNs,
  formatDurationJson,
  nsToDuration,
  parseDurationJson,
  parseDurationMs,
} from '../../../chain/types/duration.js';

describe('chain/types/duration', () => {
  it('reads Go durations of config.toml in milliseconds', () => {
    expect(parseDurationMs('1s')).toBe(1000);
    expect(parseDurationMs('500ms')).toBe(500);
    expect(parseDurationMs('1m30s')).toBe(90_000);
    expect(parseDurationMs('1.5h')).toBe(5_400_000);
    expect(parseDurationMs('1500us')).toBe(2);
    expect(parseDurationMs('0s')).toBe(0);
  });

  it('refuses anything else, naming what was being read', () => {
    for (const bad of ['', 'soon', '1', '-1s', '1s ', '1d', '1sms'])
      expect(() => parseDurationMs(bad, 'consensus.timeout_commit')).toThrow(
        /consensus\.timeout_commit: invalid duration/,
      );
  });

  it('prints and parses protobuf JSON durations exactly, in nanoseconds', () => {
    expect(formatDurationJson(172_800n * 1_000_000_000n)).toBe('172800s');
    expect(formatDurationJson(1_500_000_000n)).toBe('1.5s');
    expect(formatDurationJson(1n)).toBe('0.000000001s');
    expect(formatDurationJson(-250_000_000n)).toBe('-0.25s');
    expect(formatDurationJson(-1_500_000_000n)).toBe('-1.5s');
    expect(parseDurationJson('172800s', 'voting_period')).toBe(172_800_000_000_000n);
    expect(parseDurationJson('0.000000001s', 'x')).toBe(1n);
    for (const bad of ['172800', '1.5 s', '-1s', '1.0000000001s', 172800, null])
      expect(() => parseDurationJson(bad, 'voting_period')).toThrow(/voting_period must be a duration like "172800s"/);
  });

  it('converts protobuf Durations, both parts carrying the sign', () => {
    expect(nsToDuration(-1_500_000_000n)).toEqual({ seconds: -1n, nanos: -500_000_000 });
    for (const ns of [0n, 1n, -1n, 172_800_000_000_001n, -1_500_000_000n])
      expect(durationToNs(nsToDuration(ns))).toBe(ns);
    expect(durationToNs(undefined)).toBe(0n);
  });
});
