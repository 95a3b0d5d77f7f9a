/**
 * A local multi-node network of real `raced start` processes on 127.0.0.1 for e2e tests, built with
 * `raced testnet init-files` (runTestnetInitFiles): start / stop / kill -9 / restart nodes, wait for heights, read
 * block and app hashes over RPC, cut and heal links (a partition), and sign txs from the validators' funded keys.
 *
 * Partitions use the p2p layer's test-only knob (chain/p2p/test-partition.ts): every node is started with
 * RACE_TEST_PARTITION_FILE pointing at its own file; the node ids written there are refused and hung up on, and
 * emptying the file heals the links without a restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DirectSecp256k1HdWallet } from '@cosmjs/proto-signing';
import { SigningStargateClient, StargateClient } from '@cosmjs/stargate';
import { TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { TEST_PARTITION_ENV } from '../../chain/p2p/test-partition.js';
import {
  PORTS_PER_NODE,
  runTestnetInitFiles,
  type TestnetInitOpts,
  type TestnetManifest,
  type TestnetNode,
} from '../../node/cli/commands/testnet.js';
import { homePaths } from '../../node/cli/home.js';
import { loadNodeConfig, writeToml, type NodeConfig } from '../../node/config.js';
import { fetchBlockSummary, type BlockSummary } from './checker.js';
import { RACED, rpcCall } from './node-process.js';
import { sleep } from './wait.js';

/** The env var the p2p layer reads (test-only); see chain/p2p/test-partition.ts. */
export const PARTITION_ENV = TEST_PARTITION_ENV;
/** The env var node.ts reads to make a validator sign two different prevotes per height (test-only). */
export const EQUIVOCATE_ENV = 'RACE_TEST_EQUIVOCATE_PREVOTES';

export interface TestnetHarnessOpts extends Omit<TestnetInitOpts, 'outputDir' | 'startingPort'> {
  /** Edits each node's config.toml after init-files (e.g. shorter timeouts). */
  configure?: (cfg: NodeConfig, node: TestnetNode) => void;
  logLevel?: string;
}

export interface StartOpts {
  env?: Record<string, string>;
  extraArgs?: string[];
}

interface Proc {
  child: ChildProcess;
  exited: Promise<void>;
}

