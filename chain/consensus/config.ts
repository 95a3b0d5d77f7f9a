import { DEFAULT_CONSENSUS_CONFIG, type ConsensusConfig } from './types.js';

/**
 * config.toml `[consensus]` → ConsensusConfig. Durations are CometBFT strings ("3s", "500ms", "1m30s") or plain
 * milliseconds; unknown keys are ignored (they belong to other sections' readers), bad values are clear errors.
 */
const KEYS: Record<string, keyof ConsensusConfig> = {
  timeout_propose: 'timeoutProposeMs',
  timeout_propose_delta: 'timeoutProposeDeltaMs',
  timeout_prevote: 'timeoutPrevoteMs',
  timeout_prevote_delta: 'timeoutPrevoteDeltaMs',
  timeout_precommit: 'timeoutPrecommitMs',
  timeout_precommit_delta: 'timeoutPrecommitDeltaMs',
  timeout_commit: 'timeoutCommitMs',
  peer_gossip_interval: 'gossipIntervalMs',
};

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDurationMs(v: unknown, key: string): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return Math.round(v);
  if (typeof v !== 'string') throw new Error(`[consensus] ${key} must be a duration like "3s" or "500ms"`);
  const parts = [...v.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== v) {
    throw new Error(`[consensus] ${key} = ${JSON.stringify(v)} is not a duration like "3s" or "500ms"`);
  }
  return Math.round(parts.reduce((ms, p) => ms + Number(p[1]) * UNIT_MS[p[2]!]!, 0));
}

export function consensusConfigFromToml(section: Record<string, unknown> | undefined): ConsensusConfig {
  const cfg: ConsensusConfig = { ...DEFAULT_CONSENSUS_CONFIG };
  if (!section) return cfg;
  for (const [k, field] of Object.entries(KEYS)) {
    if (section[k] !== undefined) (cfg[field] as number) = parseDurationMs(section[k], k);
  }
  if (section.create_empty_blocks !== undefined) {
    if (section.create_empty_blocks !== true) {
      throw new Error('[consensus] create_empty_blocks = false is not supported: this chain makes a block about every timeout_commit');
    }
  }
  if (cfg.gossipIntervalMs <= 0) throw new Error('[consensus] peer_gossip_interval must be positive');
  return cfg;
}
