import type { Command } from 'commander';
import { toHex } from '@cosmjs/encoding';
import { isValidAddress } from '../../../chain/crypto/address.js';
import { accountJson, txResponseJson, yamlDocument } from '../render.js';
import { CliError, parseOutputFormat, printJson, printText } from '../output.js';
import { withQueryClient } from '../rpc-client.js';
import { StargateClient } from '@cosmjs/stargate';

interface QueryOpts {
  node?: string;
  output?: string;
}

function output(opts: QueryOpts, value: unknown): void {
  if (parseOutputFormat(opts.output) === 'json') printJson(value);
  else printText(yamlDocument(value));
}

function checkAddress(addr: string): void {
  if (!isValidAddress(addr)) throw new CliError(`invalid address "${addr}": expected a race1… bech32 address`);
}

function queryCommand(parent: Command, name: string, description: string): Command {
  return parent
    .command(name)
    .description(description)
    .option('--node <url>', 'CometBFT RPC endpoint (default http://127.0.0.1:26657)')
    .option('-o, --output <format>', 'text|json');
}

export function registerQueryCommands(program: Command): Command {
  const query = program.command('query').alias('q').description('query chain state from a node');

  const bank = query.command('bank').description('bank module queries');
  queryCommand(bank, 'balances <address>', 'all balances of an account').action(async (address: string, _o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryOpts;
    checkAddress(address);
    const res = await withQueryClient(opts.node, (q) => q.bank.allBalances(address));
    output(opts, { balances: res.map((c) => ({ denom: c.denom, amount: c.amount })), pagination: { next_key: null, total: String(res.length) } });
  });
  queryCommand(bank, 'total', 'total supply').action(async (_o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryOpts;
    const res = await withQueryClient(opts.node, (q) => q.bank.totalSupply());
    output(opts, { supply: res.supply.map((c) => ({ denom: c.denom, amount: c.amount })), pagination: { next_key: null, total: String(res.supply.length) } });
  });

  const auth = query.command('auth').description('auth module queries');
  queryCommand(auth, 'account <address>', 'an account: number, sequence and public key').action(async (address: string, _o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryOpts;
    checkAddress(address);
    const any = await withQueryClient(opts.node, async (q) => {
      try {
        return await q.auth.account(address);
      } catch (e) {
        if (/NotFound/.test((e as Error).message)) throw new CliError(`account ${address} not found`);
        throw e;
      }
    });
    if (!any) throw new CliError(`account ${address} not found`);
    output(opts, accountJson(any));
  });

  queryCommand(query, 'tx <hash>', 'a committed tx by its hash').action(async (hash: string, _o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryOpts;
    if (!/^[0-9a-fA-F]{64}$/.test(hash)) throw new CliError(`invalid tx hash "${hash}": expected 64 hex characters`);
    const { tx, time } = await withQueryClient(opts.node, async (_q, comet) => {
      const client = await StargateClient.create(comet);
      const found = await client.getTx(hash.toUpperCase());
      if (!found) throw new CliError(`tx (${hash.toUpperCase()}) not found`);
      const block = await comet.block(found.height);
      return { tx: found, time: block.block.header.time.toISOString().replace(/\.(\d{3})Z$/, '.$1Z') };
    });
    output(opts, txResponseJson(tx, time));
  });

  queryCommand(query, 'block [height]', 'a block (latest if no height)').action(async (height: string | undefined, _o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryOpts;
    if (height !== undefined && !/^[1-9][0-9]*$/.test(height)) throw new CliError(`invalid height "${height}"`);
    const b = await withQueryClient(opts.node, (_q, comet) => comet.block(height === undefined ? undefined : Number(height)));
    output(opts, {
      block_id: { hash: toHex(b.blockId.hash).toUpperCase() },
      block: { header: { chain_id: b.block.header.chainId, height: String(b.block.header.height), time: b.block.header.time.toISOString(), app_hash: toHex(b.block.header.appHash).toUpperCase(), proposer_address: toHex(b.block.header.proposerAddress).toUpperCase() }, num_txs: b.block.txs.length },
    });
  });
  return query;
}
