import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { toHexLower } from '../../../chain/types/bytes.js';
import { parseDecCoins } from '../../../chain/types/dec.js';
import { loadOrCreateNodeKey, loadOrCreatePrivValidatorKey } from '../../../chain/crypto/keyfiles.js';
import { openKeyring } from '../../../chain/crypto/keyring/index.js';
import type { GenesisDoc } from '../../../chain/consensus/genesis.js';
import { parseDurationMs } from '../../../chain/types/duration.js';
import { loadAppConfig, loadNodeConfig, writeToml } from '../../config.js';
import {
  addGenesisAccount,
  addGenesisModel,
  addGenesisParticipant,
  readGenesis,
  writeGenesis,
} from '../../genesis-file.js';
import { defaultModelRegistryJson } from '../../inference/model/default-registration.js';
import { loadOrCreateRaceKey } from '../../race/race-key.js';
import { homePaths } from '../home.js';
import { CliError, parseOutputFormat, printJson, printText } from '../output.js';
import { runInit } from './init.js';

/**
 * `raced testnet init-files`: the homes of a local multi-validator network on one machine (CometBFT's
 * `testnet` command, but with distinct ports on 127.0.0.1 instead of distinct IPs). Every home is made by `raced
 * init`; then one genesis with all validators at equal weight replaces each home's own, and config.toml gets ports
 * and persistent peers.
 */

export const TESTNET_HOST = '127.0.0.1';
/** Each node takes a block of this many ports from --starting-port: p2p, rpc, api, prometheus (rest spare). */
export const PORTS_PER_NODE = 10;
export const DEFAULT_STARTING_PORT = 26656;
export const MAX_TESTNET_NODES = 64;
/** 1,000,000 icon in nicoin for each validator's account, as the devnet's `dev` key gets. */
export const DEFAULT_ACCOUNT_FUNDS = 1_000_000n * 10n ** 9n;
export const VALIDATOR_KEY_NAME = 'validator';
const DEFAULT_MIN_GAS_PRICES = '0.001nicoin';

export interface TestnetInitOpts {
  /** Number of validators (--v). */
  validators: number;
  outputDir: string;
  chainId?: string;
  startingPort?: number;
  /** Number of full (non-validator) nodes (--n-full). */
  fullNodes?: number;
  minGasPrices?: string;
  /** config.toml [consensus] timeout_commit for every node (devnet default: 1s). */
  timeoutCommit?: string;
  /** Further genesis accounts (benchmarks): address and nicoin. */
  extraAccounts?: Array<{ address: string; nicoin: bigint }>;
  /** Injected clock for the genesis time (tests). */
  nowMs?: number;
}

export interface TestnetPorts {
  p2p: number;
  rpc: number;
  api: number;
  prometheus: number;
}

export interface TestnetNode {
  name: string;
  home: string;
  validator: boolean;
  nodeId: string;
  /** Hex consensus address of the node's priv_validator_key (only validators sign). */
  validatorAddress: string;
  ports: TestnetPorts;
  rpcUrl: string;
  /** `<nodeId>@127.0.0.1:<p2p port>`, as persistent_peers lists it. */
  peerAddress: string;
  /** Validators: the funded key `validator` in the home's test keyring. */
  account?: { name: string; address: string; mnemonic: string };
}

export interface TestnetManifest {
  chainId: string;
  nodes: TestnetNode[];
}

const CHAIN_ID_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,49}$/;

export function portsFor(startingPort: number, index: number): TestnetPorts {
  const base = startingPort + index * PORTS_PER_NODE;
  return { p2p: base, rpc: base + 1, api: base + 2, prometheus: base + 3 };
}

/** Checks every argument before anything is written, so bad input changes nothing. */
export function validateTestnetOpts(
  o: TestnetInitOpts,
): Required<Pick<TestnetInitOpts, 'validators' | 'fullNodes' | 'startingPort' | 'chainId'>> {
  if (!Number.isInteger(o.validators) || o.validators < 1 || o.validators > MAX_TESTNET_NODES) {
    throw new CliError(`--v must be an integer from 1 to ${MAX_TESTNET_NODES}, got ${String(o.validators)}`);
  }
  const fullNodes = o.fullNodes ?? 0;
  if (!Number.isInteger(fullNodes) || fullNodes < 0 || o.validators + fullNodes > MAX_TESTNET_NODES) {
    throw new CliError(
      `--n-full must be an integer from 0 to ${MAX_TESTNET_NODES - o.validators}, got ${String(o.fullNodes)}`,
    );
  }
  const startingPort = o.startingPort ?? DEFAULT_STARTING_PORT;
  const total = o.validators + fullNodes;
  const maxStart = 65535 - total * PORTS_PER_NODE + 1;
  if (!Number.isInteger(startingPort) || startingPort < 1024 || startingPort > maxStart) {
    throw new CliError(
      `--starting-port must be an integer from 1024 to ${maxStart} for ${total} nodes (${PORTS_PER_NODE} ports each), got ${String(o.startingPort)}`,
    );
  }
  const chainId = o.chainId ?? 'race-testnet';
  if (!CHAIN_ID_RE.test(chainId))
    throw new CliError(`invalid --chain-id "${chainId}": letters, digits, '-', '_' and '.', at most 50`);
  if (!o.outputDir) throw new CliError('--output-dir is required');
  if (fs.existsSync(o.outputDir) && !fs.statSync(o.outputDir).isDirectory())
    throw new CliError(`--output-dir ${o.outputDir} exists and is not a directory`);
  for (let i = 0; i < total; i++) {
    const home = path.join(o.outputDir, `node${i}`);
    if (fs.existsSync(home)) throw new CliError(`${home} already exists; remove it or choose another --output-dir`);
  }
  try {
    if (o.timeoutCommit !== undefined) parseDurationMs(o.timeoutCommit, 'timeout_commit');
    if (o.minGasPrices !== undefined) parseDecCoins(o.minGasPrices);
  } catch (e) {
    throw new CliError(`invalid option: ${(e as Error).message}`);
  }
  return { validators: o.validators, fullNodes, startingPort, chainId };
}

