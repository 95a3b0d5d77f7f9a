/**
 * npm run fuzz — the long fuzz runner over every input a stranger controls (test/fuzz/targets).
 * Runs each target for N seconds (or a fixed exec count) from a seed, prints per target execs, execs/s, crashes,
 * hangs and allocations, the first failing inputs (hex or JSON) with the seed to replay them, and as the last line
 * JSON {targets:{name:{execs,crashes,hangs}},seconds,seed}. Exits 1 on any finding.
 *
 *   node --import tsx scripts/fuzz.ts --target <name|all> [--seconds 10] [--execs N] [--seed S] [--hang-ms 2000] [--json]
 */
import '../node/polyfills.js';
import { TARGETS } from '../test/fuzz/targets/index.js';
import { runTarget, type RunResult } from '../test/fuzz/targets/run.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function fail(msg: string): never {
  process.stderr.write(`fuzz: ${msg}\n`);
  process.exit(2);
}

const targetArg = arg('target') ?? 'all';
const seconds = Number(arg('seconds') ?? '10');
const maxExecs = arg('execs') === undefined ? undefined : Number(arg('execs'));
const seed = Number(arg('seed') ?? '1');
const hangMs = Number(arg('hang-ms') ?? '2000');
const JSON_ONLY = process.argv.includes('--json');
if (!Number.isFinite(seconds) || seconds <= 0) fail('--seconds must be a positive number');
if (maxExecs !== undefined && (!Number.isSafeInteger(maxExecs) || maxExecs < 1))
  fail('--execs must be a positive integer');
if (!Number.isSafeInteger(seed)) fail('--seed must be an integer');
const names = targetArg === 'all' ? [...TARGETS.keys()] : targetArg.split(',');
for (const n of names) if (!TARGETS.has(n)) fail(`unknown target ${n}; known: ${[...TARGETS.keys()].join(', ')}`);

const say = (s: string) => {
  if (!JSON_ONLY) process.stdout.write(`${s}\n`);
};
const now = () => performance.now();
// An input that makes the heap grow past this is an unbounded allocation (the node runs with far less headroom).
const MAX_HEAP_BYTES = 1536 * 1024 * 1024;

function settlesWithin(p: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(false), ms);
    p.then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

const summary: Record<
  string,
  { execs: number; crashes: number; hangs: number; allocations: number; execsPerSec: number }
> = {};
let findings = 0;
say(`fuzz: seed ${seed}, ${seconds} s per target, targets: ${names.join(', ')}`);
for (const name of names) {
  const target = await TARGETS.get(name)!();
  const start = now();
  let res: RunResult;
  try {
    res = await runTarget(target, {
      seed,
      maxExecs,
      deadline: start + seconds * 1000,
      now,
      hangMs,
      settlesWithin,
      maxHeapBytes: MAX_HEAP_BYTES,
      heapUsed: () => process.memoryUsage().heapUsed,
    });
  } finally {
    await target.close?.();
  }
  const secs = (now() - start) / 1000;
  const execsPerSec = Math.round(res.execs / secs);
  summary[name] = {
    execs: res.execs,
    crashes: res.crashes,
    hangs: res.hangs,
    allocations: res.allocations,
    execsPerSec,
  };
  findings += res.crashes + res.hangs + res.allocations;
  const slow = res.unconfirmedSlow > 0 ? `  (${res.unconfirmedSlow} slow once, fast when rerun)` : '';
  say(
    `${name.padEnd(20)} execs ${String(res.execs).padStart(9)}  ${String(execsPerSec).padStart(7)}/s  crashes ${res.crashes}  hangs ${res.hangs}  allocations ${res.allocations}${slow}   (${target.surface})`,
  );
  for (const f of res.findings)
    say(
      `  ${f.kind} at exec ${f.exec} (replay: --target ${name} --seed ${seed} --execs ${f.exec + 1}): ${f.message}\n    input: ${f.input.slice(0, 4000)}`,
    );
}
process.stdout.write(`${JSON.stringify({ targets: summary, seconds, seed })}\n`);
process.exitCode = findings > 0 ? 1 : 0;
