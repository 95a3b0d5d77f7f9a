import type { Command } from 'commander';
import { isValidAddress } from '../../../chain/crypto/address.js';
import { addGenesisAccount, readGenesis, writeGenesis } from '../../genesis-file.js';
import { parseUserCoins } from '../../../modules/bank/client/coins-input.js';
import { homePaths, resolveHome } from '../home.js';
import { CliError, printText } from '../output.js';
import { addKeyringOptions } from '../keyring-options.js';
import { openCliKeyring, StdinReader } from './keys.js';

export interface AddGenesisAccountOpts {
  home?: string;
  keyringBackend?: string;
}

export async function runAddGenesisAccount(
  addressOrKey: string,
  coinsText: string,
  opts: AddGenesisAccountOpts,
): Promise<string> {
  const coins = parseUserCoins(coinsText);
  if (coins.length === 0) throw new CliError('no coins given');
  let address = addressOrKey;
  if (!isValidAddress(addressOrKey)) {
    const reader = new StdinReader(process.stdin);
    try {
      const record = await openCliKeyring(opts, reader).get(addressOrKey);
      address = record.address;
    } catch (e) {
      throw new CliError(
        `"${addressOrKey}" is neither a valid address nor a key in the keyring: ${(e as Error).message}`,
      );
    } finally {
      reader.close();
    }
  }
  const file = homePaths(resolveHome(opts.home)).genesis;
  let doc;
  try {
    doc = readGenesis(file);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  writeGenesis(file, addGenesisAccount(doc, address, coins));
  return address;
}

export function registerGenesisCommands(program: Command): void {
  const genesis = program.command('genesis').description('edit the genesis file');
  addKeyringOptions(
    genesis
      .command('add-genesis-account <address_or_key_name> <coins>')
      .description('add an account with coins to genesis.json (amounts in icon, micoin, uicon or nicoin)'),
  ).action(async (who: string, coins: string, _o: unknown, cmd: Command) => {
    const address = await runAddGenesisAccount(who, coins, cmd.optsWithGlobals() as AddGenesisAccountOpts);
    printText(`added ${address} to genesis`);
  });
}
