import type { Command } from 'commander';
import { createLogger, type Logger } from '../../../chain/util/log.js';
import { setProgressSink } from '../../../chain/util/progress.js';
import { progressSinkFor } from '../progress-sink.js';
import type { NodeOverrides, RaceNode } from '../../node.js';
import { resolveHome } from '../home.js';
import { CliError } from '../output.js';

export function overridesFrom(flags: Record<string, unknown>): NodeOverrides {
  const device = flags['race.device'] as string | undefined;
  if (device !== undefined && !['auto', 'cuda', 'cpu'].includes(device))
    throw new CliError(`invalid --race.device "${device}": auto, cuda or cpu`);
  return {
    rpcLaddr: flags['rpc.laddr'] as string | undefined,
    apiAddress: flags['api.address'] as string | undefined,
    p2pLaddr: flags['p2p.laddr'] as string | undefined,
    minimumGasPrices: flags.minimumGasPrices as string | undefined,
    prometheusListenAddr: flags['prometheus.laddr'] as string | undefined,
    raceDevice: device as NodeOverrides['raceDevice'],
    inferenceAddress: flags['inference.address'] as string | undefined,
  };
}

export function nodeLogger(flags: { logLevel?: string; logFormat?: string }): Logger {
  const format = flags.logFormat ?? 'auto';
  if (!['auto', 'json', 'plain'].includes(format))
    throw new CliError(`invalid --log_format "${format}": json or plain`);
  const pretty = format === 'auto' ? process.stdout.isTTY === true : format === 'plain';
  const log = createLogger({ level: flags.logLevel, pretty });
  // Long work (block sync, model builds) reports through the same choice: a bar for a person, JSON for machines.
  setProgressSink(progressSinkFor({ tty: process.stderr.isTTY === true, jsonLogs: !pretty, log }));
  return log;
}

/** Runs a node until SIGINT/SIGTERM, then stops it cleanly. */
export async function runNodeUntilSignal(
  home: string,
  overrides: NodeOverrides,
  log: Logger,
  onStarted?: (node: RaceNode) => void,
): Promise<void> {
  // The node (libp2p, ONNX Runtime) is loaded only when one is started, not by every `raced` command.
  const { RaceNode: Node } = await import('../../node.js');
  let node: RaceNode;
  try {
    node = await Node.start({ home, overrides }, { log });
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  onStarted?.(node);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'shutting down');
      void node.stop().then(resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

export function addNodeFlags(cmd: Command): Command {
  return cmd
    .option('--home <dir>', 'node home directory')
    .option('--rpc.laddr <addr>', 'CometBFT JSON-RPC listen address, tcp://HOST:PORT (config.toml rpc.laddr)')
    .option('--api.address <addr>', 'Cosmos REST listen address, tcp://HOST:PORT (app.toml api.address)')
    .option('--p2p.laddr <addr>', 'p2p listen address, tcp://HOST:PORT (config.toml p2p.laddr)')
    .option(
      '--prometheus.laddr <addr>',
      'Prometheus metrics listen address (config.toml instrumentation.prometheus_listen_addr)',
    )
    .option(
      '--minimum-gas-prices <prices>',
      'minimum gas prices to accept txs, e.g. 0.01nicoin (app.toml minimum-gas-prices)',
    )
    .option('--race.device <device>', 'Race miner device: auto, cuda or cpu')
    .option(
      '--inference.address <addr>',
      'OpenAI-compatible API listen address, tcp://HOST:PORT (config.toml inference.address)',
    )
    .option('--log_level <level>', 'trace|debug|info|warn|error', undefined)
    .option('--log_format <format>', 'json or plain (default: plain on a terminal, else json)');
}

export function registerStartCommand(program: Command): void {
  addNodeFlags(program.command('start').description('run the node')).action(async (_o: unknown, cmd: Command) => {
    const flags = cmd.optsWithGlobals() as Record<string, unknown>;
    const log = nodeLogger({
      logLevel: flags.log_level as string | undefined,
      logFormat: flags.log_format as string | undefined,
    });
    await runNodeUntilSignal(resolveHome(flags.home as string | undefined), overridesFrom(flags), log);
  });
}
