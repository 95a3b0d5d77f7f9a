/**
 * npm run bench:net — a 4-validator network on 127.0.0.1 (raced testnet init-files, real processes) under load:
 * block interval (mean, p95, from header times), latency from broadcast to commit (p50, p99, seen by a NewBlock
 * subscriber) and committed tx/s, with pre-signed MsgSends from many accounts sent round-robin to all validators.
 * Then, in the same run, the single-node tx/s of `npm run bench:tx` (scripts/bench-tx.ts run as it is, with the same
 * load), and the ratio network / single node. The last line is one JSON object.
 *
 *   node --import tsx scripts/bench-net.ts [--validators 4] [--accounts 100] [--txs-per-account 10] [--concurrency 40]
 *        [--timeout-commit 500ms] [--idle-blocks 10] [--log-level warn] [--skip-single] [--json]
 */
import '../node/polyfills.js';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DirectSecp256k1Wallet } from '@cosmjs/proto-signing';
import { SigningStargateClient, StargateClient } from '@cosmjs/stargate';
import { sha256 } from '@noble/hashes/sha2.js';
import { TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import WebSocket from 'ws';
import { addressBytesFromSecp256k1, toBech32 } from '../chain/crypto/address.js';
import { secp256k1PubkeyFromPrivkey } from '../chain/crypto/secp256k1.js';
import { TxLedger, txHashOf } from '../test/helpers/checker.js';
import { Testnet } from '../test/helpers/testnet.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : dflt;
}
function intArg(name: string, dflt: number, min: number): number {
  const v = arg(name, String(dflt));
  if (!/^[0-9]+$/.test(v) || Number(v) < min) throw new Error(`--${name} must be an integer >= ${min}, got ${v}`);
  return Number(v);
}
const VALIDATORS = intArg('validators', 4, 1);
const ACCOUNTS = intArg('accounts', 100, 1);
const PER_ACCOUNT = intArg('txs-per-account', 10, 1);
const CONCURRENCY = intArg('concurrency', 40, 1);
const IDLE_BLOCKS = intArg('idle-blocks', 10, 2);
const TIMEOUT_COMMIT = arg('timeout-commit', '500ms');
/** The nodes' log level; with RACE_KEEP_TESTNET=1 their logs stay in the temp dir for a look at rounds and steps. */
const LOG_LEVEL = arg('log-level', 'warn');
const JSON_OUT = process.argv.includes('--json');
const SKIP_SINGLE = process.argv.includes('--skip-single');
const out = (s: string) => {
  if (!JSON_OUT) process.stdout.write(s + '\n');
};

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

function privKey(i: number): Uint8Array {
  return sha256(new TextEncoder().encode(`race bench account ${i}`));
}

/** Block header times (ns) of heights [from, to] from one node's RPC. */
async function headerTimesMs(net: Testnet, node: number, from: number, to: number): Promise<number[]> {
  const times: number[] = [];
  for (let h = from; h <= to; h++) {
    const res = await fetch(net.node(node).rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'header', params: { height: String(h) } }),
    });
    const t = ((await res.json()) as any).result.header.time as string;
    // RFC 3339 with nanoseconds: keep millisecond precision.
    times.push(Date.parse(t.replace(/(\.\d{3})\d*/, '$1')));
  }
  return times;
}

function intervals(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]!);
}

async function singleNodeBench(): Promise<Record<string, number> | undefined> {
  if (SKIP_SINGLE) return undefined;
  out('running the single-node tx benchmark (scripts/bench-tx.ts) with the same load…');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(ROOT, 'scripts/bench-tx.ts'),
      '--json',
      '--accounts',
      String(ACCOUNTS),
      '--txs-per-account',
      String(PER_ACCOUNT),
      '--concurrency',
      String(CONCURRENCY),
    ],
    { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 16 * 1024 * 1024, timeout: 600_000 },
  );
  const last = stdout.trim().split('\n').pop() ?? '';
  const r = JSON.parse(last) as Record<string, number>;
  if (r.accepted !== r.txs)
    out(
      `warning: the single-node benchmark had ${r.txs! - r.accepted!} of ${r.txs} txs rejected; its tx/s is not comparable`,
    );
  return r;
}

