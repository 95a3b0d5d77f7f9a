/**
 * npm run bench:cli — how long `raced` commands take to run, against `node -e 0` measured in the same run:
 * `raced version` (goal ≤ 3×), `raced keys list` and `raced query bank balances` against a node this script starts
 * (goal ≤ 5× each). Commands run round-robin, one round after another, so a change in the machine's load during the
 * run hits every command alike; each figure is the median of its runs. The last line printed is JSON.
 *
 *   node --import tsx scripts/bench-cli.ts [--runs 15]
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build, distState } from './build.js';
import { makeTestHome, RACED, startNode } from '../test/helpers/node-process.js';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
if (!Number.isInteger(RUNS) || RUNS < 1)
  throw new Error(`--runs must be a positive integer, got ${process.argv[runsArg + 1]}`);

interface Case {
  name: string;
  args: string[];
  /** Allowed multiple of `node -e 0`; undefined for the baseline itself. */
  goal?: number;
}

/** Wall time of one child process run to completion; a failing command aborts the bench (it would measure an error path). */
function timeRun(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    execFile(process.execPath, args, { env: { ...process.env, NODE_OPTIONS: '' } }, (err, _stdout, stderr) => {
      if (err)
        reject(
          new Error(`${path.basename(args[0] ?? '')} ${args.slice(1).join(' ')} failed: ${stderr || err.message}`),
        );
      else resolve(performance.now() - t0);
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function main(): Promise<void> {
  const state = distState();
  if (state.missing || state.staleSource) await build();
  const home = await makeTestHome({ mining: false, accounts: [{ name: 'bench', nicoin: 1_000_000n }] });
  const node = await startNode(home);
  try {
    const addr = home.addresses.bench!;
    const cases: Case[] = [
      { name: 'node -e 0', args: ['-e', '0'] },
      { name: 'raced version', args: [RACED, 'version'], goal: 3 },
      {
        name: 'raced keys list',
        args: [RACED, 'keys', 'list', '--keyring-backend', 'test', '--home', home.home],
        goal: 5,
      },
      {
        name: 'raced query bank balances',
        args: [RACED, 'query', 'bank', 'balances', addr, '--node', home.rpcUrl],
        goal: 5,
      },
    ];
    // One unmeasured round: the first run of each pays for a cold file cache.
    for (const c of cases) await timeRun(c.args);
    const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
    for (let r = 0; r < RUNS; r++) for (const c of cases) times.get(c.name)!.push(await timeRun(c.args));

    const base = median(times.get('node -e 0')!);
    const rows = cases.map((c) => {
      const ms = median(times.get(c.name)!);
      const ratio = ms / base;
      return {
        command: c.name,
        median_ms: Math.round(ms),
        ratio: Math.round(ratio * 100) / 100,
        goal: c.goal ?? null,
        met: c.goal === undefined ? null : ratio <= c.goal,
      };
    });
    for (const r of rows) {
      const verdict = r.goal === null ? 'baseline' : `${r.ratio}× (goal ≤ ${r.goal}×) ${r.met ? 'met' : 'NOT met'}`;
      process.stdout.write(`${r.command.padEnd(28)} ${String(r.median_ms).padStart(6)} ms  ${verdict}\n`);
    }
    process.stdout.write(JSON.stringify({ runs: RUNS, rows, goal_met: rows.every((r) => r.met !== false) }) + '\n');
  } finally {
    await node.stop();
    fs.rmSync(home.home, { recursive: true, force: true });
  }
}

await main();
