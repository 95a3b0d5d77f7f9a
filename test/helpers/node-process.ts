import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openKeyring } from '../../chain/crypto/keyring/index.js';
import { loadAppConfig, loadNodeConfig, writeToml } from '../../node/config.js';
import { addGenesisAccount, readGenesis, writeGenesis } from '../../node/genesis-file.js';
import { homePaths } from '../../node/cli/home.js';
import { runInit } from '../../node/cli/commands/init.js';
import { sleep } from './wait.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const RACED = path.join(ROOT, 'bin', 'raced.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface TestHomeOpts {
  chainId?: string;
  /** Accounts funded at genesis: mnemonic (recovered into the test keyring) or address, with nicoin. */
  accounts?: Array<{ name: string; mnemonic?: string; address?: string; nicoin: bigint }>;
  minGasPrices?: string;
  timeoutCommit?: string;
  /** Whether the node races (config.toml [race] mining); tests that are not about the Race turn it off. */
  mining?: boolean;
}

export interface TestHome {
  home: string;
  chainId: string;
  rpcPort: number;
  rpcUrl: string;
  apiPort: number;
  metricsPort: number;
  p2pPort: number;
  addresses: Record<string, string>;
}

/** A fresh node home on 127.0.0.1 with free ports, made with the same code paths as `raced init` and `genesis add-genesis-account`. */
export async function makeTestHome(opts: TestHomeOpts = {}): Promise<TestHome> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'race-node-'));
  const chainId = opts.chainId ?? 'race-test-1';
  runInit('test-node', { chainId, home });
  const paths = homePaths(home);
  const [rpcPort, apiPort, metricsPort, p2pPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const cfg = loadNodeConfig(paths.configToml);
  cfg.rpc.laddr = `tcp://127.0.0.1:${rpcPort}`;
  cfg.p2p.laddr = `tcp://127.0.0.1:${p2pPort}`;
  cfg.instrumentation.prometheus_listen_addr = `tcp://127.0.0.1:${metricsPort}`;
  if (opts.timeoutCommit) cfg.consensus.timeout_commit = opts.timeoutCommit;
  if (opts.mining !== undefined) cfg.race.mining = opts.mining;
  writeToml(paths.configToml, cfg);
  const app = loadAppConfig(paths.appToml);
  app.api.address = `tcp://127.0.0.1:${apiPort}`;
  app['minimum-gas-prices'] = opts.minGasPrices ?? '0nicoin';
  writeToml(paths.appToml, app);
  const keyring = openKeyring({ backend: 'test', home });
  const addresses: Record<string, string> = {};
  let genesis = readGenesis(paths.genesis);
  for (const a of opts.accounts ?? []) {
    const address = a.address ?? (await keyring.add(a.name, { mnemonic: a.mnemonic })).address;
    addresses[a.name] = address;
    genesis = addGenesisAccount(genesis, address, [{ denom: 'nicoin', amount: a.nicoin }]);
  }
  writeGenesis(paths.genesis, genesis);
  return { home, chainId, rpcPort, rpcUrl: `http://127.0.0.1:${rpcPort}`, apiPort, metricsPort, p2pPort, addresses };
}

export interface NodeProcess {
  child: ChildProcess;
  logs: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `raced start` as a real process and waits until its RPC reports a committed block. nodeFlags go to node
 * itself (e.g. --cpu-prof for the benchmarks' profiles).
 */
export async function startNode(
  h: TestHome,
  extraArgs: string[] = [],
  timeoutMs = 45_000,
  nodeFlags: string[] = [],
): Promise<NodeProcess> {
  const child = spawn(
    process.execPath,
    [...nodeFlags, RACED, 'start', '--home', h.home, '--log_format', 'json', '--log_level', 'info', ...extraArgs],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const proc: NodeProcess = {
    child,
    logs: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`node exited with ${child.exitCode}:\n${out.slice(-4000)}`);
    const height = await rpcHeight(h.rpcUrl);
    if (height >= 1) return proc;
    await sleep(300);
  }
  await proc.stop('SIGKILL');
  throw new Error(`node did not produce a block within ${timeoutMs} ms:\n${out.slice(-4000)}`);
}

export async function rpc(url: string, method: string, params: unknown = {}): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return res.json();
}

/** A JSON-RPC call's `result`, with a timeout; an RPC error becomes a thrown Error naming the method. */
export async function rpcCall(
  url: string,
  method: string,
  params: Record<string, unknown> = {},
  timeoutMs = 3_000,
): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await res.json()) as { result?: any; error?: { message?: string; data?: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message ?? ''} ${body.error.data ?? ''}`);
  return body.result;
}

export async function rpcHeight(url: string): Promise<number> {
  try {
    const s = await rpc(url, 'status');
    return Number(s.result?.sync_info?.latest_block_height ?? 0);
  } catch {
    return 0;
  }
}

export async function waitForHeight(url: string, height: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await rpcHeight(url)) >= height) return;
    await sleep(200);
  }
  throw new Error(`height ${height} not reached within ${timeoutMs} ms`);
}

/** `raced <args> --node <h's RPC> -o json` as a child process; resolves with its exit code and output (never rejects). */
export function racedJson(h: TestHome, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [RACED, ...args, '--node', h.rpcUrl, '-o', 'json'],
      { env: { ...process.env, NODE_OPTIONS: '' }, timeout: 30_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}
