import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { openKeyring } from '../../../chain/crypto/keyring/index.js';
import { loadAppConfig, writeToml } from '../../config.js';
import { addGenesisAccount, readGenesis, setGenesisOperator, writeGenesis } from '../../genesis-file.js';
import { loadOrCreateRaceKey } from '../../race/race-key.js';
import { homePaths } from '../home.js';
import { printText } from '../output.js';
import { runInit } from './init.js';
import { addNodeFlags, nodeLogger, overridesFrom, runNodeUntilSignal } from './start.js';
import { setUpSingleNodeInference } from '../../inference/api/single-node-setup.js';
import {
  DEVNET_TRAINING_FUND,
  devnetIssuanceGenesis,
  trainingFundAddress,
} from '../../../modules/issuance/devnet-genesis.js';

export const DEVNET_CHAIN_ID = 'race-devnet';
export const DEVNET_KEY = 'dev';
/** 1,000,000 icon in nicoin. */
const DEVNET_FUNDS = 1_000_000n * 10n ** 9n;
const DEVNET_MIN_GAS_PRICE = '0.001nicoin';

/**
 * The project's own folder: `npm start` keeps its devnet inside it (devnet/, git-ignored). Found as the nearest
 * folder above this file with a package.json, because this file runs both from the sources and from dist/.
 */
export function projectDevnetHome(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'devnet');
}

/**
 * Creates the devnet home on first use: one validator, a funded `dev` key in the test keyring whose mnemonic is
 * printed once, and a minimum gas price. Returns whether it was created now.
 */
export async function ensureDevnet(home: string, write: (text: string) => void = printText): Promise<boolean> {
  if (fs.existsSync(homePaths(home).genesis)) return false;
  runInit('devnet', { chainId: DEVNET_CHAIN_ID, home });
  const keyring = openKeyring({ backend: 'test', home });
  const key = await keyring.add(DEVNET_KEY);
  const paths = homePaths(home);
  // Every genesis balance, the training fund's included, is drawn from the founders' allocation (docs/issuance.md).
  // The dev key is the node's operator: `raced tx gov vote … --from dev` counts with the node's Race weight.
  const hot = loadOrCreateRaceKey(paths.raceKey).address;
  let doc = addGenesisAccount(readGenesis(paths.genesis), key.address, [{ denom: 'nicoin', amount: DEVNET_FUNDS }]);
  doc = addGenesisAccount(doc, trainingFundAddress(), [{ denom: 'nicoin', amount: DEVNET_TRAINING_FUND }]);
  doc = setGenesisOperator(doc, hot, key.address);
  const state = JSON.parse(doc.appStateJson) as Record<string, unknown>;
  writeGenesis(paths.genesis, {
    ...doc,
    appStateJson: JSON.stringify({ ...state, issuance: devnetIssuanceGenesis() }),
  });
  // The one-node devnet is its own inference executor and relay: a chat completion works from the first block.
  setUpSingleNodeInference(home, { apiKeyFor: { keyName: DEVNET_KEY, address: key.address } });
  const app = loadAppConfig(paths.appToml);
  app['minimum-gas-prices'] = DEVNET_MIN_GAS_PRICE;
  writeToml(paths.appToml, app);
  write(
    [
      '',
      `Created a single-validator devnet in ${home} (chain id ${DEVNET_CHAIN_ID}).`,
      `Developer account "${DEVNET_KEY}" (keyring-backend test): ${key.address}, funded with 1000000icon.`,
      'Its mnemonic, shown only this once (it is also in the test keyring under devnet/keyring-test):',
      '',
      `  ${key.mnemonic}`,
      '',
      `Minimum gas price: ${DEVNET_MIN_GAS_PRICE}. Delete the devnet/ folder to start over.`,
      '',
    ].join('\n'),
  );
  return true;
}

export function registerDevnetCommand(program: Command): void {
  addNodeFlags(
    program.command('devnet').description('create (first run) and start the local single-validator devnet'),
  ).action(async (_o: unknown, cmd: Command) => {
    const flags = cmd.optsWithGlobals() as Record<string, unknown>;
    const home = (flags.home as string | undefined) ?? projectDevnetHome();
    await ensureDevnet(home);
    const log = nodeLogger({
      logLevel: flags.log_level as string | undefined,
      logFormat: flags.log_format as string | undefined,
    });
    await runNodeUntilSignal(home, overridesFrom(flags), log, (node) => {
      const dev = openKeyring({ backend: 'test', home }).get(DEVNET_KEY);
      void dev.then(
        (k) => {
          if (!node.inference) return;
          printText(
            [
              '',
              `OpenAI-compatible API: ${node.inference.baseUrl}`,
              `API key of "${DEVNET_KEY}" (${k.address}): ${node.inference.apiKeyFor(k.address) ?? '(none: raced inference api-key create --from dev)'}`,
              'The default model is untrained: its text is gibberish until the training issue trains it.',
              '',
            ].join('\n'),
          );
        },
        () => undefined,
      );
    });
  });
}
