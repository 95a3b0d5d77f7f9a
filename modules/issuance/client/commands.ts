/**
 * `raced query issuance phase | minimum | allocations | training-fund | pot | pool | params` and
 * `raced tx issuance buy <quote_amount> | sell <amount> | bridge-deposit <recipient> <amount>` (integer base units).
 */
import type { Command } from 'commander';
import { CliError } from '../../../chain/client/cli-error.js';
import type { ModuleCli, QueryFlags, TxCommandFlags } from '../../../chain/client/module-cli.js';
import { isValidAddress } from '../../../chain/crypto/address.js';
import { ISSUANCE_URLS } from './msgs.js';
import { ISSUANCE_QUERY_PREFIX } from '../query-server.js';
import { ISSUANCE_QUERIES } from '../rest.js';

export function issuanceQueryCommands(q: Command, cli: ModuleCli): void {
  for (const d of ISSUANCE_QUERIES) {
    cli.queryCommand(q, d.path.replace('_', '-'), d.about).action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags;
      const res = d.res as { decode(b: Uint8Array): unknown; toJSON(m: never): unknown };
      const r = await cli.query(opts, `${ISSUANCE_QUERY_PREFIX}/${d.method}`, d.req.encode({}).finish(), (b) =>
        res.decode(b),
      );
      cli.print(opts, cli.json(res.toJSON(r as never)));
    });
  }
}

function amount(text: string, what: string): string {
  if (!/^[1-9][0-9]*$/.test(text))
    throw new CliError(`${what} must be a positive integer of base units, got "${text}"`);
  return text;
}

export function issuanceTxCommands(tx: Command, cli: ModuleCli): void {
  cli
    .txCommand(
      tx,
      'buy <quote_amount>',
      "buy icon from the liquidity pool, paying up to quote_amount of the pool's quote denom",
    )
    .action(async (q: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as TxCommandFlags;
      const quoteAmount = amount(q, 'quote_amount');
      await cli.broadcast(opts, (buyer) => [{ typeUrl: ISSUANCE_URLS.buyFromPool, value: { buyer, quoteAmount } }]);
    });
  cli
    .txCommand(tx, 'sell <nicoin>', 'sell nicoin back to the liquidity pool at the latest price (hardware providers)')
    .action(async (n: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as TxCommandFlags;
      const a = amount(n, 'amount');
      await cli.broadcast(opts, (seller) => [{ typeUrl: ISSUANCE_URLS.sellToPool, value: { seller, amount: a } }]);
    });
  cli
    .txCommand(
      tx,
      'bridge-deposit <recipient> <amount>',
      'mint the quote denom for a bridged deposit (the bridge account)',
    )
    .action(async (recipient: string, n: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as TxCommandFlags;
      if (!isValidAddress(recipient)) throw new CliError(`invalid address "${recipient}"`);
      const a = amount(n, 'amount');
      await cli.broadcast(opts, (bridge) => [
        { typeUrl: ISSUANCE_URLS.bridgeDeposit, value: { bridge, recipient, amount: a } },
      ]);
    });
}
