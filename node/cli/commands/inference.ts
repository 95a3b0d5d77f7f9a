/**
 * `raced inference api-key create --from <key>`: an API key for the node's OpenAI-compatible API, bound to a key in
 * this node's test keyring (the node signs that key's requests itself, so it must be able to read the key without
 * a passphrase).
 */
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { openKeyring } from '../../../chain/crypto/keyring/index.js';
import { apiKeysFile, createApiKey } from '../../inference/api/api-keys.js';
import { homePaths, resolveHome } from '../home.js';
import { CliError, printJson, printText } from '../output.js';

export function registerInferenceCommands(program: Command): void {
  const inference = program.command('inference').description("the node's OpenAI-compatible inference API");
  const apiKey = inference.command('api-key').description('API keys that spend a keyring key of this node');
  apiKey
    .command('create')
    .description('create an API key that signs requests with --from (a key of the test keyring in --home)')
    .requiredOption('--from <key>', 'keyring key name (keyring-backend test)')
    .option('--home <dir>', 'node home directory (default: $RACED_HOME or ~/.raced)')
    .option('-o, --output <format>', 'text|json', 'text')
    .action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as { from: string; home?: string; output: string };
      const home = resolveHome(opts.home);
      let address: string;
      try {
        address = (await openKeyring({ backend: 'test', home }).get(opts.from)).address;
      } catch (e) {
        throw new CliError(
          `${(e as Error).message} (the node signs API-key requests itself, so the key must be in ${home}'s test keyring)`,
        );
      }
      const rec = createApiKey(
        apiKeysFile(homePaths(home).config),
        opts.from,
        address,
        (n) => new Uint8Array(randomBytes(n)),
      );
      if (opts.output === 'json') printJson({ api_key: rec.key, key_name: rec.key_name, address: rec.address });
      else
        printText(
          `API key for "${rec.key_name}" (${rec.address}): ${rec.key}\nUse it as the openai client's apiKey; requests are paid by that account.`,
        );
    });
}
