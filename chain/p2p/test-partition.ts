/**
 * TEST-ONLY network partition for the e2e suite (test/helpers/testnet.ts). Inert unless the environment variable
 * RACE_TEST_PARTITION_FILE names a file: the CometBFT node ids listed in it (hex, separated by commas or
 * whitespace) are cut off — the connection gater refuses them and open connections to them are hung up. The file is
 * re-read every POLL_MS, so a test cuts links by writing ids and heals them by emptying the file; on a heal the
 * persistent peers are dialled at once. A missing or unreadable file means no partition. Never set in production.
 */
import fs from 'node:fs';
import type { PeerId } from '@libp2p/interface';
import { nodeIdOfPeer } from './identity.js';

export const TEST_PARTITION_ENV = 'RACE_TEST_PARTITION_FILE';
const POLL_MS = 250;

export interface TestPartitionDeps {
  connectedPeers(): PeerId[];
  hangUp(peer: PeerId): Promise<void>;
  /** Dial the persistent peers now (after a heal). */
  redial(): void;
  after(ms: number, fn: () => void): unknown;
  warn(fields: object, msg: string): void;
}

/** Parses the file's text into lower-case node ids. */
export function parsePartitionFile(text: string): Set<string> {
  return new Set(
    text
      .split(/[\s,]+/)
      .map((s) => s.trim().toLowerCase())
      .filter((s) => /^[0-9a-f]{40}$/.test(s)),
  );
}

export class TestPartition {
  private blocked = new Set<string>();
  private stopped = false;

  private constructor(private readonly file: string) {
    this.blocked = this.read();
  }

  /** Undefined (no partition support at all) unless the env var is set. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): TestPartition | undefined {
    const file = env[TEST_PARTITION_ENV];
    return file ? new TestPartition(file) : undefined;
  }

  /** For the connection gater: true when the peer is cut off. */
  readonly blocks = (peer: PeerId): boolean => {
    if (this.blocked.size === 0) return false;
    const id = nodeIdOfPeer(peer);
    return id !== undefined && this.blocked.has(id);
  };

  start(deps: TestPartitionDeps): void {
    deps.warn({ file: this.file }, `TEST-ONLY ${TEST_PARTITION_ENV} is set: peers listed in that file are cut off`);
    const tick = (): void => {
      if (this.stopped) return;
      const before = this.blocked;
      this.blocked = this.read();
      for (const peer of deps.connectedPeers()) if (this.blocks(peer)) void deps.hangUp(peer).catch(() => {});
      if ([...before].some((id) => !this.blocked.has(id))) deps.redial();
      deps.after(POLL_MS, tick);
    };
    tick();
  }

  stop(): void {
    this.stopped = true;
  }

  private read(): Set<string> {
    try {
      return parsePartitionFile(fs.readFileSync(this.file, 'utf8'));
    } catch {
      return new Set();
    }
  }
}
