/** What the gov module adds to the chain's surface: its messages, proposal contents, REST and `raced tx|query gov`. */
import * as govV1Tx from 'cosmjs-types/cosmos/gov/v1/tx';
import * as govV1beta1Gov from 'cosmjs-types/cosmos/gov/v1beta1/gov';
import * as govV1beta1Tx from 'cosmjs-types/cosmos/gov/v1beta1/tx';
import type { ModuleClient } from '../../../chain/client/module-client.js';
import { govRestRoutes } from '../rest.js';
import { govQueryCommands, govTxCommands } from './commands.js';
import { GOV_MSGS } from './msgs.js';

export const govClient: ModuleClient = {
  name: 'gov',
  summary: 'governance: proposals, deposits and votes',
  msgs: Object.values(GOV_MSGS),
  anyTypes: [govV1Tx, govV1beta1Gov, govV1beta1Tx],
  restRoutes: govRestRoutes,
  txCommands: govTxCommands,
  queryCommands: govQueryCommands,
};
