/**
 * What `bench:tx` and `bench:net` share: pre-signing MsgSends, driving them through load-generator processes
 * (scripts/bench-load.ts) and timing each tx from broadcast to the NewBlock event that carries it.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DirectSecp256k1Wallet } from '@cosmjs/proto-signing';
import { SigningStargateClient, StargateClient } from '@cosmjs/stargate';
import { sha256 } from '@noble/hashes/sha2.js';
import { TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import WebSocket from 'ws';
import { addressBytesFromSecp256k1, toBech32 } from '../chain/crypto/address.js';
import { secp256k1PubkeyFromPrivkey, signSecp256k1, verifySecp256k1 } from '../chain/crypto/secp256k1.js';
import type { LoadPlan, LoadReport } from './bench-load.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const nowMs = () => performance.timeOrigin + performance.now();

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
export const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
export const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

export function benchPrivKey(i: number): Uint8Array {
  return sha256(new TextEncoder().encode(`race bench account ${i}`));
}

export function benchAddress(priv: Uint8Array): string {
  return toBech32(addressBytesFromSecp256k1(secp256k1PubkeyFromPrivkey(priv)));
}

export const txHash = (tx: Uint8Array): string => Buffer.from(sha256(tx)).toString('hex').toUpperCase();

/** secp256k1 verifications per second in one thread, same library as the node. */
export function verifyCeiling(seconds = 2): number {
  const priv = benchPrivKey(0);
  const pub = secp256k1PubkeyFromPrivkey(priv);
  const msgs = Array.from({ length: 64 }, (_, i) => sha256(Uint8Array.of(i)));
  const sigs = msgs.map((m) => signSecp256k1(m, priv));
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    for (let i = 0; i < 64; i++) verifySecp256k1(sigs[i]!, msgs[i]!, pub);
    n += 64;
  }
  return n / ((performance.now() - t0) / 1000);
}

export interface SignedTx {
  account: number;
  bytes: Uint8Array;
  hash: string;
}

/** perAccount MsgSends (fee 100nicoin) from each key, sequences firstSequence.., to the next account. */
export async function presign(
  rpcUrl: string,
  chainId: string,
  keys: Uint8Array[],
  perAccount: number,
  firstSequence = 0,
): Promise<SignedTx[]> {
  const addrs = keys.map(benchAddress);
  const query = await StargateClient.connect(rpcUrl);
  const numbers: bigint[] = [];
  for (const a of addrs) {
    const acc = await query.getAccount(a);
    if (!acc) throw new Error(`bench account ${a} missing from genesis`);
    numbers.push(acc.accountNumber);
  }
  query.disconnect();
  const signed: SignedTx[] = [];
  for (let a = 0; a < keys.length; a++) {
    const client = await SigningStargateClient.offline(await DirectSecp256k1Wallet.fromKey(keys[a]!, 'race'));
    for (let s = firstSequence; s < firstSequence + perAccount; s++) {
      const raw = await client.sign(
        addrs[a]!,
        [
          {
            typeUrl: '/cosmos.bank.v1beta1.MsgSend',
            value: {
              fromAddress: addrs[a]!,
              toAddress: addrs[(a + 1) % addrs.length]!,
              amount: [{ denom: 'nicoin', amount: '1' }],
            },
          },
        ],
        { amount: [{ denom: 'nicoin', amount: '100' }], gas: '100000' },
        '',
        { accountNumber: numbers[a]!, sequence: s, chainId },
      );
      const bytes = TxRaw.encode(raw).finish();
      signed.push({ account: a, bytes, hash: txHash(bytes) });
    }
  }
  return signed;
}

/** Records when each tx hash first appears in a NewBlock event of one node. */
export class CommitWatcher {
  readonly committedAt = new Map<string, number>();
  /** Header time (ms) of every block seen, in height order. */
  readonly blockTimes: Array<{ height: number; timeMs: number; txs: number }> = [];
  private ws!: WebSocket;

  static async open(wsUrl: string): Promise<CommitWatcher> {
    const w = new CommitWatcher();
    w.ws = new WebSocket(wsUrl);
    await new Promise((r, j) => {
      w.ws.once('open', r);
      w.ws.once('error', j);
    });
    w.ws.on('message', (raw) => {
      const now = nowMs();
      const m = JSON.parse(raw.toString()) as any;
      const block = m.result?.data?.value?.block;
      if (!block) return;
      const txs: string[] = block.data?.txs ?? [];
      for (const t of txs) {
        const h = txHash(Buffer.from(t, 'base64'));
        if (!w.committedAt.has(h)) w.committedAt.set(h, now);
      }
      w.blockTimes.push({
        height: Number(block.header.height),
        timeMs: Date.parse(String(block.header.time).replace(/(\.\d{3})\d*/, '$1')),
        txs: txs.length,
      });
    });
    w.ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscribe', params: { query: "tm.event='NewBlock'" } }));
    await new Promise((r) => setTimeout(r, 300));
    return w;
  }