async function main(): Promise<void> {
  const keys = Array.from({ length: ACCOUNTS }, (_, i) => privKey(i + 1));
  const addrs = keys.map((k) => toBech32(addressBytesFromSecp256k1(secp256k1PubkeyFromPrivkey(k))));
  out(
    `setting up a ${VALIDATORS}-validator network with ${ACCOUNTS} funded accounts (timeout_commit ${TIMEOUT_COMMIT})…`,
  );
  const net = await Testnet.create({
    validators: VALIDATORS,
    chainId: 'race-bench-net',
    timeoutCommit: TIMEOUT_COMMIT,
    minGasPrices: '0.001nicoin',
    logLevel: LOG_LEVEL,
    extraAccounts: addrs.map((address) => ({ address, nicoin: 10n ** 12n })),
  });
  let netResult: Record<string, number>;
  try {
    const all = net.validators;
    net.startAll(all);
    await net.waitForHeight(2, all, 120_000);

    const idleFrom = await net.maxHeight(all);
    out(`measuring the idle block interval over ${IDLE_BLOCKS} blocks…`);
    await net.waitForHeight(idleFrom + IDLE_BLOCKS, all, 120_000);
    const idle = intervals(await headerTimesMs(net, 0, idleFrom, idleFrom + IDLE_BLOCKS));

    const query = await StargateClient.connect(net.node(0).rpcUrl);
    const accountNumbers: bigint[] = [];
    for (const a of addrs) {
      const acc = await query.getAccount(a);
      if (!acc) throw new Error(`bench account ${a} missing from genesis`);
      accountNumbers.push(acc.accountNumber);
    }
    query.disconnect();
    out(`pre-signing ${ACCOUNTS * PER_ACCOUNT} txs…`);
    const signed: Array<{ account: number; bytes: Uint8Array; hash: string }> = [];
    for (let a = 0; a < ACCOUNTS; a++) {
      const client = await SigningStargateClient.offline(await DirectSecp256k1Wallet.fromKey(keys[a]!, 'race'));
      for (let s = 0; s < PER_ACCOUNT; s++) {
        const raw = await client.sign(
          addrs[a]!,
          [
            {
              typeUrl: '/cosmos.bank.v1beta1.MsgSend',
              value: {
                fromAddress: addrs[a]!,
                toAddress: addrs[(a + 1) % ACCOUNTS]!,
                amount: [{ denom: 'nicoin', amount: '1' }],
              },
            },
          ],
          { amount: [{ denom: 'nicoin', amount: '100' }], gas: '100000' },
          '',
          { accountNumber: accountNumbers[a]!, sequence: s, chainId: net.manifest.chainId },
        );
        const bytes = TxRaw.encode(raw).finish();
        signed.push({ account: a, bytes, hash: txHashOf(bytes) });
      }
    }

    const committedAt = new Map<string, number>();
    const ws = new WebSocket(`ws://127.0.0.1:${net.node(0).ports.rpc}/websocket`);
    await new Promise((r, j) => {
      ws.once('open', r);
      ws.once('error', j);
    });
    ws.on('message', (raw) => {
      const now = performance.now();
      const m = JSON.parse(raw.toString()) as any;
      const txs: string[] = m.result?.data?.value?.block?.data?.txs ?? [];
      for (const t of txs) committedAt.set(txHashOf(Buffer.from(t, 'base64')), now);
    });
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscribe', params: { query: "tm.event='NewBlock'" } }));
    await new Promise((r) => setTimeout(r, 300));

    const ledger = new TxLedger();
    const sentAt = new Map<string, number>();
    const byAccount = Array.from({ length: ACCOUNTS }, (_, a) => signed.filter((t) => t.account === a));
    const loadFrom = await net.maxHeight(all);
    const t0 = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < byAccount.length) {
        const a = next++;
        const via = all[a % all.length]!;
        for (const t of byAccount[a]!) {
          sentAt.set(t.hash, performance.now());
          const r = await ledger.broadcast(net.node(via).rpcUrl, t.bytes, 120_000);
          if (!r.ok && ledger.rejected.size + ledger.unknown.size <= 3)
            out(ledger.unknown.has(t.hash) ? 'broadcast got no answer' : `rejected: ${r.log}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ACCOUNTS) }, worker));
    const accepted = ledger.acknowledged.size;
    const deadline = performance.now() + 180_000;
    while ([...ledger.acknowledged].some((h) => !committedAt.has(h)) && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    ws.close();
    const loadTo = await net.height(0);
    const loaded = intervals(await headerTimesMs(net, 0, loadFrom, loadTo));

    const lat = signed
      .filter((t) => committedAt.has(t.hash))
      .map((t) => committedAt.get(t.hash)! - sentAt.get(t.hash)!);
    const committed = signed.filter((t) => committedAt.has(t.hash)).length;
    const last = Math.max(...signed.map((t) => committedAt.get(t.hash) ?? 0));
    const tps = committed / ((last - t0) / 1000);
    const blockIntervals = [...idle, ...loaded];
    netResult = {
      validators: VALIDATORS,
      txs: signed.length,
      accepted,
      rejected: ledger.rejected.size,
      unanswered: ledger.unknown.size,
      committed,
      block_interval_mean_ms: Math.round(mean(blockIntervals)),
      block_interval_p95_ms: Math.round(pct(blockIntervals, 95)),
      idle_block_interval_mean_ms: Math.round(mean(idle)),
      loaded_block_interval_mean_ms: Math.round(mean(loaded)),
      latency_p50_ms: Math.round(pct(lat, 50)),
      latency_p99_ms: Math.round(pct(lat, 99)),
      committed_tx_per_s: round(tps),
    };
    out(
      `network: block interval mean ${netResult.block_interval_mean_ms} ms, p95 ${netResult.block_interval_p95_ms} ms; committed ${committed}/${signed.length} txs at ${netResult.committed_tx_per_s} tx/s; latency p50 ${netResult.latency_p50_ms} ms, p99 ${netResult.latency_p99_ms} ms`,
    );
  } finally {
    await net.cleanup();
  }
  const single = await singleNodeBench();
  const singleTps = single?.committed_tx_per_s;
  const result = {
    ...netResult,
    timeout_commit: TIMEOUT_COMMIT,
    single_node_tx_per_s: singleTps ?? null,
    single_node_accepted: single?.accepted ?? null,
    ratio_network_to_single: singleTps ? round(netResult.committed_tx_per_s! / singleTps, 3) : null,
  };
  if (singleTps) out(`single node: ${singleTps} tx/s; network / single node = ${result.ratio_network_to_single}`);
  process.stdout.write(JSON.stringify(result) + '\n');
}

await main();