/**
 * The shared genesis: all validators at power 1, each one's account funded, each one's Race hot key an epoch-0
 * participant with weight 1 whose operator is that funded account.
 */
export function testnetGenesis(
  base: GenesisDoc,
  validators: TestnetValidatorKeys[],
  extra: Array<{ address: string; nicoin: bigint }>,
): GenesisDoc {
  let doc: GenesisDoc = {
    ...base,
    validators: validators.map((v) => ({ address: v.address, pubKey: v.pubKey, power: 1n, name: v.name })),
  };
  for (const v of validators)
    doc = addGenesisAccount(doc, v.account, [{ denom: 'nicoin', amount: DEFAULT_ACCOUNT_FUNDS }]);
  for (const a of extra) doc = addGenesisAccount(doc, a.address, [{ denom: 'nicoin', amount: a.nicoin }]);
  const state = JSON.parse(doc.appStateJson) as { race?: { participants?: unknown[] } };
  if (state.race) state.race.participants = [];
  doc = { ...doc, appStateJson: JSON.stringify(state) };
  for (const v of validators) {
    if (v.race)
      doc = addGenesisParticipant(doc, {
        address: v.race.address,
        pubKey: v.race.pubKey,
        consensusPubKey: v.pubKey,
        weight: 1n,
        // Its funded account is the operator: its gov and price votes carry the node's weight, never the hot key's.
        operator: v.account,
      });
  }
  // The default model is registered; executors register themselves (MsgRegisterExecutor) once they serve it.
  return addGenesisModel(doc, defaultModelRegistryJson());
}

export interface TestnetValidatorKeys {
  name: string;
  address: Uint8Array;
  pubKey: Uint8Array;
  /** Bech32 account address of the validator's funded key. */
  account: string;
  /** The node's Race hot key (config/race_key.json): its epoch-0 participant. */
  race?: { address: string; pubKey: Uint8Array };
}

