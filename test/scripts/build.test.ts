import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, distState } from '../../scripts/build.js';

/** A project tree in miniature: TypeScript importing a sibling by its .js name, and a plain .js worker entry. */
function tinyProject(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'race-build-'));
  fs.mkdirSync(path.join(root, 'chain', 'util'), { recursive: true });
  fs.writeFileSync(path.join(root, 'chain', 'util', 'two.ts'), 'export const two: number = 2;\n');
  fs.writeFileSync(
    path.join(root, 'chain', 'main.ts'),
    "import { two } from './util/two.js';\nexport const four = (): number => two * 2;\n",
  );
  fs.writeFileSync(path.join(root, 'chain', 'entry-worker.js'), "export const plain = 'js';\n");
  fs.writeFileSync(path.join(root, 'chain', 'types.d.ts'), 'export type X = number;\n');
  return root;
}

describe('scripts/build.js', () => {
  it('compiles TypeScript file by file into dist/ with working .js imports, copies .js, and knows when dist/ is missing or stale', async () => {
    const root = tinyProject();
    try {
      expect(distState(root)).toEqual({ missing: true });
      const { files } = await build(root);
      expect(files).toBe(3);
      const dist = path.join(root, 'dist');
      expect(fs.readFileSync(path.join(dist, 'chain', 'main.js'), 'utf8')).toContain('from "./util/two.js"');
      expect(fs.existsSync(path.join(dist, 'chain', 'types.d.js'))).toBe(false);
      const main = (await import(pathToFileURL(path.join(dist, 'chain', 'main.js')).href)) as { four: () => number };
      expect(main.four()).toBe(4);
      expect(fs.readFileSync(path.join(dist, 'chain', 'entry-worker.js'), 'utf8')).toBe("export const plain = 'js';\n");
      expect(distState(root)).toEqual({ missing: false, staleSource: undefined });

      // A source saved after the build started makes dist/ stale; a rebuild swaps a fresh tree in.
      const later = new Date(Date.now() + 60_000);
      fs.utimesSync(path.join(root, 'chain', 'util', 'two.ts'), later, later);
      expect(distState(root)).toEqual({ missing: false, staleSource: path.join('chain', 'util', 'two.ts') });
      fs.rmSync(path.join(root, 'chain', 'entry-worker.js'));
      fs.utimesSync(path.join(root, 'chain', 'util', 'two.ts'), new Date(), new Date(Date.now() - 60_000));
      await build(root);
      expect(fs.existsSync(path.join(dist, 'chain', 'entry-worker.js'))).toBe(false);
      expect(fs.readdirSync(root).sort()).toEqual(['chain', 'dist']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
