/**
 * npm run bench:tx — pre-signed MsgSend txs from many accounts pushed through one node by separate load-generator
 * processes (batched broadcast_tx_sync over several connections). Prints committed tx/s, p50/p99 latency from
 * broadcast to commit, the generators' own CPU, and, measured in the same run with the same library, how many
 * secp256k1 signatures this machine verifies per second in one thread, with the ratio of the two. The node does not
 * mine unless --mining is given. The last line is one JSON object.
 *
 *   node --import tsx scripts/bench-tx.ts [--accounts 100] [--txs-per-account 20] [--genesis-accounts 0]
 *        [--processes 2] [--connections 8] [--batch 10] [--rate 0] [--mining] [--cpu-prof DIR] [--node-log FILE] [--json]
 */
import '../node/polyfills.js';
import fs from 'node:fs';
import os from 'node:os';
import { makeTestHome, startNode } from '../test/helpers/node-process.js';
import {
  benchAddress,
  benchPrivKey,
  CommitWatcher,
  driveLoad,
  presign,
  round,
  summarize,
  verifyCeiling,
  nowMs,
  mean,
} from './bench-drive.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}
const ACCOUNTS = arg('accounts', 100);
const PER_ACCOUNT = arg('txs-per-account', 20);
/** Extra funded accounts in genesis that take no part in the load: state size for item 5 of issue 12. */
const GENESIS_ACCOUNTS = arg('genesis-accounts', 0);
const PROCESSES = arg('processes', 2);
const CONNECTIONS = arg('connections', 8);
const BATCH = arg('batch', 10);
const RATE = arg('rate', 0);
const MINING = process.argv.includes('--mining');
const profIdx = process.argv.indexOf('--cpu-prof');
const CPU_PROF_DIR = profIdx > 0 ? process.argv[profIdx + 1] : undefined;
const logIdx = process.argv.indexOf('--node-log');
const NODE_LOG = logIdx > 0 ? process.argv[logIdx + 1] : undefined;
const JSON_OUT = process.argv.includes('--json');
const out = (s: string) => {
  if (!JSON_OUT) process.stdout.write(s + '\n');
};

async function metric(url: string, name: string): Promise<number | undefined> {
  const text = await (await fetch(url)).text();
  const line = text.split('\n').find((l) => l.startsWith(name + ' ') || l.startsWith(name + '{'));
  return line ? Number(line.split(' ').pop()) : undefined;
}

/** The engine's per-block stage times from its 'committed block' log lines. */
function blockStages(logs: string): Array<{ txs: number; finalize: number; commit: number }> {
  return logs
    .split('\n')
    .filter((l) => l.includes('"committed block"') && l.includes('"finalize_ms"'))
    .map((l) => JSON.parse(l) as { txs: number; finalize_ms: number; commit_ms: number })
    .map((j) => ({ txs: j.txs, finalize: j.finalize_ms, commit: j.commit_ms }));
}

async function main(): Promise<void> {
  const keys = Array.from({ length: ACCOUNTS }, (_, i) => benchPrivKey(i + 1));
  const addrs = keys.map(benchAddress);
  out(`setting up a node with ${ACCOUNTS} funded accounts (+${GENESIS_ACCOUNTS} idle), mining ${MINING}…`);
  const idle = Array.from({ length: GENESIS_ACCOUNTS }, (_, i) => ({
    name: `g${i}`,
    address: benchAddress(benchPrivKey(1_000_000 + i)),
    nicoin: 1n,
  }));
  const h = await makeTestHome({
    accounts: [...addrs.map((address, i) => ({ name: `a${i}`, address, nicoin: 10n ** 12n })), ...idle],
    timeoutCommit: '500ms',
    mining: MINING,
  });
  const t0 = nowMs();
  const node = await startNode(h, [], 600_000, CPU_PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF_DIR] : []);
  const startupMs = nowMs() - t0;
  try {
    out(`pre-signing ${ACCOUNTS * PER_ACCOUNT} txs…`);
    const signed = await presign(h.rpcUrl, h.chainId, keys, PER_ACCOUNT);
    const watcher = await CommitWatcher.open(`ws://127.0.0.1:${h.rpcPort}/websocket`);
    const load0 = os.loadavg()[0]!;
    const load = await driveLoad(signed, {
      urls: [h.rpcUrl],
      processes: PROCESSES,
      connectionsPerProcess: CONNECTIONS,
      batch: BATCH,
      ratePerS: RATE,
    });
    for (const e of load.firstErrors) out(`rejected: ${e}`);
    await watcher.waitFor([...load.acked], 120_000);
    watcher.close();
    const s = summarize(load, watcher);
    const rssBytes = await metric(
      `http://127.0.0.1:${h.metricsPort}/metrics`,
      'race_process_process_resident_memory_bytes',
    );
    const stages = blockStages(node.logs());
    const verify = await Promise.all(
      ['hit', 'miss', 'pre_verified'].map((o) =>
        metric(`http://127.0.0.1:${h.metricsPort}/metrics`, `race_verify_cache_signatures{outcome="${o}"}`),
      ),
    );
    const loaded = watcher.blockTimes.filter((b) => b.txs > 0);
    out('measuring the secp256k1 verification ceiling (same library, one thread)…');
    const ceiling = verifyCeiling();
    const result = {
      txs: signed.length,
      accepted: load.acked.size,
      committed: s.committed,
      lost: s.lost,
      committed_tx_per_s: round(s.tps),
      latency_p50_ms: s.p50,
      latency_p99_ms: s.p99,
      txs_per_loaded_block: round(mean(loaded.map((b) => b.txs))),
      generator_cores: load.generatorCores,
      verify_cache_hits: verify[0] ?? null,
      verify_cache_misses: verify[1] ?? null,
      pre_verified: verify[2] ?? null,
      load_avg_1m: round(load0, 2),
      mining: MINING,
      genesis_accounts: ACCOUNTS + GENESIS_ACCOUNTS,
      startup_ms: Math.round(startupMs),
      finalize_ms_per_loaded_block: round(mean(stages.filter((b) => b.txs > 0).map((b) => b.finalize)), 2),
      commit_ms_per_loaded_block: round(mean(stages.filter((b) => b.txs > 0).map((b) => b.commit)), 2),
      node_rss_mib: rssBytes !== undefined ? Math.round(rssBytes / 2 ** 20) : null,
      secp256k1_verify_per_s: Math.round(ceiling),
      ratio: round(s.tps / ceiling, 3),
      goal_ratio: 0.5,
      goal_p99_ms: 2500,
      goals_met: s.tps / ceiling >= 0.5 && s.p99 <= 2500 && s.lost === 0,
    };
    out(
      `committed ${result.committed}/${result.txs} txs: ${result.committed_tx_per_s} tx/s; latency p50 ${result.latency_p50_ms} ms, p99 ${result.latency_p99_ms} ms; generators used ${result.generator_cores} cores`,
    );
    out(
      `secp256k1 verifications: ${result.secp256k1_verify_per_s}/s; ratio ${result.ratio} (goal ≥ ${result.goal_ratio})`,
    );
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await node.stop();
    if (NODE_LOG) fs.writeFileSync(NODE_LOG, node.logs());
  }
}

await main();
