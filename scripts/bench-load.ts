/**
 * The load generator of `npm run bench:tx` and `bench:net`, run as its own process so that it is never the node's
 * bottleneck and its CPU is measured apart: it reads pre-signed txs from a JSON file, sends them with batched
 * broadcast_tx_sync over several keep-alive connections (each connection owns whole accounts, so an account's
 * sequences arrive in order), optionally paced to an offered rate, and prints one JSON line: when each tx was sent
 * (epoch ms), which were acknowledged, and its own CPU time.
 *
 *   node --import tsx scripts/bench-load.ts <plan.json>
 */
import fs from 'node:fs';
import http from 'node:http';

export interface LoadPlan {
  /** RPC URLs; connection i talks to urls[i % urls.length]. */
  urls: string[];
  /** Per connection: base64 txs in the order they must be sent. */
  lanes: string[][];
  /** Txs per JSON-RPC batch (the node's rpc.max_batch_size bounds it). */
  batch: number;
  /** Offered load in tx/s over all lanes of this process; 0 sends as fast as the node answers. */
  ratePerS: number;
}

export interface LoadReport {
  /** For every lane and tx: [epoch ms sent, 1 when acknowledged with code 0 else 0]. */
  lanes: Array<Array<[number, number]>>;
  firstErrors: string[];
  cpuMs: number;
  wallMs: number;
}

const nowMs = () => performance.timeOrigin + performance.now();
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function post(url: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString()));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function runLane(url: string, txs: string[], plan: LoadPlan, laneRate: number, errors: string[]) {
  const out: Array<[number, number]> = [];
  const start = nowMs();
  for (let i = 0; i < txs.length; i += plan.batch) {
    if (laneRate > 0) {
      const due = start + (i / laneRate) * 1000;
      const wait = due - nowMs();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const chunk = txs.slice(i, i + plan.batch);
    const body = JSON.stringify(
      chunk.map((tx, j) => ({ jsonrpc: '2.0', id: i + j, method: 'broadcast_tx_sync', params: { tx } })),
    );
    const sentAt = nowMs();
    let answers: any[] = [];
    try {
      answers = JSON.parse(await post(url, body)) as any[];
    } catch (e) {
      if (errors.length < 3) errors.push((e as Error).message);
    }
    const byId = new Map<number, any>(Array.isArray(answers) ? answers.map((a) => [a.id, a]) : []);
    for (let j = 0; j < chunk.length; j++) {
      const a = byId.get(i + j);
      const ok = a && !a.error && a.result?.code === 0;
      if (!ok && a && errors.length < 3) errors.push(JSON.stringify(a.error ?? a.result));
      out.push([sentAt, ok ? 1 : 0]);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const plan = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as LoadPlan;
  const total = plan.lanes.reduce((n, l) => n + l.length, 0);
  const errors: string[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = nowMs();
  const lanes = await Promise.all(
    plan.lanes.map((txs, i) =>
      runLane(plan.urls[i % plan.urls.length]!, txs, plan, (plan.ratePerS * txs.length) / Math.max(1, total), errors),
    ),
  );
  const cpu = process.cpuUsage(cpu0);
  const report: LoadReport = {
    lanes,
    firstErrors: errors,
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: nowMs() - t0,
  };
  agent.destroy();
  process.stdout.write(JSON.stringify(report) + '\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) await main();
