/**
 * The network checker (CometBFT e2e / Jepsen style), run after every network test over all nodes' RPC:
 *  - safety: no two different blocks (or app hashes) at any height across nodes;
 *  - every acknowledged tx (broadcast_tx_sync answered code 0) is committed exactly once;
 *  - no tx that was rejected (non-zero code or an RPC error) is ever committed.
 * `checkHistories` is the pure part (unit-tested on synthetic histories); `fetchHistory` / `runChecker` read real nodes.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { rpcCall } from './node-process.js';

export interface BlockSummary {
  height: number;
  /** Block id hash, upper-case hex. */
  hash: string;
  /** The header's app hash (the state after the previous block), upper-case hex. */
  appHash: string;
  /** sha256 of each tx, upper-case hex, in block order. */
  txHashes: string[];
  evidence: unknown[];
}

export interface NodeHistory {
  node: string;
  blocks: BlockSummary[];
}

export interface CheckResult {
  ok: boolean;
  problems: string[];
  /** Highest height any node reported. */
  maxHeight: number;
  /** Nodes whose history was read. */
  nodes: string[];
  acknowledged: number;
  /** Acknowledged txs found committed exactly once. */
  committedOnce: number;
}

export const txHashOf = (tx: Uint8Array): string => Buffer.from(sha256(tx)).toString('hex').toUpperCase();

/**
 * What clients were told about their txs. A tx whose broadcast failed in transport (node down, timeout) is
 * `unknown`: it may or may not be committed, so the checker asserts nothing about it.
 */
export class TxLedger {
  readonly acknowledged = new Set<string>();
  readonly rejected = new Map<string, string>();
  readonly unknown = new Set<string>();

  /** The answer of broadcast_tx_sync for this tx (its JSON-RPC body), or null when the transport failed. */
  record(
    hash: string,
    answer: { result?: { code?: number; log?: string }; error?: { message?: string; data?: string } } | null,
  ): void {
    if (answer === null) this.unknown.add(hash);
    else if (answer.error)
      this.rejected.set(hash, `rpc error: ${answer.error.message ?? ''} ${answer.error.data ?? ''}`.trim());
    else if (answer.result?.code === 0) this.acknowledged.add(hash);
    else this.rejected.set(hash, `code ${String(answer.result?.code)}: ${answer.result?.log ?? ''}`);
  }

  /** broadcast_tx_sync to one node, recorded; returns the tx hash and whether it was acknowledged. */
  async broadcast(
    rpcUrl: string,
    tx: Uint8Array,
    timeoutMs = 10_000,
  ): Promise<{ hash: string; ok: boolean; log: string }> {
    const hash = txHashOf(tx);
    try {
      const res = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'broadcast_tx_sync',
          params: { tx: Buffer.from(tx).toString('base64') },
        }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = (await res.json()) as {
        result?: { code?: number; log?: string };
        error?: { message?: string; data?: string };
      };
      this.record(hash, body);
    } catch {
      this.record(hash, null);
    }
    return { hash, ok: this.acknowledged.has(hash), log: this.rejected.get(hash) ?? '' };
  }
}

/** Pure: compares the nodes' histories and the ledger. */
export function checkHistories(
  histories: NodeHistory[],
  ledger: { acknowledged: Iterable<string>; rejected: Iterable<string> },
): CheckResult {
  const problems: string[] = [];
  const canonical = new Map<number, { node: string; block: BlockSummary }>();
  let maxHeight = 0;
  for (const h of histories) {
    const seen = new Set<number>();
    for (const b of h.blocks) {
      if (seen.has(b.height)) problems.push(`${h.node} reported height ${b.height} twice`);
      seen.add(b.height);
      maxHeight = Math.max(maxHeight, b.height);
      const first = canonical.get(b.height);
      if (!first) {
        canonical.set(b.height, { node: h.node, block: b });
        continue;
      }
      if (first.block.hash !== b.hash)
        problems.push(
          `fork at height ${b.height}: ${first.node} has block ${first.block.hash}, ${h.node} has ${b.hash}`,
        );
      else if (first.block.appHash !== b.appHash)
        problems.push(
          `app hash differs at height ${b.height}: ${first.node} ${first.block.appHash}, ${h.node} ${b.appHash}`,
        );
    }
  }
  const commits = new Map<string, number[]>();
  for (const [height, { block }] of [...canonical].sort((a, b) => a[0] - b[0])) {
    for (const tx of block.txHashes) {
      const list = commits.get(tx) ?? [];
      list.push(height);
      commits.set(tx, list);
    }
  }
  let acknowledged = 0;
  let committedOnce = 0;
  for (const tx of ledger.acknowledged) {
    acknowledged++;
    const at = commits.get(tx) ?? [];
    if (at.length === 0) problems.push(`acknowledged tx ${tx} was never committed`);
    else if (at.length > 1)
      problems.push(`acknowledged tx ${tx} was committed ${at.length} times (heights ${at.join(', ')})`);
    else committedOnce++;
  }
  for (const tx of ledger.rejected) {
    const at = commits.get(tx);
    if (at) problems.push(`rejected tx ${tx} was committed at height ${at.join(', ')}`);
  }
  return {
    ok: problems.length === 0,
    problems,
    maxHeight,
    nodes: histories.map((h) => h.node),
    acknowledged,
    committedOnce,
  };
}

