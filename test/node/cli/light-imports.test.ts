/**
 * `raced version`, `raced keys …` and `raced query …` must not load ONNX Runtime or libp2p: building the CLI program
 * (every command registered, the module list included) resolves neither. A child node process records every module
 * URL the ESM loader resolves (a resolve hook registered after tsx's, so it sees the final URLs).
 */
import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const HEAVY = /\/node_modules\/(onnxruntime-[a-z-]+|libp2p|@libp2p\/[^/]+)\//;

const HOOKS = `
import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(log, r.url + '\\n');
  return r;
}
`;

/** Every URL resolved while the child runs `script` (an ES module body). */
async function resolvedBy(script: string): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'race-imports-'));
  try {
    const log = path.join(dir, 'resolved.txt');
    writeFileSync(log, '');
    writeFileSync(path.join(dir, 'hooks.mjs'), HOOKS);
    const register = `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(path.join(dir, 'hooks.mjs')).href)}, { data: { log: ${JSON.stringify(log)} } });`;
    writeFileSync(path.join(dir, 'register.mjs'), register);
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [
          '--import',
          'tsx',
          '--import',
          pathToFileURL(path.join(dir, 'register.mjs')).href,
          '--input-type=module',
          '-e',
          script,
        ],
        { cwd: ROOT, timeout: 120_000 },
        (err, _out, stderr) => {
          if (err) reject(new Error(`${err.message}\n${stderr}`));
          else resolve();
        },
      );
    });
    return readFileSync(log, 'utf8').split('\n').filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('CLI import weight', () => {
  it('builds the whole program and the module list without resolving onnxruntime-node or libp2p', async () => {
    const urls = await resolvedBy(`
      const { buildProgram } = await import('./node/cli/main.ts');
      const { APP_MODULES } = await import('./node/app/build-app.ts');
      const { appTypeRegistry } = await import('./node/app/module-list.ts');
      await buildProgram();
      appTypeRegistry();
      if (APP_MODULES.length === 0) throw new Error('no modules');
    `);
    expect(urls.some((u) => u.endsWith('/node/cli/main.ts'))).toBe(true);
    expect(urls.some((u) => u.endsWith('/node/app/build-app.ts'))).toBe(true);
    expect(urls.filter((u) => HEAVY.test(u))).toEqual([]);
  }, 150_000);

  it('does see keeper files and CosmJS where they are loaded (the check below is not blind)', async () => {
    const urls = await resolvedBy(`await import('./node/app/build-app.ts'); await import('./node/cli/rpc-client.ts');`);
    expect(urls.some((u) => u.endsWith('/modules/bank/keeper.ts'))).toBe(true);
    expect(urls.some((u) => /\/node_modules\/@cosmjs\/stargate\//.test(u))).toBe(true);
  }, 150_000);

  it('loads only the command it runs: `version` resolves neither the module list nor the keyring', async () => {
    const urls = await resolvedBy(`
      const { buildProgram } = await import('./node/cli/main.ts');
      const program = await buildProgram(['version']);
      if (program.commands.map((c) => c.name()).join() !== 'version') throw new Error('registered more than version');
    `);
    expect(urls.some((u) => u.endsWith('/node/cli/commands/version.ts'))).toBe(true);
    expect(
      urls.filter((u) => /\/node\/app\/build-app\.ts$|\/commands\/keys\.ts$|\/commands\/start\.ts$/.test(u)),
    ).toEqual([]);
  }, 150_000);

  it('runs `query bank balances` without a keeper, the module definitions or the CosmJS RPC clients', async () => {
    // Port 1 refuses the connection: the command runs to its query (whose client is then loaded) and fails there.
    const urls = await resolvedBy(`
      const { main } = await import('./node/cli/main.ts');
      const err = process.stderr.write.bind(process.stderr);
      let said = '';
      process.stderr.write = (s) => ((said += s), true);
      await main(['query', 'bank', 'balances', 'race1cjsxept9rkggzxztslae9ndgpdyt2408jqckwf', '--node', 'http://127.0.0.1:1']);
      process.stderr.write = err;
      if (!said.includes('cannot reach the node at http://127.0.0.1:1')) throw new Error('unexpected: ' + said);
      process.exitCode = 0;
    `);
    expect(urls.some((u) => u.endsWith('/node/cli/abci-query.ts'))).toBe(true);
    expect(urls.some((u) => u.endsWith('/modules/bank/client/commands.ts'))).toBe(true);
    expect(
      urls.filter((u) =>
        /\/keeper\.ts$|\/definition\.ts$|\/node\/app\/build-app\.ts$|\/node_modules\/@cosmjs\/(stargate|tendermint-rpc)\//.test(
          u,
        ),
      ),
    ).toEqual([]);
  }, 150_000);

  it('does see them where they are loaded (the check is not blind)', async () => {
    const urls = await resolvedBy(
      `await import('./race/engine/session.ts'); await import('./chain/p2p/libp2p-node.ts');`,
    );
    expect(urls.some((u) => /\/node_modules\/onnxruntime-node\//.test(u))).toBe(true);
    expect(urls.some((u) => /\/node_modules\/(libp2p|@libp2p\/[^/]+)\//.test(u))).toBe(true);
  }, 150_000);
});
