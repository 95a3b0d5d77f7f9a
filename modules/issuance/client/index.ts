/** What the issuance module adds to the chain's surface: its messages, REST and `raced tx|query issuance`. */
import type { ModuleClient } from '../../../chain/client/module-client.js';
import * as issuanceTx from '../../../proto/gen/race/issuance/v1/tx.js';
import { issuanceRestRoutes } from '../rest.js';
import { issuanceQueryCommands, issuanceTxCommands } from './commands.js';
import { ISSUANCE_MSGS } from './msgs.js';

export const issuanceClient: ModuleClient = {
  name: 'issuance',
  summary: 'coin issuance: subsidy phases, minimum issuance, allocations and the training fund',
  msgs: Object.values(ISSUANCE_MSGS),
  anyTypes: [issuanceTx],
  restRoutes: issuanceRestRoutes,
  txCommands: issuanceTxCommands,
  queryCommands: issuanceQueryCommands,
};
