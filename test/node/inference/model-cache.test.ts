import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureModelFile, modelFileName, sha256Hex } from '../../../node/inference/runner/model-cache.js';
import { TINY_CONFIG, TINY_SEED } from './configs.js';

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'race-model-cache-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('model cache', () => {
  it('builds once, then checks and reuses the file', () =>
    withDir((dir) => {
      const first = ensureModelFile({ dir, config: TINY_CONFIG, seed: TINY_SEED });
      expect(first.sha256).toBe(sha256Hex(readFileSync(first.path)));
      const mtime = statSync(first.path).mtimeMs;
      const again = ensureModelFile({ dir, config: TINY_CONFIG, seed: TINY_SEED, expectedSha256: first.sha256 });
      expect(again).toEqual(first);
      expect(statSync(first.path).mtimeMs).toBe(mtime);
    }));

  it('keeps different configs and seeds in different files', () => {
    const a = modelFileName(TINY_CONFIG, TINY_SEED);
    expect(modelFileName({ ...TINY_CONFIG, layers: 3 }, TINY_SEED)).not.toBe(a);
    expect(modelFileName(TINY_CONFIG, Uint8Array.of(1))).not.toBe(a);
  });

  it('refuses a corrupt file with a clear error and leaves it in place', () =>
    withDir((dir) => {
      const { path: file } = ensureModelFile({ dir, config: TINY_CONFIG, seed: TINY_SEED });
      const bytes = readFileSync(file);
      bytes[bytes.length - 5] ^= 0x40;
      writeFileSync(file, bytes);
      expect(() => ensureModelFile({ dir, config: TINY_CONFIG, seed: TINY_SEED })).toThrow(
        /is corrupt: sha256 [0-9a-f]{64}, expected [0-9a-f]{64}; delete it to rebuild/,
      );
      expect(readFileSync(file).equals(bytes)).toBe(true);
    }));

  it('refuses a file it cannot check, and a build that differs from the pinned hash', () =>
    withDir((dir) => {
      const { path: file } = ensureModelFile({ dir, config: TINY_CONFIG, seed: TINY_SEED });
      rmSync(`${file}.sha256`);
      expect(() => ensureModelFile({ dir, config: TINY_CONFIG, seed: TINY_SEED })).toThrow(
        /no .*\.sha256 to check it against/,
      );
      rmSync(file);
      expect(() =>
        ensureModelFile({ dir, config: TINY_CONFIG, seed: TINY_SEED, expectedSha256: '0'.repeat(64) }),
      ).toThrow(/differs from the one pinned/);
      expect(existsSync(file)).toBe(false);
      expect(() => ensureModelFile({ dir, config: TINY_CONFIG, seed: TINY_SEED, expectedSha256: 'xyz' })).toThrow(
        /64 lowercase hex/,
      );
    }));
});
