/**
 * The program's implementation of ModuleCli, which module commands receive. The query client (abci-query.ts, no CosmJS)
 * and the signing client (CosmJS) are imported when a command runs, so registering the commands stays light.
 */
import type { Command } from 'commander';
import type { ModuleCli } from '../../chain/client/module-cli.js';
import type { TypeRegistry } from '../../chain/client/type-registry.js';
import { restJsonOf } from '../rest/json.js';
import { addTxFlags, printTxResponse } from './commands/tx.js';
import { parseOutputFormat, printJson, printText } from './output.js';
import { yamlDocument } from './render.js';
import type { TxFlags } from './tx-client.js';

export function programModuleCli(types: TypeRegistry): ModuleCli {
  const rest = restJsonOf(types);
  return {
    types,
    json: (v) => rest.render(v),
    queryCommand: (parent: Command, spec: string, description: string) =>
      parent
        .command(spec)
        .description(description)
        .option('--node <url>', 'CometBFT RPC endpoint (default http://127.0.0.1:26657)')
        .option('-o, --output <format>', 'text|json'),
    txCommand: (parent: Command, spec: string, description: string, from: 'flag' | 'argument' = 'flag') => {
      const cmd = addTxFlags(parent.command(spec).description(description));
      return from === 'flag' ? cmd.requiredOption('--from <key>', 'key name or address that signs') : cmd;
    },
    async query(flags, path, request, decode) {
      const { abciQuery } = await import('./abci-query.js');
      return abciQuery(flags.node, path, request, decode);
    },
    async broadcast(flags, msgs) {
      const { signAndBroadcastMsgs } = await import('./tx-client.js');
      const res = await signAndBroadcastMsgs(flags as TxFlags, msgs, types);
      printTxResponse(flags, res as unknown as Record<string, unknown>);
    },
    print(flags, value) {
      if (parseOutputFormat(flags.output) === 'json') printJson(value);
      else printText(yamlDocument(value));
    },
  };
}
