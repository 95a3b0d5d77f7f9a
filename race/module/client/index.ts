/** What the Race module adds to the chain's surface: its messages, REST and `raced query race`. */
import type { ModuleClient } from '../../../chain/client/module-client.js';
import * as raceTx from '../../../proto/gen/race/race/v1/tx.js';
import { raceRestRoutes } from '../rest.js';
import { raceQueryCommands } from './commands.js';
import { RACE_MSGS } from './msgs.js';
import { raceTxCommands } from './operator-commands.js';

export const raceClient: ModuleClient = {
  name: 'race',
  summary: 'Race epochs, weights, participants and the beacon',
  msgs: Object.values(RACE_MSGS),
  anyTypes: [raceTx],
  restRoutes: raceRestRoutes,
  txCommands: raceTxCommands,
  queryCommands: raceQueryCommands,
};