/** A block of `count` consecutive free ports on 127.0.0.1 (probed by binding each one). */
export async function freePortBlock(count: number, attempts = 30): Promise<number> {
  for (let a = 0; a < attempts; a++) {
    const base = 20_000 + Math.floor(Math.random() * 4_000) * 10;
    const ok = await Promise.all(Array.from({ length: count }, (_, i) => portFree(base + i)));
    if (ok.every(Boolean)) return base;
  }
  throw new Error(`no block of ${count} free ports found`);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

export class Testnet {
  private readonly procs = new Map<number, Proc>();
  private readonly logs = new Map<number, string>();
  private readonly sequences = new Map<number, number>();
  private readonly signers = new Map<
    number,
    { client: SigningStargateClient; address: string; accountNumber: bigint }
  >();

  private constructor(
    readonly dir: string,
    readonly manifest: TestnetManifest,
    private readonly opts: TestnetHarnessOpts,
  ) {}

  /** Writes the homes with init-files into a fresh temp dir on free ports; starts nothing. */
  static async create(opts: TestnetHarnessOpts): Promise<Testnet> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'race-net-'));
    const total = opts.validators + (opts.fullNodes ?? 0);
    const startingPort = await freePortBlock(total * PORTS_PER_NODE);
    const manifest = await runTestnetInitFiles({
      ...opts,
      outputDir: dir,
      startingPort,
      chainId: opts.chainId ?? 'race-e2e',
    });
    for (const node of manifest.nodes) {
      const file = homePaths(node.home).configToml;
      const cfg = loadNodeConfig(file);
      cfg.race.mining = false; // network tests do not race; keeps the CPU for consensus
      cfg.race.device = 'cpu';
      opts.configure?.(cfg, node);
      writeToml(file, cfg);
      fs.writeFileSync(path.join(dir, `${node.name}.partition`), '');
    }
    return new Testnet(dir, manifest, opts);
  }

  get nodes(): TestnetNode[] {
    return this.manifest.nodes;
  }

  get validators(): number[] {
    return this.nodes.flatMap((n, i) => (n.validator ? [i] : []));
  }

  node(i: number): TestnetNode {
    const n = this.nodes[i];
    if (!n) throw new Error(`no node ${i}`);
    return n;
  }

  /** For the checker: every node's name and RPC URL. */
  rpcNodes(indices: number[] = this.nodes.map((_, i) => i)): Array<{ name: string; rpcUrl: string }> {
    return indices.map((i) => ({ name: this.node(i).name, rpcUrl: this.node(i).rpcUrl }));
  }

  isRunning(i: number): boolean {
    const p = this.procs.get(i);
    return !!p && p.child.exitCode === null && p.child.signalCode === null;
  }

  running(): number[] {
    return this.nodes.flatMap((_, i) => (this.isRunning(i) ? [i] : []));
  }

  /** Starts node i's process (does not wait for blocks: a network needs > 2/3 of its weight up first). */
  start(i: number, o: StartOpts = {}): void {
    if (this.isRunning(i)) throw new Error(`${this.node(i).name} is already running`);
    const n = this.node(i);
    const child = spawn(
      process.execPath,
      [
        RACED,
        'start',
        '--home',
        n.home,
        '--log_format',
        'json',
        '--log_level',
        this.opts.logLevel ?? 'info',
        ...(o.extraArgs ?? []),
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          [PARTITION_ENV]: path.join(this.dir, `${n.name}.partition`),
          ...o.env,
        },
      },
    );
    const file = fs.createWriteStream(path.join(this.dir, `${n.name}.log`), { flags: 'a' });
    child.once('close', () => file.end()); // after stdout and stderr have ended
    const append = (d: Buffer) => {
      file.write(d);
      let s = (this.logs.get(i) ?? '') + d.toString();
      if (s.length > 4_000_000) s = s.slice(-2_000_000);
      this.logs.set(i, s);
    };
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.procs.set(i, { child, exited });
  }

  startAll(indices: number[] = this.nodes.map((_, i) => i), o: StartOpts = {}): void {
    for (const i of indices) this.start(i, o);
  }

  /** SIGTERM (clean shutdown) or SIGKILL (kill -9); waits for the process to exit. */
  async stop(i: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const p = this.procs.get(i);
    if (!p) return;
    if (this.isRunning(i)) p.child.kill(signal);
    const timer = setTimeout(() => p.child.kill('SIGKILL'), 20_000);
    await p.exited;
    clearTimeout(timer);
  }

  kill(i: number): Promise<void> {
    return this.stop(i, 'SIGKILL');
  }

  async restart(i: number, o: StartOpts = {}): Promise<void> {
    await this.stop(i);
    this.start(i, o);
  }

  /** Exit code of a stopped node (null while running or if killed by a signal). */
  exitCode(i: number): number | null {
    return this.procs.get(i)?.child.exitCode ?? null;
  }

  log(i: number): string {
    return this.logs.get(i) ?? '';
  }

  /** The last lines of every node's log, for failure messages. */
  logTails(lines = 15): string {
    return this.nodes
      .map(
        (n, i) =>
          `--- ${n.name}${this.isRunning(i) ? '' : ' (not running)'}\n${this.log(i).split('\n').slice(-lines).join('\n')}`,
      )
      .join('\n');
  }

  async status(i: number): Promise<any> {
    return rpcCall(this.node(i).rpcUrl, 'status');
  }

  /** Latest height of node i, 0 if it does not answer. */
  async height(i: number): Promise<number> {
    try {
      return Number((await this.status(i)).sync_info.latest_block_height);
    } catch {
      return 0;
    }
  }

  async peerCount(i: number): Promise<number> {
    return Number((await rpcCall(this.node(i).rpcUrl, 'net_info')).n_peers);
  }

  /** Consensus-channel messages node i has accepted from its peers (its Prometheus counter): proof of activity. */
  async consensusMessagesReceived(i: number): Promise<number> {
    const res = await fetch(`http://127.0.0.1:${this.node(i).ports.prometheus}/metrics`, {
      signal: AbortSignal.timeout(3_000),
    });
    const line = (await res.text())
      .split('\n')
      .find((l) => l.startsWith('race_p2p_messages_received_total{channel="consensus"}'));
    return line ? Number(line.split(' ').pop()) : 0;
  }

  /** Waits until every listed node (default: all running) reports at least `height`. */
  async waitForHeight(height: number, indices: number[] = this.running(), timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hs = await Promise.all(indices.map((i) => this.height(i)));
      if (hs.every((h) => h >= height)) return;
      for (const i of indices) {
        if (this.procs.has(i) && !this.isRunning(i))
          throw new Error(
            `${this.node(i).name} exited (code ${this.exitCode(i)}) while waiting for height ${height}:\n${this.log(i).slice(-4000)}`,
          );
      }
      if (Date.now() > deadline)
        throw new Error(
          `height ${height} not reached within ${timeoutMs} ms (heights ${indices.map((i, k) => `${this.node(i).name}=${hs[k]}`).join(' ')})\n${this.logTails()}`,
        );
      await sleep(300);
    }
  }

  /** The highest height among the listed nodes. */
  async maxHeight(indices: number[] = this.running()): Promise<number> {
    return Math.max(0, ...(await Promise.all(indices.map((i) => this.height(i)))));
  }

  /** Waits for `blocks` more blocks beyond the current maximum of the listed nodes. */
  async waitForBlocks(blocks: number, indices: number[] = this.running(), timeoutMs = 60_000): Promise<number> {
    const target = (await this.maxHeight(indices)) + blocks;
    await this.waitForHeight(target, indices, timeoutMs);
    return target;
  }

  async block(i: number, height: number): Promise<BlockSummary | undefined> {
    return fetchBlockSummary(this.node(i).rpcUrl, height);
  }

  async blockHash(i: number, height: number): Promise<string | undefined> {
    return (await this.block(i, height))?.hash;
  }

  async appHash(i: number, height: number): Promise<string | undefined> {
    return (await this.block(i, height))?.appHash;
  }

  /**
   * Cuts every link between the groups: each node refuses and hangs up on the nodes outside its group. Nodes in no
   * group are cut off from everyone. Takes effect within about a second (the p2p layer polls the file).
   */
  partition(groups: number[][]): void {
    for (const [i, n] of this.nodes.entries()) {
      const mine = groups.find((g) => g.includes(i)) ?? [i];
      const blocked = this.nodes.filter((_, j) => !mine.includes(j)).map((m) => m.nodeId);
      fs.writeFileSync(path.join(this.dir, `${n.name}.partition`), blocked.join('\n'));
    }
  }

  heal(): void {
    for (const n of this.nodes) fs.writeFileSync(path.join(this.dir, `${n.name}.partition`), '');
  }

  private async signer(i: number): Promise<{ client: SigningStargateClient; address: string; accountNumber: bigint }> {
    let s = this.signers.get(i);
    if (!s) {
      const account = this.node(i).account;
      if (!account) throw new Error(`${this.node(i).name} has no funded account`);
      const wallet = await DirectSecp256k1HdWallet.fromMnemonic(account.mnemonic, { prefix: 'race' });
      const client = await SigningStargateClient.offline(wallet);
      const rpcNode = this.running()[0];
      if (rpcNode === undefined) throw new Error('no node running to read the account number from');
      const q = await StargateClient.connect(this.node(rpcNode).rpcUrl);
      const acc = await q.getAccount(account.address).finally(() => q.disconnect());
      if (!acc) throw new Error(`account ${account.address} not found`);
      s = { client, address: account.address, accountNumber: acc.accountNumber };
      if (!this.sequences.has(i)) this.sequences.set(i, acc.sequence);
      this.signers.set(i, s);
    }
    return s;
  }

  /**
   * A signed MsgSend of `amount` nicoin from validator i's account to `to` (default: the next validator's account),
   * using and advancing the harness's own sequence counter (read from the chain on first use). `sequence` overrides it.
   */
  async signSend(
    i: number,
    o: { to?: string; amount?: number; sequence?: number; memo?: string } = {},
  ): Promise<Uint8Array> {
    const s = await this.signer(i);
    const vals = this.validators;
    const to = o.to ?? this.node(vals[(vals.indexOf(i) + 1) % vals.length]!).account!.address;
    const sequence = o.sequence ?? this.sequences.get(i) ?? 0;
    if (o.sequence === undefined) this.sequences.set(i, sequence + 1);
    const raw = await s.client.sign(
      s.address,
      [
        {
          typeUrl: '/cosmos.bank.v1beta1.MsgSend',
          value: {
            fromAddress: s.address,
            toAddress: to,
            amount: [{ denom: 'nicoin', amount: String(o.amount ?? 1) }],
          },
        },
      ],
      { amount: [{ denom: 'nicoin', amount: '2000' }], gas: '200000' },
      o.memo ?? '',
      { accountNumber: s.accountNumber, sequence, chainId: this.manifest.chainId },
    );
    return TxRaw.encode(raw).finish();
  }

  /** Kills every node and removes the homes (kept when RACE_KEEP_TESTNET is set, for debugging). */
  async cleanup(): Promise<void> {
    await Promise.all([...this.procs.keys()].map((i) => this.kill(i)));
    if (!process.env.RACE_KEEP_TESTNET) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
