/** Terminal progress of a miner: one line, rewritten in place on a TTY. */
import type { MinerStats } from './miner.js';

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatProgress(s: Pick<MinerStats, 'tried' | 'found' | 'noncesPerSec'>, elapsedMs: number): string {
  return `race: ${fmt.format(s.tried)} nonces tried, ${fmt.format(s.found)} proofs found, ${fmt.format(s.noncesPerSec)} nonces/s, ${(elapsedMs / 1000).toFixed(1)} s`;
}

/** Writes progress lines: `\r`-rewritten on a TTY, one line per update otherwise. */
export function progressWriter(out: NodeJS.WritableStream & { isTTY?: boolean }): {
  update(line: string): void;
  done(): void;
} {
  let wrote = false;
  return {
    update(line: string) {
      if (out.isTTY) {
        out.write(`\r\x1b[K${line}`);
        wrote = true;
      } else out.write(line + '\n');
    },
    done() {
      if (wrote) out.write('\n');
    },
  };
}
