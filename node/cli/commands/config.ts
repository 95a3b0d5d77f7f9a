/**
 * `raced config chain-info [--format keplr|chain.json|assetlist.json] [--rpc URL] [--rest URL]`: the same documents
 * the REST server serves under /chain-info/, built offline from a node home (chain id from its genesis, URLs from
 * config.toml rpc.laddr and app.toml api.address, fee floor from minimum-gas-prices) or from flags alone.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import {
  CHAIN_INFO_FORMATS,
  checkPublicUrl,
  gasPriceSteps,
  listenAddressUrl,
  type ChainInfoFormat,
  type ChainParams,
} from '../../chain-info/index.js';
import { loadAppConfig, loadNodeConfig } from '../../config.js';
import { readGenesis } from '../../genesis-file.js';
import { homePaths, resolveHome } from '../home.js';
import { CliError, printText } from '../output.js';

export interface ChainInfoFlags {
  home?: string;
  chainId?: string;
  rpc?: string;
  rest?: string;
  minimumGasPrices?: string;
  format?: string;
}

const FORMATS = Object.keys(CHAIN_INFO_FORMATS) as ChainInfoFormat[];

/** Flags first, then the home's files where they exist, then the defaults of a local node. */
export function chainInfoParams(flags: ChainInfoFlags): ChainParams {
  const paths = homePaths(resolveHome(flags.home));
  const has = (file: string) => fs.existsSync(file);
  try {
    const chainId = flags.chainId ?? (has(paths.genesis) ? readGenesis(paths.genesis).chainId : undefined);
    if (!chainId)
      throw new CliError(
        `no chain id: pass --chain-id, or --home with a config/genesis.json (none at ${paths.genesis})`,
      );
    const app = has(paths.appToml) ? loadAppConfig(paths.appToml) : undefined;
    const rpc =
      flags.rpc ??
      listenAddressUrl(has(paths.configToml) ? loadNodeConfig(paths.configToml).rpc.laddr : 'tcp://127.0.0.1:26657');
    const rest = flags.rest ?? listenAddressUrl(app?.api.address ?? 'tcp://127.0.0.1:1317');
    return {
      chainId,
      rpc: checkPublicUrl(rpc, '--rpc'),
      rest: checkPublicUrl(rest, '--rest'),
      gasPrices: gasPriceSteps(flags.minimumGasPrices ?? app?.['minimum-gas-prices'] ?? ''),
    };
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError((e as Error).message);
  }
}

export function chainInfoDocument(flags: ChainInfoFlags): unknown {
  const format = (flags.format ?? 'keplr') as ChainInfoFormat;
  if (!FORMATS.includes(format)) throw new CliError(`invalid --format "${flags.format}": use ${FORMATS.join(', ')}`);
  return CHAIN_INFO_FORMATS[format](chainInfoParams(flags));
}

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('describe this node for other tools');
  config
    .command('chain-info')
    .description(
      "the chain as wallets and explorers want it: Keplr's experimentalSuggestChain argument or chain-registry chain.json / assetlist.json",
    )
    .option('--format <format>', `${FORMATS.join('|')} (default keplr)`)
    .option('--home <dir>', 'node home directory (chain id from its genesis, URLs and gas price from its config)')
    .option('--chain-id <id>', 'chain id (default: the home genesis)')
    .option('--rpc <url>', 'public CometBFT RPC URL (default: config.toml rpc.laddr)')
    .option('--rest <url>', 'public REST URL (default: app.toml api.address)')
    .option('--minimum-gas-prices <coins>', 'fee floor, e.g. 0.001nicoin (default: app.toml, else 0.001nicoin)')
    .action((_o: unknown, cmd: Command) => {
      // Indented: the output is meant to be saved as a file (chain-registry style) or pasted into a page.
      printText(JSON.stringify(chainInfoDocument(cmd.optsWithGlobals() as ChainInfoFlags), null, 2));
    });
}