/** Writes the homes (DIR/node0 … node{N+K-1}), DIR/accounts.json and DIR/testnet.json; returns the manifest. */
export async function runTestnetInitFiles(opts: TestnetInitOpts): Promise<TestnetManifest> {
  const v = validateTestnetOpts(opts);
  const outputDir = path.resolve(opts.outputDir);
  const total = v.validators + v.fullNodes;
  const nowMs = opts.nowMs ?? Date.now();
  const created: string[] = [];
  try {
    fs.mkdirSync(outputDir, { recursive: true });
    const nodes: TestnetNode[] = [];
    const keys: TestnetValidatorKeys[] = [];
    for (let i = 0; i < total; i++) {
      const name = `node${i}`;
      const home = path.join(outputDir, name);
      created.push(home);
      const { nodeId } = runInit(name, { chainId: v.chainId, home, nowMs });
      const paths = homePaths(home);
      const pv = loadOrCreatePrivValidatorKey(paths.privValidatorKey);
      const ports = portsFor(v.startingPort, i);
      const validator = i < v.validators;
      const node: TestnetNode = {
        name,
        home,
        validator,
        nodeId,
        validatorAddress: toHexLower(pv.address).toUpperCase(),
        ports,
        rpcUrl: `http://${TESTNET_HOST}:${ports.rpc}`,
        peerAddress: `${nodeId}@${TESTNET_HOST}:${ports.p2p}`,
      };
      if (validator) {
        const key = await openKeyring({ backend: 'test', home }).add(VALIDATOR_KEY_NAME);
        node.account = { name: VALIDATOR_KEY_NAME, address: key.address, mnemonic: key.mnemonic ?? '' };
        const raceKey = loadOrCreateRaceKey(paths.raceKey);
        keys.push({
          name,
          address: pv.address,
          pubKey: pv.pubkey,
          account: key.address,
          race: { address: raceKey.address, pubKey: raceKey.pubKey },
        });
      }
      nodes.push(node);
    }
    const genesis = testnetGenesis(readGenesis(homePaths(nodes[0]!.home).genesis), keys, opts.extraAccounts ?? []);
    const validatorPeers = nodes.filter((n) => n.validator);
    for (const node of nodes) {
      const paths = homePaths(node.home);
      writeGenesis(paths.genesis, genesis);
      const cfg = loadNodeConfig(paths.configToml);
      cfg.rpc.laddr = `tcp://${TESTNET_HOST}:${node.ports.rpc}`;
      cfg.p2p.laddr = `tcp://${TESTNET_HOST}:${node.ports.p2p}`;
      cfg.instrumentation.prometheus_listen_addr = `tcp://${TESTNET_HOST}:${node.ports.prometheus}`;
      // Validators keep each other connected; full nodes follow the validators.
      cfg.p2p.persistent_peers = validatorPeers
        .filter((p) => p !== node)
        .map((p) => p.peerAddress)
        .join(',');
      if (opts.timeoutCommit !== undefined) cfg.consensus.timeout_commit = opts.timeoutCommit;
      writeToml(paths.configToml, cfg);
      const app = loadAppConfig(paths.appToml);
      app.api.address = `tcp://${TESTNET_HOST}:${node.ports.api}`;
      app['minimum-gas-prices'] = opts.minGasPrices ?? DEFAULT_MIN_GAS_PRICES;
      writeToml(paths.appToml, app);
      loadOrCreateNodeKey(paths.nodeKey);
    }
    const manifest: TestnetManifest = { chainId: v.chainId, nodes };
    const accounts = nodes.filter((n) => n.account).map((n) => ({ node: n.name, ...n.account! }));
    fs.writeFileSync(path.join(outputDir, 'accounts.json'), JSON.stringify(accounts, null, 2) + '\n', { mode: 0o600 });
    fs.writeFileSync(path.join(outputDir, 'testnet.json'), JSON.stringify(manifest, null, 2) + '\n');
    return manifest;
  } catch (e) {
    for (const home of created) fs.rmSync(home, { recursive: true, force: true });
    throw e;
  }
}

/** Reads DIR/testnet.json as written by init-files. */
export function readTestnetManifest(outputDir: string): TestnetManifest {
  const file = path.join(outputDir, 'testnet.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const m = JSON.parse(text) as TestnetManifest;
  if (!m || typeof m.chainId !== 'string' || !Array.isArray(m.nodes))
    throw new CliError(`${file} is not a testnet manifest`);
  return m;
}

function intOption(flag: string): (value: string) => number {
  return (value) => {
    if (!/^[0-9]{1,6}$/.test(value)) throw new CliError(`${flag} must be a non-negative integer, got "${value}"`);
    return Number(value);
  };
}

export function registerTestnetCommands(program: Command): void {
  const testnet = program.command('testnet').description('local multi-validator networks on 127.0.0.1');
  testnet
    .command('init-files')
    .description(
      'write the homes of an N-validator network: one genesis, distinct ports on 127.0.0.1, persistent peers filled in',
    )
    .requiredOption('--v <n>', 'number of validators', intOption('--v'))
    .requiredOption('--output-dir <dir>', 'directory for node0, node1, … and accounts.json')
    .option('--chain-id <id>', 'chain id', 'race-testnet')
    .option(
      '--starting-port <port>',
      `first port; node i uses ${PORTS_PER_NODE} from port + ${PORTS_PER_NODE}·i (p2p, rpc, api, prometheus)`,
      intOption('--starting-port'),
      DEFAULT_STARTING_PORT,
    )
    .option('--n-full <k>', 'number of full (non-validator) nodes', intOption('--n-full'), 0)
    .option('--minimum-gas-prices <prices>', 'app.toml minimum-gas-prices of every node', DEFAULT_MIN_GAS_PRICES)
    .option('-o, --output <format>', 'text|json')
    .action(
      async (o: {
        v: number;
        outputDir: string;
        chainId: string;
        startingPort: number;
        nFull: number;
        minimumGasPrices: string;
        output?: string;
      }) => {
        const format = parseOutputFormat(o.output);
        const m = await runTestnetInitFiles({
          validators: o.v,
          outputDir: o.outputDir,
          chainId: o.chainId,
          startingPort: o.startingPort,
          fullNodes: o.nFull,
          minGasPrices: o.minimumGasPrices,
        });
        if (format === 'json') {
          printJson(m);
          return;
        }
        const lines = [`wrote ${m.nodes.length} node homes for chain ${m.chainId} in ${path.resolve(o.outputDir)}`];
        for (const n of m.nodes) {
          lines.push(
            `  ${n.name} ${n.validator ? 'validator' : 'full     '} id ${n.nodeId} rpc ${n.rpcUrl} p2p ${n.ports.p2p}${n.account ? ` account ${n.account.address}` : ''}`,
          );
        }
        lines.push(
          `validator account keys (keyring-backend test, in each home) and mnemonics: ${path.join(path.resolve(o.outputDir), 'accounts.json')}`,
        );
        printText(lines.join('\n'));
      },
    );
}