  async waitFor(hashes: string[], timeoutMs: number): Promise<void> {
    const deadline = nowMs() + timeoutMs;
    while (hashes.some((h) => !this.committedAt.has(h)) && nowMs() < deadline)
      await new Promise((r) => setTimeout(r, 100));
  }

  close(): void {
    this.ws.close();
  }
}

export interface LoadResult {
  sentAt: Map<string, number>;
  acked: Set<string>;
  firstErrors: string[];
  /** The generators' CPU over their wall time, summed over processes (1.0 = one core busy). */
  generatorCores: number;
}

export interface LoadOpts {
  urls: string[];
  processes: number;
  connectionsPerProcess: number;
  batch: number;
  /** Total offered tx/s over all processes; 0 = as fast as the nodes answer. */
  ratePerS: number;
}

/** Sends the txs from load-generator processes; each account's txs stay on one connection, in sequence order. */
export async function driveLoad(txs: SignedTx[], o: LoadOpts): Promise<LoadResult> {
  const byAccount = new Map<number, SignedTx[]>();
  for (const t of txs) byAccount.set(t.account, [...(byAccount.get(t.account) ?? []), t]);
  const lanesTotal = o.processes * o.connectionsPerProcess;
  const lanes: SignedTx[][] = Array.from({ length: lanesTotal }, () => []);
  [...byAccount.values()].forEach((list, i) => lanes[i % lanesTotal]!.push(...list));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'race-bench-load-'));
  const run = promisify(execFile);
  const jobs = Array.from({ length: o.processes }, (_, p) => {
    const mine = lanes.slice(p * o.connectionsPerProcess, (p + 1) * o.connectionsPerProcess);
    const plan: LoadPlan = {
      urls: mine.map((_, i) => o.urls[(p * o.connectionsPerProcess + i) % o.urls.length]!),
      lanes: mine.map((l) => l.map((t) => Buffer.from(t.bytes).toString('base64'))),
      batch: o.batch,
      ratePerS: (o.ratePerS * mine.reduce((n, l) => n + l.length, 0)) / Math.max(1, txs.length),
    };
    const file = path.join(dir, `plan-${p}.json`);
    fs.writeFileSync(file, JSON.stringify(plan));
    return { mine, file };
  });
  const reports = await Promise.all(
    jobs.map(async ({ file }) => {
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', path.join(ROOT, 'scripts/bench-load.ts'), file],
        {
          cwd: ROOT,
          env: { ...process.env, NODE_OPTIONS: '' },
          maxBuffer: 64 * 1024 * 1024,
          timeout: 600_000,
        },
      );
      return JSON.parse(stdout.trim().split('\n').pop()!) as LoadReport;
    }),
  );
  fs.rmSync(dir, { recursive: true, force: true });
  const sentAt = new Map<string, number>();
  const acked = new Set<string>();
  const firstErrors: string[] = [];
  let cores = 0;
  reports.forEach((r, p) => {
    cores += r.cpuMs / r.wallMs;
    firstErrors.push(...r.firstErrors);
    r.lanes.forEach((lane, l) =>
      lane.forEach(([at, ok], i) => {
        const t = jobs[p]!.mine[l]![i]!;
        sentAt.set(t.hash, at);
        if (ok) acked.add(t.hash);
      }),
    );
  });
  return { sentAt, acked, firstErrors: firstErrors.slice(0, 3), generatorCores: round(cores, 2) };
}

/** Committed tx/s and broadcast→commit latency percentiles of the acknowledged txs. */
export function summarize(load: LoadResult, watcher: CommitWatcher) {
  const hashes = [...load.acked];
  const lat = hashes
    .filter((h) => watcher.committedAt.has(h))
    .map((h) => watcher.committedAt.get(h)! - load.sentAt.get(h)!);
  const committed = lat.length;
  const last = Math.max(...hashes.map((h) => watcher.committedAt.get(h) ?? 0));
  return {
    committed,
    lost: hashes.length - committed,
    tps: committed / ((last - Math.min(...load.sentAt.values())) / 1000),
    p50: Math.round(pct(lat, 50)),
    p99: Math.round(pct(lat, 99)),
  };
}
