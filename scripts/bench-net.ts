/**
 * npm run bench:net — a 4-validator network on 127.0.0.1 (raced testnet init-files, real processes, miner off)
 * under load from separate load-generator processes (scripts/bench-load.ts), pre-signed MsgSends sent round-robin
 * to all validators. First, in the same run, one node's saturated capacity (scripts/bench-tx.ts); then:
 *   1. the network at an offered load of --offered (default 30 %) of that capacity: block interval (mean, p95, from
 *      header times) idle and loaded, latency broadcast→commit (p50, p99), committed tx/s, acknowledged txs lost
 *      (the checker over every node); the single node is measured at the same offered load for the ratio;
 *   2. the network saturated (as fast as it answers), its tx/s and block interval.
 * The last line is one JSON object.
 *
 *   node --import tsx scripts/bench-net.ts [--validators 4] [--accounts 100] [--offered 0.3] [--load-seconds 20]
 *        [--saturate-txs-per-account 10] [--timeout-commit 500ms] [--idle-blocks 10] [--log-level warn] [--json]
 */
import '../node/polyfills.js';
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runChecker, TxLedger } from '../test/helpers/checker.js';
import { Testnet } from '../test/helpers/testnet.js';
import {
  benchAddress,
  benchPrivKey,
  CommitWatcher,
  driveLoad,
  mean,
  pct,
  presign,
  round,
  summarize,
  type LoadResult,
} from './bench-drive.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : dflt;
}
function numArg(name: string, dflt: number, min: number): number {
  const v = Number(arg(name, String(dflt)));
  if (!Number.isFinite(v) || v < min) throw new Error(`--${name} must be a number >= ${min}`);
  return v;
}
const VALIDATORS = numArg('validators', 4, 1);
const ACCOUNTS = numArg('accounts', 100, 1);
const OFFERED = numArg('offered', 0.3, 0.01);
const LOAD_SECONDS = numArg('load-seconds', 20, 1);
const SATURATE_PER_ACCOUNT = numArg('saturate-txs-per-account', 10, 0);
const IDLE_BLOCKS = numArg('idle-blocks', 10, 2);
const TIMEOUT_COMMIT = arg('timeout-commit', '500ms');
/** The nodes' log level; with RACE_KEEP_TESTNET=1 their logs stay in the temp dir for a look at rounds and steps. */
const LOG_LEVEL = arg('log-level', 'warn');
const JSON_OUT = process.argv.includes('--json');
const out = (s: string) => {
  if (!JSON_OUT) process.stdout.write(s + '\n');
};

async function singleNode(extra: string[]): Promise<Record<string, number>> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'scripts/bench-tx.ts'), '--json', '--accounts', String(ACCOUNTS), ...extra],
    { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 16 * 1024 * 1024, timeout: 600_000 },
  );
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as Record<string, number>;
}

/** Block header times (ms) of heights [from, to] from one node's RPC. */
async function headerTimesMs(net: Testnet, from: number, to: number): Promise<number[]> {
  const times: number[] = [];
  for (let h = from; h <= to; h++) {
    const res = await fetch(net.node(0).rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'header', params: { height: String(h) } }),
    });
    const t = ((await res.json()) as any).result.header.time as string;
    times.push(Date.parse(t.replace(/(\.\d{3})\d*/, '$1')));
  }
  return times;
}

const intervals = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

