import { Command, CommanderError } from 'commander';
import { CliError } from './output.js';

type Registrar = (program: Command) => void;

/** The module list's clients and the CLI services built on them: loaded only by `query` and `tx`. */
async function moduleCommands(which: 'query' | 'tx'): Promise<Registrar> {
  // One import at a time: jest's ESM loader fails on concurrent dynamic imports of shared modules.
  const { APP_CLIENTS, appTypeRegistry } = await import('../app/module-list.js');
  const { programModuleCli } = await import('./module-cli.js');
  const commands = which === 'query' ? await import('./commands/query.js') : await import('./commands/tx.js');
  const register = 'registerQueryCommands' in commands ? commands.registerQueryCommands : commands.registerTxCommands;
  return (program) => register(program, APP_CLIENTS, programModuleCli(appTypeRegistry()));
}

/**
 * Every top-level command, in help order, with the names it answers to. A command's file is imported only when that
 * command runs (all of them for help or an unknown word), so `raced version` loads commander and one small file, and
 * no command but `start`, `devnet`, `testnet` and `race` ever loads the node, ONNX Runtime or libp2p.
 */
const COMMANDS: ReadonlyArray<{ names: readonly string[]; load: () => Promise<Registrar> }> = [
  { names: ['init'], load: async () => (await import('./commands/init.js')).registerInitCommand },
  {
    names: ['keys'],
    load: async () => {
      const { registerKeysCommands } = await import('./commands/keys.js');
      return (program) => registerKeysCommands(program);
    },
  },
  { names: ['genesis'], load: async () => (await import('./commands/genesis.js')).registerGenesisCommands },
  { names: ['start'], load: async () => (await import('./commands/start.js')).registerStartCommand },
  { names: ['devnet'], load: async () => (await import('./commands/devnet.js')).registerDevnetCommand },
  { names: ['query', 'q'], load: () => moduleCommands('query') },
  { names: ['tx'], load: () => moduleCommands('tx') },
  { names: ['testnet'], load: async () => (await import('./commands/testnet.js')).registerTestnetCommands },
  { names: ['race'], load: async () => (await import('./commands/race.js')).registerRaceCommands },
  { names: ['version'], load: async () => (await import('./commands/version.js')).registerVersionCommand },
  { names: ['status', 'export'], load: async () => (await import('./commands/misc.js')).registerMiscCommands },
  { names: ['inference'], load: async () => (await import('./commands/inference.js')).registerInferenceCommands },
  { names: ['config'], load: async () => (await import('./commands/config.js')).registerConfigCommands },
];

/** The program with the commands `argv` needs (every command when argv names none of them, e.g. for help). */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('raced')
    .description('Race node: a Cosmos-style chain whose voting power comes from a Proof-of-Work 2.0 transformer race')
    .showHelpAfterError()
    .exitOverride();
  const word = argv.find((a) => !a.startsWith('-'));
  const wanted = COMMANDS.filter((c) => word !== undefined && c.names.includes(word));
  for (const command of wanted.length > 0 ? wanted : COMMANDS) (await command.load())(program);
  return program;
}

/** The `raced` entry point: failures print `Error: <message>` and exit 1, never a stack trace for user errors. */
export async function main(argv: string[]): Promise<void> {
  try {
    const program = await buildProgram(argv);
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
