/**
 * A single real `raced start` node for the gov / pricing / registry e2e tests: several genesis accounts whose keys the
 * test holds (in the home's test keyring and as CosmJS wallets), some of them Race-weighted participants, short
 * gov periods and short epochs. The `raced` CLI runs as a child process against it, as a user would.
 *
 * Race weights at genesis are written by `addWeightedParticipant` below: epoch-0 participants of the Race module
 * (app_state.race) that hold weight without racing, carried over every epoch (see `setEpochLength`).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { entropyToMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { DirectSecp256k1HdWallet, Registry } from '@cosmjs/proto-signing';
import {
  defaultRegistryTypes,
  QueryClient,
  setupBankExtension,
  setupGovExtension,
  SigningStargateClient,
} from '@cosmjs/stargate';
import { Comet38Client } from '@cosmjs/tendermint-rpc';
import type { GenesisDoc } from '../../../chain/consensus/genesis.js';
import { appTypeRegistry } from '../../../node/app/module-list.js';
import { snakeKeys } from '../../../chain/util/json-case.js';
import { Params as RaceParamsProto } from '../../../proto/gen/race/race/v1/types.js';
import { holdWeightsParams } from '../../../race/module/params.js';
import { loadNodeConfig, writeToml } from '../../../node/config.js';
import { readGenesis, writeGenesis } from '../../../node/genesis-file.js';
import { homePaths } from '../../../node/cli/home.js';
import { makeTestHome, RACED, startNode, type NodeProcess, type TestHome } from '../../helpers/node-process.js';

export const ICON = 1_000_000_000n;

export interface E2eAccount {
  name: string;
  mnemonic: string;
  /** Race weight at genesis; 0 = an ordinary account. */
  weight: bigint;
  nicoin: bigint;
}

/** A deterministic 24-word mnemonic per name (never a real key). */
export function testMnemonic(name: string): string {
  return entropyToMnemonic(sha256(new TextEncoder().encode(`race gov e2e ${name}`)), wordlist);
}

type AppState = Record<string, any>;

/** Makes `address` a Race participant with `weight` from epoch 0. Switch point for the Race module (see above). */
export function addWeightedParticipant(state: AppState, address: string, weight: bigint): void {
  // A weight holder without keys: it votes in gov and pricing but does not race (race/module genesis).
  state.race.participants.push({ address, weight: weight.toString() });
}

/** Blocks per epoch. Switch point for the Race module (its params' epoch length). */
export function setEpochLength(state: AppState, blocks: bigint): void {
  // Nobody's race is accepted here (the weight holders run no validator duty), so the epoch-0 weights carry over
  // every epoch. The node's own hot-key participant from `raced init` gets weight 0 so the tallies are exactly the
  // accounts' weights; with no weighted consensus key, the genesis validator stands.
  state.race.params = snakeKeys(RaceParamsProto.toJSON(holdWeightsParams(blocks)));
  for (const p of state.race.participants as Array<{ weight: string }>) p.weight = '0';
}

export interface GovChainOpts {
  accounts: E2eAccount[];
  epochLength: bigint;
  /** Overrides of the gov params (genesis JSON, snake_case). */
  govParams?: Record<string, unknown>;
  pricingParams?: Record<string, string>;
}

export function editAppState(doc: GenesisDoc, edit: (s: AppState) => void): GenesisDoc {
  const state = JSON.parse(doc.appStateJson) as AppState;
  edit(state);
  return { ...doc, appStateJson: JSON.stringify(state) };
}

export interface GovChain {
  h: TestHome;
  node: NodeProcess;
  addr: Record<string, string>;
  wallets: Record<string, DirectSecp256k1HdWallet>;
  registry: Registry;
  stop(): Promise<void>;
}

/** The CosmJS Registry a client needs for this chain: CosmJS's defaults (gov v1 included) and our generated types. */
export function raceRegistry(): Registry {
  return new Registry([...defaultRegistryTypes, ...appTypeRegistry().cosmjsTypes()]);
}

