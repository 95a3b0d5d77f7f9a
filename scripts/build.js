// `npm run build` (also run by `npm install`'s prepare, `npm start` and `npm test`): compiles the TypeScript of the
// runtime tree into dist/ with esbuild, file by file (no bundling), so `raced` starts without compiling anything.
// Plain JavaScript because it runs before anything is compiled; esbuild is imported only when a build happens, so
// `bin/raced.js` can call distState() on every run for the cost of a few stat calls.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The folders `raced` runs from; scripts/ and test/ stay TypeScript run by tsx and jest. */
export const SOURCE_DIRS = ['chain', 'race', 'modules', 'proto', 'node'];
// dist/.build-stamp: its mtime is set to the moment the build started, so a source saved during a build counts as
// newer than the build.
const STAMP = '.build-stamp';

function isSource(name) {
  return (name.endsWith('.ts') && !name.endsWith('.d.ts')) || name.endsWith('.js');
}

function listSources(root) {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (isSource(e.name)) out.push(p);
    }
  };
  for (const d of SOURCE_DIRS) if (fs.existsSync(path.join(root, d))) walk(path.join(root, d));
  return out;
}

/**
 * Whether dist/ can run: `missing` when there is no complete build, else `staleSource` names a source file saved
 * after the build started (undefined when dist/ is current).
 */
export function distState(root = ROOT) {
  let built;
  try {
    built = fs.statSync(path.join(root, 'dist', STAMP)).mtimeMs;
  } catch {
    return { missing: true };
  }
  const newer = listSources(root).find((f) => fs.statSync(f).mtimeMs > built);
  return { missing: false, staleSource: newer && path.relative(root, newer) };
}

/**
 * Compiles every source into a private folder, then swaps it in for dist/ (so a raced starting meanwhile sees
 * either the old tree or the new one, and concurrent builds do not write into each other's files).
 * TypeScript becomes ESM JavaScript with its `.js` import specifiers untouched; plain .js files are copied.
 */
export async function build(root = ROOT) {
  const { build: esbuild } = await import('esbuild');
  const started = new Date();
  const dist = path.join(root, 'dist');
  const tmp = `${dist}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const sources = listSources(root);
  const ts = sources.filter((f) => f.endsWith('.ts'));
  await esbuild({
    entryPoints: ts,
    outdir: tmp,
    outbase: root,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    ...(fs.existsSync(path.join(root, 'tsconfig.json')) ? { tsconfig: path.join(root, 'tsconfig.json') } : {}),
    logLevel: 'error',
  });
  for (const f of sources.filter((s) => s.endsWith('.js'))) {
    const to = path.join(tmp, path.relative(root, f));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(f, to);
  }
  fs.writeFileSync(path.join(tmp, STAMP), `${started.toISOString()}\n`);
  fs.utimesSync(path.join(tmp, STAMP), started, started);
  const old = `${dist}.old-${process.pid}`;
  if (fs.existsSync(dist)) fs.renameSync(dist, old);
  try {
    fs.renameSync(tmp, dist);
  } catch (e) {
    // Another build swapped its tree in between our two renames: keep that one.
    if (e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') throw e;
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  fs.rmSync(old, { recursive: true, force: true });
  return { files: sources.length, ms: Date.now() - started.getTime() };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { files, ms } = await build();
  if (!process.argv.includes('--quiet')) process.stdout.write(`built dist/: ${files} files in ${ms} ms\n`);
}
