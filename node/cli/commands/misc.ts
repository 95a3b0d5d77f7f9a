import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { BlockStore } from '../../../chain/blockstore/block-store.js';
import { formatGenesisDoc } from '../../../chain/consensus/genesis.js';
import { CommitStore } from '../../../chain/store/commit-store.js';
import { ChainDb } from '../../../chain/store/db.js';
import { silentLogger } from '../../../chain/util/log.js';
import { buildRaceApp } from '../../app/build-app.js';
import { readGenesis } from '../../genesis-file.js';
import { homePaths, resolveHome } from '../home.js';
import { CliError, parseOutputFormat, printJson, printText } from '../output.js';
import { fetchNodeStatus } from '../node-status.js';
import { connectComet } from '../rpc-client.js';
import { renderStatusText } from '../status-text.js';

/** `raced export`: the current state as a genesis file that re-imports to the same app hash (the node must be stopped). */
export async function runExport(homeFlag: string | undefined): Promise<string> {
  const home = resolveHome(homeFlag);
  const paths = homePaths(home);
  const genesis = readGenesis(paths.genesis);
  let db: ChainDb;
  try {
    db = await ChainDb.open(path.join(paths.data, 'chain.db'));
  } catch (e) {
    throw new CliError(
      `cannot open ${path.join(paths.data, 'chain.db')} (is the node still running? stop it first): ${(e as Error).message}`,
    );
  }
  try {
    const store = await CommitStore.open(db);
    const { app } = buildRaceApp({ chainId: genesis.chainId }, { store, log: silentLogger() });
    const height = store.lastCommit().height;
    const blockStore = await BlockStore.open(db);
    const next = height > 0 ? await blockStore.loadValidatorSet(height + 1) : null;
    const validators = next
      ? next.validators.map((v) => ({ address: v.address, pubKey: v.pubKey, power: v.votingPower, name: '' }))
      : genesis.validators;
    return formatGenesisDoc({
      ...genesis,
      initialHeight: height + 1,
      validators,
      appHash: store.lastCommit().appHash,
      appStateJson: JSON.stringify(app.exportGenesis()),
    });
  } finally {
    await db.close();
  }
}

export function registerMiscCommands(program: Command): void {
  program
    .command('status')
    .description(
      "the node's status: a readable summary (network, height, peers, validator, Race weight, epoch, miner), or CometBFT's status JSON with -o json",
    )
    .option('--node <url>', 'CometBFT RPC endpoint (default http://127.0.0.1:26657)')
    .option('-o, --output <format>', 'text (default) or json')
    .action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as { node?: string; output?: string };
      const format = parseOutputFormat(opts.output);
      await connectComet(opts.node).then((c) => c.disconnect());
      const status = await fetchNodeStatus(opts.node);
      if (format === 'json') printJson(status.raw);
      else printText(renderStatusText(await status.view()));
    });

  program
    .command('export')
    .description('export the state as a genesis file (stop the node first)')
    .option('--home <dir>', 'node home directory')
    .option('--output-document <file>', 'write the genesis here instead of stdout')
    .action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as { home?: string; outputDocument?: string };
      const text = await runExport(opts.home);
      if (opts.outputDocument) fs.writeFileSync(opts.outputDocument, text);
      else process.stdout.write(text);
    });
}
