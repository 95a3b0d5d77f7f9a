import type { Command } from 'commander';
import type { ModuleClient } from '../../../chain/client/module-client.js';
import type { ModuleCli } from '../../../chain/client/module-cli.js';
import { parseOutputFormat, printJson, printText } from '../output.js';
import { yamlDocument } from '../render.js';
import { addKeyringOptions } from '../keyring-options.js';

/** The flags every `raced tx …` command takes, as in the SDK. */
export function addTxFlags(cmd: Command): Command {
  return addKeyringOptions(cmd)
    .option('--node <url>', 'CometBFT RPC endpoint (default http://127.0.0.1:26657)')
    .option('--chain-id <id>', 'chain id (checked against the node)')
    .option('--fees <coins>', 'fees to pay, e.g. 2000nicoin')
    .option('--gas-prices <price>', 'gas price, e.g. 0.01nicoin (fee = gas × price)')
    .option('--gas <gas>', 'gas limit or "auto" (simulate)', undefined)
    .option('--gas-adjustment <x>', 'multiplier of the simulated gas with --gas auto', '1.5')
    .option('--memo <text>', 'memo')
    .option('--broadcast-mode <mode>', 'sync (default), async or block (wait until included)')
    .option('-y, --yes', 'skip the confirmation question');
}

export function printTxResponse(opts: { output?: string }, res: Record<string, unknown>): void {
  if (parseOutputFormat(opts.output) === 'json') printJson(res);
  else printText(yamlDocument(res));
  if (res.code !== 0) process.exitCode = 1;
}

/** `raced tx <module> …` for each module of the app's list that declares tx commands. */
export function registerTxCommands(program: Command, modules: readonly ModuleClient[], cli: ModuleCli): Command {
  const tx = program.command('tx').description('sign and broadcast transactions');
  for (const m of modules) {
    if (m.txCommands) m.txCommands(tx.command(m.name).description(`${m.name} transactions: ${m.summary}`), cli);
  }
  return tx;
}