async function main(): Promise<void> {
  out('measuring one node’s saturated capacity (scripts/bench-tx.ts)…');
  const capacity = await singleNode(['--txs-per-account', '20']);
  const rate = Math.max(1, Math.round(capacity.committed_tx_per_s! * OFFERED));
  const perAccount = Math.max(1, Math.ceil((rate * LOAD_SECONDS) / ACCOUNTS));
  out(`single node: ${capacity.committed_tx_per_s} tx/s; offering ${rate} tx/s (${OFFERED} of it)`);
  out('the single node at that offered load…');
  const single = await singleNode(['--txs-per-account', String(perAccount), '--rate', String(rate)]);

  const keys = Array.from({ length: ACCOUNTS }, (_, i) => benchPrivKey(i + 1));
  out(`setting up a ${VALIDATORS}-validator network (timeout_commit ${TIMEOUT_COMMIT})…`);
  const net = await Testnet.create({
    validators: VALIDATORS,
    chainId: 'race-bench-net',
    timeoutCommit: TIMEOUT_COMMIT,
    minGasPrices: '0.001nicoin',
    logLevel: LOG_LEVEL,
    extraAccounts: keys.map((k) => ({ address: benchAddress(k), nicoin: 10n ** 12n })),
  });
  let result: Record<string, unknown>;
  try {
    const all = net.validators;
    net.startAll(all);
    await net.waitForHeight(2, all, 120_000);
    const idleFrom = await net.maxHeight(all);
    out(`measuring the idle block interval over ${IDLE_BLOCKS} blocks…`);
    await net.waitForHeight(idleFrom + IDLE_BLOCKS, all, 120_000);
    const idle = intervals(await headerTimesMs(net, idleFrom, idleFrom + IDLE_BLOCKS));

    const urls = all.map((i) => net.node(i).rpcUrl);
    const ledger = new TxLedger();
    const phase = async (txsPerAccount: number, firstSequence: number, ratePerS: number) => {
      const signed = await presign(urls[0]!, net.manifest.chainId, keys, txsPerAccount, firstSequence);
      const watcher = await CommitWatcher.open(`ws://127.0.0.1:${net.node(0).ports.rpc}/websocket`);
      const from = await net.height(0);
      const load: LoadResult = await driveLoad(signed, {
        urls,
        processes: 2,
        connectionsPerProcess: 8,
        batch: 10,
        ratePerS,
      });
      for (const h of load.acked) ledger.acknowledged.add(h);
      for (const e of load.firstErrors) out(`rejected: ${e}`);
      await watcher.waitFor([...load.acked], 180_000);
      watcher.close();
      const to = await net.height(0);
      const loaded = intervals(await headerTimesMs(net, from, to));
      const s = summarize(load, watcher);
      return {
        txs: signed.length,
        accepted: load.acked.size,
        committed: s.committed,
        committed_tx_per_s: round(s.tps),
        latency_p50_ms: s.p50,
        latency_p99_ms: s.p99,
        block_interval_mean_ms: Math.round(mean(loaded)),
        block_interval_p95_ms: Math.round(pct(loaded, 95)),
        generator_cores: load.generatorCores,
      };
    };
    const load0 = os.loadavg()[0]!;
    out(`offering ${rate} tx/s for ${LOAD_SECONDS} s…`);
    const offered = await phase(perAccount, 0, rate);
    out(
      `network at ${rate} tx/s offered: ${offered.committed_tx_per_s} tx/s committed; block interval mean ${offered.block_interval_mean_ms} ms, p95 ${offered.block_interval_p95_ms} ms; latency p50 ${offered.latency_p50_ms} ms, p99 ${offered.latency_p99_ms} ms`,
    );
    const saturated = SATURATE_PER_ACCOUNT > 0 ? await phase(SATURATE_PER_ACCOUNT, perAccount, 0) : undefined;
    if (saturated) out(`network saturated: ${saturated.committed_tx_per_s} tx/s`);
    const check = await runChecker(net.rpcNodes(all), ledger, { waitForAckedMs: 30_000 });
    const ratio = single.committed_tx_per_s ? offered.committed_tx_per_s / single.committed_tx_per_s : NaN;
    result = {
      validators: VALIDATORS,
      timeout_commit: TIMEOUT_COMMIT,
      load_avg_1m: round(load0, 2),
      single_node_capacity_tx_per_s: capacity.committed_tx_per_s,
      offered_tx_per_s: rate,
      single_node_at_offered_tx_per_s: single.committed_tx_per_s,
      idle_block_interval_mean_ms: Math.round(mean(idle)),
      ...Object.fromEntries(Object.entries(offered).map(([k, v]) => [`offered_${k}`, v])),
      ...(saturated ? Object.fromEntries(Object.entries(saturated).map(([k, v]) => [`saturated_${k}`, v])) : {}),
      acked_lost: check.ok ? 0 : check.problems.length,
      checker_problems: check.problems.slice(0, 3),
      ratio_network_to_single: round(ratio, 3),
      goals_met:
        offered.committed === offered.accepted &&
        offered.accepted === offered.txs &&
        offered.block_interval_mean_ms <= 1500 &&
        offered.latency_p99_ms <= 3000 &&
        ratio >= 0.8 &&
        check.ok,
    };
  } finally {
    await net.cleanup();
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

await main();
