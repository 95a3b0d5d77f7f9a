/** What the bank module adds to the chain's surface: its messages, REST, `raced tx bank` and `raced query bank`. */
import * as bankTx from 'cosmjs-types/cosmos/bank/v1beta1/tx';
import type { ModuleClient } from '../../../chain/client/module-client.js';
import { bankRestRoutes } from '../rest.js';
import { bankQueryCommands, bankTxCommands } from './commands.js';
import { BANK_MSGS } from './msgs.js';

export const bankClient: ModuleClient = {
  name: 'bank',
  summary: 'balances, supply and transfers',
  msgs: Object.values(BANK_MSGS),
  anyTypes: [bankTx],
  restRoutes: bankRestRoutes,
  txCommands: bankTxCommands,
  queryCommands: bankQueryCommands,
};
