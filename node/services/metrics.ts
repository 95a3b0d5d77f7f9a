import http from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from '../../chain/util/log.js';
import { parseListenAddress } from '../../chain/types/listen-address.js';

/** Every metric the node exports, declared in one place (CometBFT-style names under the `race_` namespace). */
export class NodeMetrics {
  readonly registry = new Registry();
  readonly height = new Gauge({
    name: 'race_consensus_height',
    help: 'Height of the latest committed block',
    registers: [this.registry],
  });
  readonly blockIntervalSeconds = new Histogram({
    name: 'race_consensus_block_interval_seconds',
    help: 'Time between consecutive blocks (block time)',
    registers: [this.registry],
    buckets: [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30],
  });
  readonly txs = new Counter({
    name: 'race_consensus_txs_total',
    help: 'Committed txs',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly blockTxs = new Gauge({
    name: 'race_consensus_num_txs',
    help: 'Txs in the latest block',
    registers: [this.registry],
  });
  readonly mempoolSize = new Gauge({
    name: 'race_mempool_size',
    help: 'Txs in the mempool',
    registers: [this.registry],
  });
  readonly mempoolBytes = new Gauge({
    name: 'race_mempool_size_bytes',
    help: 'Bytes of txs in the mempool',
    registers: [this.registry],
  });
  /** Account-signature cache (chain/crypto/verify-cache.ts), read at scrape time from the source set by trackVerifyCache. */
  private verifyStats: () => { hits: number; misses: number; preVerified: number } = () => ({
    hits: 0,
    misses: 0,
    preVerified: 0,
  });
  readonly verifyCache = new Gauge({
    name: 'race_verify_cache_signatures',
    help: 'Account signatures since start: checked by the ante and found cached (hit) or verified then (miss), or verified ahead in parallel batches (pre_verified)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
    collect: () => {
      const s = this.verifyStats();
      this.verifyCache.set({ outcome: 'hit' }, s.hits);
      this.verifyCache.set({ outcome: 'miss' }, s.misses);
      this.verifyCache.set({ outcome: 'pre_verified' }, s.preVerified);
    },
  });
  readonly rpcLatency = new Histogram({
    name: 'race_rpc_request_duration_seconds',
    help: 'JSON-RPC request latency by method',
    labelNames: ['method'] as const,
    registers: [this.registry],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
  });

  readonly raceNoncesPerSecond = new Gauge({
    name: 'race_miner_nonces_per_second',
    help: 'Race miner rate (nonces/s of mining time; 0 when idle)',
    registers: [this.registry],
  });
  readonly raceProofsFound = new Counter({
    name: 'race_miner_proofs_found_total',
    help: 'Appropriate nonces the miner found',
    registers: [this.registry],
  });
  readonly raceProofsSubmitted = new Counter({
    name: 'race_proofs_submitted_total',
    help: 'Nonces submitted in proof batches',
    registers: [this.registry],
  });
  readonly raceValidations = new Counter({
    name: 'race_validations_posted_total',
    help: 'Validation findings posted, by verdict of the nonce',
    labelNames: ['verdict'] as const,
    registers: [this.registry],
  });
  readonly raceBeaconMessages = new Counter({
    name: 'race_beacon_messages_total',
    help: 'Beacon messages submitted, by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  /** The sink the node's RaceService reports to. */
  readonly race = {
    noncesPerSecond: (v: number) => this.raceNoncesPerSecond.set(v),
    proofsFound: (n: number) => this.raceProofsFound.inc(n),
    proofsSubmitted: (n: number) => this.raceProofsSubmitted.inc(n),
    validationPosted: (passed: number, failed: number) => {
      this.raceValidations.inc({ verdict: 'pass' }, passed);
      this.raceValidations.inc({ verdict: 'fail' }, failed);
    },
    beaconMessage: (kind: string) => this.raceBeaconMessages.inc({ kind }),
  };

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'race_process_' });
  }

  trackVerifyCache(stats: () => { hits: number; misses: number; preVerified: number }): void {
    this.verifyStats = stats;
  }

  observeRpc(method: string, seconds: number): void {
    this.rpcLatency.observe({ method }, seconds);
  }
}

/** Serves /metrics in the Prometheus text format. */
export async function startMetricsServer(
  laddr: string,
  metrics: NodeMetrics,
  log: Logger,
): Promise<{ url: string; close(): Promise<void> }> {
  const { host, port } = parseListenAddress(laddr, 'prometheus_listen_addr');
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '/').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found; metrics are at /metrics\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (e: Error) => res.writeHead(500).end(e.message),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as { port: number };
  log.info({ addr: `${host}:${addr.port}` }, 'metrics server listening');
  return { url: `http://${host}:${addr.port}/metrics`, close: () => new Promise((r) => server.close(() => r())) };
}