export async function startGovChain(opts: GovChainOpts): Promise<GovChain> {
  const h = await makeTestHome({
    accounts: opts.accounts.map((a) => ({ name: a.name, mnemonic: a.mnemonic, nicoin: a.nicoin })),
    timeoutCommit: '200ms',
  });
  const file = homePaths(h.home).genesis;
  writeGenesis(
    file,
    editAppState(readGenesis(file), (s) => {
      setEpochLength(s, opts.epochLength);
      for (const a of opts.accounts) if (a.weight > 0n) addWeightedParticipant(s, h.addresses[a.name]!, a.weight);
      if (opts.govParams) s.gov.params = { ...s.gov.params, ...opts.govParams };
      if (opts.pricingParams) s.pricing.params = { ...s.pricing.params, ...opts.pricingParams };
    }),
  );
  // The node does not race: no work to burn CPU on, and no accepted race that would replace the genesis weights.
  const cfg = loadNodeConfig(homePaths(h.home).configToml);
  cfg.race.mining = false;
  writeToml(homePaths(h.home).configToml, cfg);
  const wallets: Record<string, DirectSecp256k1HdWallet> = {};
  for (const a of opts.accounts)
    wallets[a.name] = await DirectSecp256k1HdWallet.fromMnemonic(a.mnemonic, { prefix: 'race' });
  const node = await startNode(h);
  return { h, node, addr: h.addresses, wallets, registry: raceRegistry(), stop: () => node.stop() };
}

export async function signingClient(c: GovChain, name: string): Promise<SigningStargateClient> {
  return SigningStargateClient.connectWithSigner(c.h.rpcUrl, c.wallets[name]!, {
    registry: c.registry,
    broadcastPollIntervalMs: 200,
  });
}

export async function queryClient(c: GovChain) {
  const comet = await Comet38Client.connect(c.h.rpcUrl);
  return { q: QueryClient.withExtensions(comet, setupBankExtension, setupGovExtension), comet };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `raced <args>` against the node (the flags a user would pass) and returns its exit code and output. */
export function raced(c: GovChain, args: string[], opts: { tx?: boolean } = {}): Promise<CliResult> {
  const common = ['--node', c.h.rpcUrl, '-o', 'json'];
  const tx = opts.tx ? ['--home', c.h.home, '--keyring-backend', 'test', '--yes', '--broadcast-mode', 'block'] : [];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [RACED, ...args, ...common, ...tx],
      { env: { ...process.env, NODE_OPTIONS: '' }, timeout: 45_000 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `raced … -o json` that must succeed; returns the parsed JSON. */
export async function racedJson(c: GovChain, args: string[], opts: { tx?: boolean } = {}): Promise<any> {
  const r = await raced(c, args, opts);
  if (r.code !== 0) throw new Error(`raced ${args.join(' ')} exited with ${r.code}: ${r.stderr}${r.stdout}`);
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`raced ${args.join(' ')} printed no JSON: ${r.stdout}`);
  }
}

/** A CLI tx that must be included with code 0 (broadcast mode block). */
export async function racedTx(c: GovChain, args: string[]): Promise<any> {
  const res = await racedJson(c, ['tx', ...args], { tx: true });
  if (res.code !== 0) throw new Error(`raced tx ${args.join(' ')}: code ${res.code}: ${res.raw_log}`);
  return res;
}

/**
 * Wall time of the slowest of three `raced keys list` runs on this machine now: what one CLI process costs before it
 * talks to the node, to size the gov voting period to the steps a test takes inside it.
 */
export async function cliRunMs(): Promise<number> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'race-cli-time-'));
  let slowest = 0;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [RACED, 'keys', 'list', '--keyring-backend', 'test', '--home', home],
        { env: { ...process.env, NODE_OPTIONS: '' } },
        (err) => (err ? reject(err) : resolve()),
      );
    });
    slowest = Math.max(slowest, performance.now() - t0);
  }
  fs.rmSync(home, { recursive: true, force: true });
  return slowest;
}