/** One block's summary over RPC, or undefined when the node does not have it. */
export async function fetchBlockSummary(
  rpcUrl: string,
  height: number,
  timeoutMs = 5_000,
): Promise<BlockSummary | undefined> {
  const r = await rpcCall(rpcUrl, 'block', { height: String(height) }, timeoutMs);
  if (!r?.block) return undefined;
  const txs: string[] = r.block.data?.txs ?? [];
  return {
    height: Number(r.block.header.height),
    hash: String(r.block_id.hash).toUpperCase(),
    appHash: String(r.block.header.app_hash).toUpperCase(),
    txHashes: txs.map((t) => txHashOf(Buffer.from(t, 'base64'))),
    evidence: r.block.evidence?.evidence ?? [],
  };
}

/** All blocks a node has, from its earliest to its latest; undefined when the node does not answer. */
export async function fetchHistory(
  node: { name: string; rpcUrl: string },
  timeoutMs = 5_000,
): Promise<NodeHistory | undefined> {
  let status: any;
  try {
    status = await rpcCall(node.rpcUrl, 'status', {}, timeoutMs);
  } catch {
    return undefined;
  }
  const from = Math.max(1, Number(status.sync_info.earliest_block_height ?? 1));
  const to = Number(status.sync_info.latest_block_height ?? 0);
  const blocks: BlockSummary[] = [];
  let next = from;
  const worker = async () => {
    while (next <= to) {
      const b = await fetchBlockSummary(node.rpcUrl, next++, timeoutMs);
      if (b) blocks.push(b);
    }
  };
  try {
    await Promise.all(Array.from({ length: 4 }, worker));
  } catch {
    return undefined; // went away while being read
  }
  return { node: node.name, blocks: blocks.sort((a, b) => a.height - b.height) };
}

export interface RunCheckerOpts {
  /** How long to wait for acknowledged txs still in mempools to be committed. */
  waitForAckedMs?: number;
  pollMs?: number;
}

/**
 * Reads every reachable node's history and checks it. Acknowledged txs may still be on their way into a block, so
 * while only "never committed" problems remain it polls again until `waitForAckedMs` has passed. Nodes that do not
 * answer are left out (a stopped node cannot be read) and the result says which nodes were read.
 */
export async function runChecker(
  nodes: Array<{ name: string; rpcUrl: string }>,
  ledger: TxLedger,
  opts: RunCheckerOpts = {},
): Promise<CheckResult> {
  const deadline = Date.now() + (opts.waitForAckedMs ?? 20_000);
  for (;;) {
    const histories = (await Promise.all(nodes.map((n) => fetchHistory(n)))).filter(
      (h): h is NodeHistory => h !== undefined,
    );
    const result = checkHistories(histories, { acknowledged: ledger.acknowledged, rejected: ledger.rejected.keys() });
    if (histories.length === 0) return { ...result, ok: false, problems: ['no node answered'] };
    const onlyPending = result.problems.every((p) => p.endsWith('was never committed'));
    if (result.ok || !onlyPending || Date.now() >= deadline) return result;
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 1_000));
  }
}

/** Throws with every problem listed (for tests: `await assertChecked(...)`). */
export async function assertChecked(
  nodes: Array<{ name: string; rpcUrl: string }>,
  ledger: TxLedger,
  opts?: RunCheckerOpts & { minNodes?: number },
): Promise<CheckResult> {
  const r = await runChecker(nodes, ledger, opts);
  if (r.nodes.length < (opts?.minNodes ?? 1))
    r.problems.push(`only ${r.nodes.length} node(s) answered: ${r.nodes.join(', ')}`);
  if (r.problems.length > 0)
    throw new Error(`checker found ${r.problems.length} problem(s):\n  ${r.problems.slice(0, 30).join('\n  ')}`);
  return r;
}
