import type { Command } from 'commander';
import { toHex } from '@cosmjs/encoding';
import type { ModuleClient } from '../../../chain/client/module-client.js';
import type { ModuleCli, QueryFlags } from '../../../chain/client/module-cli.js';
import { CliError } from '../output.js';
import { txResponseJson } from '../render.js';

/** `raced query <module> …` for each module of the app's list that declares query commands, then `tx` and `block`. */
export function registerQueryCommands(program: Command, modules: readonly ModuleClient[], cli: ModuleCli): Command {
  const query = program.command('query').alias('q').description('query chain state from a node');
  for (const m of modules) {
    if (m.queryCommands) m.queryCommands(query.command(m.name).description(`${m.name} queries: ${m.summary}`), cli);
  }

  cli
    .queryCommand(query, 'tx <hash>', 'a committed tx by its hash')
    .action(async (hash: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags;
      if (!/^[0-9a-fA-F]{64}$/.test(hash)) throw new CliError(`invalid tx hash "${hash}": expected 64 hex characters`);
      const { withQueryClient } = await import('../rpc-client.js');
      const { StargateClient } = await import('@cosmjs/stargate');
      const { tx, time } = await withQueryClient(opts.node, async (_q, comet) => {
        const client = await StargateClient.create(comet);
        const found = await client.getTx(hash.toUpperCase());
        if (!found) throw new CliError(`tx (${hash.toUpperCase()}) not found`);
        const block = await comet.block(found.height);
        return { tx: found, time: block.block.header.time.toISOString().replace(/\.(\d{3})Z$/, '.$1Z') };
      });
      cli.print(opts, txResponseJson(cli.json, tx, time));
    });

  cli
    .queryCommand(query, 'block [height]', 'a block (latest if no height)')
    .action(async (height: string | undefined, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags;
      if (height !== undefined && !/^[1-9][0-9]*$/.test(height)) throw new CliError(`invalid height "${height}"`);
      const { withQueryClient } = await import('../rpc-client.js');
      const b = await withQueryClient(opts.node, (_q, comet) =>
        comet.block(height === undefined ? undefined : Number(height)),
      );
      cli.print(opts, {
        block_id: { hash: toHex(b.blockId.hash).toUpperCase() },
        block: {
          header: {
            chain_id: b.block.header.chainId,
            height: String(b.block.header.height),
            time: b.block.header.time.toISOString(),
            app_hash: toHex(b.block.header.appHash).toUpperCase(),
            proposer_address: toHex(b.block.header.proposerAddress).toUpperCase(),
          },
          num_txs: b.block.txs.length,
        },
      });
    });
  return query;
}
