import type { Command } from 'commander';
import { isValidAddress } from '../../../chain/crypto/address.js';
import { parseUserCoins } from '../coins-input.js';
import { CliError, parseOutputFormat, printJson, printText } from '../output.js';
import { yamlDocument } from '../render.js';
import { signAndBroadcastMsgs, type TxFlags } from '../tx-client.js';
import { addKeyringOptions } from './keys.js';

/** The flags every `raced tx …` command takes, as in the SDK. */
export function addTxFlags(cmd: Command): Command {
  return addKeyringOptions(cmd)
    .option('--node <url>', 'CometBFT RPC endpoint (default http://127.0.0.1:26657)')
    .option('--chain-id <id>', 'chain id (checked against the node)')
    .option('--fees <coins>', 'fees to pay, e.g. 2000nicoin')
    .option('--gas-prices <price>', 'gas price, e.g. 0.01nicoin (fee = gas × price)')
    .option('--gas <gas>', 'gas limit or "auto" (simulate)', undefined)
    .option('--gas-adjustment <x>', 'multiplier of the simulated gas with --gas auto', '1.5')
    .option('--memo <text>', 'memo')
    .option('--broadcast-mode <mode>', 'sync (default), async or block (wait until included)')
    .option('-y, --yes', 'skip the confirmation question');
}

export function printTxResponse(opts: { output?: string }, res: Record<string, unknown>): void {
  if (parseOutputFormat(opts.output) === 'json') printJson(res);
  else printText(yamlDocument(res));
  if (res.code !== 0) process.exitCode = 1;
}

export function registerTxCommands(program: Command): Command {
  const tx = program.command('tx').description('sign and broadcast transactions');
  const bank = tx.command('bank').description('bank module transactions');
  addTxFlags(
    bank.command('send <from_key_or_address> <to_address> <amount>').description('send coins (amounts in icon, micoin, uicon or nicoin)'),
  ).action(async (from: string, to: string, amount: string, _o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as TxFlags & { output?: string };
    if (!isValidAddress(to)) throw new CliError(`invalid recipient "${to}": expected a race1… address`);
    const coins = parseUserCoins(amount);
    if (coins.length === 0) throw new CliError('no amount given');
    const amountJson = coins.map((c) => ({ denom: c.denom, amount: c.amount.toString() }));
    const res = await signAndBroadcastMsgs({ ...opts, from }, (sender) => [
      { typeUrl: '/cosmos.bank.v1beta1.MsgSend', value: { fromAddress: sender, toAddress: to, amount: amountJson } },
    ]);
    printTxResponse(opts, res as unknown as Record<string, unknown>);
  });
  return tx;
}
