import fs from 'node:fs';
import type { Command } from 'commander';
import { loadOrCreateNodeKey, loadOrCreatePrivValidatorKey } from '../../../chain/crypto/keyfiles.js';
import { isValidAddress } from '../../../chain/crypto/address.js';
import { loadOrCreateRaceKey } from '../../race/race-key.js';
import { defaultAppConfig, defaultNodeConfig, writeToml } from '../../config.js';
import { newGenesis, writeGenesis } from '../../genesis-file.js';
import { homePaths, resolveHome } from '../home.js';
import { CliError, parseOutputFormat, printJson, printText } from '../output.js';

export interface InitOpts {
  chainId?: string;
  home?: string;
  overwrite?: boolean;
  output?: string;
  /** Operator (cold) address of this node's Race participant (docs/race-module.md "Operator address"). */
  operator?: string;
  /** Injected clock for the genesis time (tests). */
  nowMs?: number;
}

const CHAIN_ID_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,49}$/;

/** `raced init`: config files, node and validator keys, and a genesis in which this node is the only validator. */
export function runInit(moniker: string, opts: InitOpts): { home: string; nodeId: string; chainId: string } {
  if (!moniker || moniker.length > 70) throw new CliError('moniker must be 1 to 70 characters');
  const chainId = opts.chainId ?? `race-${Math.floor(Math.random() * 1e6)}`;
  if (!CHAIN_ID_RE.test(chainId))
    throw new CliError(`invalid --chain-id "${chainId}": letters, digits, '-', '_' and '.', at most 50`);
  if (opts.operator !== undefined && !isValidAddress(opts.operator))
    throw new CliError(`invalid --operator "${opts.operator}": expected a race1… address`);
  const home = resolveHome(opts.home);
  const paths = homePaths(home);
  if (fs.existsSync(paths.genesis) && !opts.overwrite)
    throw new CliError(`genesis.json file already exists: ${paths.genesis}`);
  fs.mkdirSync(paths.config, { recursive: true });
  fs.mkdirSync(paths.data, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(paths.configToml) || opts.overwrite) writeToml(paths.configToml, defaultNodeConfig(moniker));
  if (!fs.existsSync(paths.appToml) || opts.overwrite) writeToml(paths.appToml, defaultAppConfig());
  const nodeKey = loadOrCreateNodeKey(paths.nodeKey);
  const pv = loadOrCreatePrivValidatorKey(paths.privValidatorKey);
  // The Race hot key: its address is this node's Race participant (and its duty-tx signer).
  const raceKey = loadOrCreateRaceKey(paths.raceKey);
  const nowMs = opts.nowMs ?? Date.now();
  writeGenesis(
    paths.genesis,
    newGenesis({
      chainId,
      genesisTimeNs: BigInt(nowMs) * 1_000_000n,
      validator: { address: pv.address, pubKey: pv.pubkey, power: 1n, name: moniker },
      raceKey: { address: raceKey.address, pubKey: raceKey.pubKey },
      ...(opts.operator !== undefined ? { operator: opts.operator } : {}),
    }),
  );
  return { home, nodeId: nodeKey.nodeId, chainId };
}

export function registerInitCommand(program: Command): void {
  program
    .command('init <moniker>')
    .description("initialize a node's home: config files, node and validator keys, and a single-validator genesis")
    .option('--chain-id <id>', 'chain id of the new genesis (random if omitted)')
    .option('--home <dir>', 'node home directory')
    .option('--operator <address>', "operator (cold) address whose votes carry this node's Race weight")
    .option('--overwrite', 'overwrite an existing genesis.json and config files')
    .option('-o, --output <format>', 'text|json')
    .action((moniker: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as InitOpts;
      const format = parseOutputFormat(opts.output);
      const r = runInit(moniker, opts);
      const out = { moniker, chain_id: r.chainId, node_id: r.nodeId, home: r.home };
      if (format === 'json') printJson(out);
      else printText(`initialized node ${moniker} (${r.nodeId}) for chain ${r.chainId} in ${r.home}`);
    });
}
