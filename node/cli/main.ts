import { Command, CommanderError } from 'commander';
import { registerDevnetCommand } from './commands/devnet.js';
import { registerGenesisCommands } from './commands/genesis.js';
import { registerInitCommand } from './commands/init.js';
import { registerKeysCommands } from './commands/keys.js';
import { registerMiscCommands } from './commands/misc.js';
import { registerQueryCommands } from './commands/query.js';
import { registerRaceCommands } from './commands/race.js';
import { registerStartCommand } from './commands/start.js';
import { registerTxCommands } from './commands/tx.js';
import { registerTestnetCommands } from './commands/testnet.js';
import { registerInferenceCommands } from './commands/inference.js';
import { APP_CLIENTS, appTypeRegistry } from '../app/build-app.js';
import { programModuleCli } from './module-cli.js';
import { CliError } from './output.js';

/** Registering commands loads no node, engine or RPC client: commands import what they need when they run. */
export function buildProgram(): Command {
  const program = new Command('raced')
    .description('Race node: a Cosmos-style chain whose voting power comes from a Proof-of-Work 2.0 transformer race')
    .showHelpAfterError()
    .exitOverride();
  registerInitCommand(program);
  registerKeysCommands(program);
  registerGenesisCommands(program);
  registerStartCommand(program);
  registerDevnetCommand(program);
  // Each module's `tx` and `query` commands come from the app's module list.
  const cli = programModuleCli(appTypeRegistry());
  registerQueryCommands(program, APP_CLIENTS, cli);
  registerTxCommands(program, APP_CLIENTS, cli);
  registerTestnetCommands(program);
  registerRaceCommands(program);
  registerMiscCommands(program);
  registerInferenceCommands(program);
  return program;
}

/** The `raced` entry point: failures print `Error: <message>` and exit 1, never a stack trace for user errors. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode;
      return;
    }
    const err = e as Error;
    process.stderr.write(`Error: ${err.message}\n`);
    if (!(e instanceof CliError) && process.env.RACED_DEBUG) process.stderr.write(`${err.stack}\n`);
    process.exitCode = e instanceof CliError ? e.exitCode : 1;
  }
}
