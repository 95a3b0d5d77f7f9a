/** `raced tx bank send <from> <to> <amount>` and `raced query bank balances <address> | total`. */
import type { Command } from 'commander';
import {
  QueryAllBalancesRequest,
  QueryAllBalancesResponse,
  QueryTotalSupplyRequest,
  QueryTotalSupplyResponse,
} from 'cosmjs-types/cosmos/bank/v1beta1/query';
import { CliError } from '../../../chain/client/cli-error.js';
import type { ModuleCli, QueryFlags, TxCommandFlags } from '../../../chain/client/module-cli.js';
import { isValidAddress } from '../../../chain/crypto/address.js';
import { parseUserCoins } from './coins-input.js';
import { BANK_MSGS } from './msgs.js';

const ALL = { key: new Uint8Array(), offset: 0n, limit: 1000n, countTotal: false, reverse: false };
const coinsJson = (coins: Array<{ denom: string; amount: string }>) =>
  coins.map((c) => ({ denom: c.denom, amount: c.amount }));

export function bankTxCommands(tx: Command, cli: ModuleCli): void {
  cli
    .txCommand(
      tx,
      'send <from_key_or_address> <to_address> <amount>',
      'send coins (amounts in icon, micoin, uicon or nicoin)',
      'argument',
    )
    .action(async (from: string, to: string, amount: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as Omit<TxCommandFlags, 'from'>;
      if (!isValidAddress(to)) throw new CliError(`invalid recipient "${to}": expected a race1… address`);
      const coins = parseUserCoins(amount);
      if (coins.length === 0) throw new CliError('no amount given');
      const amountJson = coins.map((c) => ({ denom: c.denom, amount: c.amount.toString() }));
      await cli.broadcast({ ...opts, from }, (sender) => [
        { typeUrl: BANK_MSGS.send.typeUrl, value: { fromAddress: sender, toAddress: to, amount: amountJson } },
      ]);
    });
}

export function bankQueryCommands(bank: Command, cli: ModuleCli): void {
  cli
    .queryCommand(bank, 'balances <address>', 'all balances of an account')
    .action(async (address: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags;
      if (!isValidAddress(address))
        throw new CliError(`invalid address "${address}": expected a race1… bech32 address`);
      const r = await cli.query(
        opts,
        '/cosmos.bank.v1beta1.Query/AllBalances',
        QueryAllBalancesRequest.encode({ address, pagination: ALL, resolveDenom: false }).finish(),
        QueryAllBalancesResponse.decode,
      );
      cli.print(opts, {
        balances: coinsJson(r.balances),
        pagination: { next_key: null, total: String(r.balances.length) },
      });
    });
  cli.queryCommand(bank, 'total', 'total supply').action(async (_o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryFlags;
    const r = await cli.query(
      opts,
      '/cosmos.bank.v1beta1.Query/TotalSupply',
      QueryTotalSupplyRequest.encode({ pagination: ALL }).finish(),
      QueryTotalSupplyResponse.decode,
    );
    cli.print(opts, { supply: coinsJson(r.supply), pagination: { next_key: null, total: String(r.supply.length) } });
  });
}
