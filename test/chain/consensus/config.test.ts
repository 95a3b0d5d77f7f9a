import { describe, expect, it } from '@jest/globals';
import { consensusConfigFromToml, parseDurationMs } from '../../../chain/consensus/config.js';
import { DEFAULT_CONSENSUS_CONFIG } from '../../../chain/consensus/types.js';

describe('[consensus] config', () => {
  it('parses CometBFT durations', () => {
    expect(parseDurationMs('3s', 'k')).toBe(3000);
    expect(parseDurationMs('500ms', 'k')).toBe(500);
    expect(parseDurationMs('1m30s', 'k')).toBe(90_000);
    expect(parseDurationMs(250, 'k')).toBe(250);
    expect(() => parseDurationMs('soon', 'timeout_commit')).toThrow(/timeout_commit/);
    expect(() => parseDurationMs('3s junk', 'k')).toThrow(/not a duration/);
  });

  it('maps config.toml keys, keeps defaults for the rest, and rejects create_empty_blocks = false', () => {
    const cfg = consensusConfigFromToml({ timeout_commit: '900ms', timeout_propose: '2s', moniker: 'x' });
    expect(cfg.timeoutCommitMs).toBe(900);
    expect(cfg.timeoutProposeMs).toBe(2000);
    expect(cfg.timeoutPrevoteMs).toBe(DEFAULT_CONSENSUS_CONFIG.timeoutPrevoteMs);
    expect(consensusConfigFromToml(undefined)).toEqual(DEFAULT_CONSENSUS_CONFIG);
    expect(() => consensusConfigFromToml({ create_empty_blocks: false })).toThrow(/not supported/);
  });
});
