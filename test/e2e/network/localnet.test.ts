/**
 * scripts/localnet end to end: start creates a 4-validator localnet (in a temp LOCALNET_DIR on free ports) and
 * starts it, status reports every node's height, peers and app hash, stop ends the processes it started.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sleep } from '../../helpers/wait.js';
import { freePortBlock } from '../../helpers/testnet.js';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const SCRIPT = path.join(ROOT, 'scripts', 'localnet');
const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'race-localnet-')), 'net');
let env: NodeJS.ProcessEnv;

const localnet = async (...args: string[]) => {
  try {
    const r = await run('bash', [SCRIPT, ...args], { env, timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
};

const pids = () => [0, 1, 2, 3].map((i) => Number(fs.readFileSync(path.join(dir, `node${i}.pid`), 'utf8')));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterAll(async () => {
  if (env) await localnet('stop');
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
}, 60_000);

describe('scripts/localnet', () => {
  it('starts a 4-validator localnet, reports heights, peers and app hashes, and stops it', async () => {
    env = { ...process.env, NODE_OPTIONS: '', LOCALNET_DIR: dir, LOCALNET_PORT: String(await freePortBlock(40)) };
    expect((await localnet('status')).stderr).toMatch(/no localnet in/);

    const started = await localnet('start');
    expect(started.code).toBe(0);
    expect(started.stdout).toMatch(/creating a 4-validator localnet/);
    for (let i = 0; i < 4; i++) expect(started.stdout).toMatch(new RegExp(`node${i} started \\(pid \\d+`));
    const running = pids();
    expect(running.every(alive)).toBe(true);
    expect((await localnet('start')).stdout).toMatch(/node0 already running/);

    // Every node at height >= 2 with 3 peers.
    const deadline = Date.now() + 90_000;
    let rows: string[][];
    for (;;) {
      const status = await localnet('status');
      expect(status.code).toBe(0);
      rows = status.stdout
        .split('\n')
        .filter((l) => /^node\d/.test(l))
        .map((l) => l.trim().split(/\s+/));
      const ok = rows.length === 4 && rows.every((r) => r[2] === 'pid' && Number(r[5]) >= 2 && r[6] === '3');
      if (ok || Date.now() > deadline) break;
      await sleep(1_000);
    }
    expect(rows.map((r) => [r[0], r[1], r[6]])).toEqual([0, 1, 2, 3].map((i) => [`node${i}`, 'validator', '3']));
    expect(rows.every((r) => Number(r[5]) >= 2)).toBe(true);
    expect((await localnet('logs', 'x')).stderr).toMatch(/N must be a node number/);

    const stopped = await localnet('stop');
    expect(stopped.stdout.match(/stopped/g)).toHaveLength(4);
    expect(running.some(alive)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'node0.pid'))).toBe(false);
    expect((await localnet('status')).stdout).toMatch(/node0\s+validator\s+stopped/);
    expect(fs.statSync(path.join(dir, 'node0.log')).size).toBeGreaterThan(0);
  }, 180_000);
});
