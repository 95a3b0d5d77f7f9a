/** `raced query auth account <address>`. */
import type { Command } from 'commander';
import { QueryAccountRequest, QueryAccountResponse } from 'cosmjs-types/cosmos/auth/v1beta1/query';
import { CliError } from '../../../chain/client/cli-error.js';
import type { ModuleCli, QueryFlags } from '../../../chain/client/module-cli.js';
import { isValidAddress } from '../../../chain/crypto/address.js';

export function authQueryCommands(auth: Command, cli: ModuleCli): void {
  cli
    .queryCommand(auth, 'account <address>', 'an account: number, sequence and public key')
    .action(async (address: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags;
      if (!isValidAddress(address))
        throw new CliError(`invalid address "${address}": expected a race1… bech32 address`);
      let r: QueryAccountResponse;
      try {
        r = await cli.query(
          opts,
          '/cosmos.auth.v1beta1.Query/Account',
          QueryAccountRequest.encode({ address }).finish(),
          QueryAccountResponse.decode,
        );
      } catch (e) {
        if (e instanceof CliError && /not found/i.test(e.message)) throw new CliError(`account ${address} not found`);
        throw e;
      }
      if (!r.account) throw new CliError(`account ${address} not found`);
      cli.print(opts, { account: cli.json(r.account) });
    });
}
