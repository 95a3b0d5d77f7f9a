/**
 * Race benchmark without the raced CLI: `npx tsx scripts/bench-race.ts [--config paper|dev|test]
 * [--device auto|cpu|cuda] [--seconds N] [--threads N] [--batches 1,16,64] [--json]`.
 */
import { Command } from 'commander';
import { registerRaceCommands } from '../node/cli/commands/race.js';
import { CliError } from '../node/cli/output.js';

const program = new Command().name('bench-race').exitOverride();
registerRaceCommands(program);
try {
  await program.parseAsync(['node', 'bench-race', 'race', 'bench', ...process.argv.slice(2)]);
} catch (err) {
  if ((err as { code?: string }).code?.startsWith('commander.'))
    process.exit((err as { exitCode?: number }).exitCode ?? 1);
  process.stderr.write(`Error: ${(err as Error).message}\n`);
  process.exit(err instanceof CliError ? err.exitCode : 1);
}
