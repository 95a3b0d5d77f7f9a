import type { Command } from 'commander';
import { APP_NAME, APP_VERSION, COMETBFT_COMPAT_VERSION } from '../../app/version.js';
import { parseOutputFormat, printJson, printText } from '../output.js';

export function registerVersionCommand(program: Command): void {
  program
    .command('version')
    .description('print the version')
    .option('-o, --output <format>', 'text|json')
    .action((_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as { output?: string };
      const info = {
        name: APP_NAME,
        server_name: 'raced',
        version: APP_VERSION,
        cometbft_compat: COMETBFT_COMPAT_VERSION,
        node: process.version,
      };
      if (parseOutputFormat(opts.output) === 'json') printJson(info);
      else printText(APP_VERSION);
    });
}
