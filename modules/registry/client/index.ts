/** What the registry module adds to the chain's surface: its messages, REST and `raced tx|query registry`. */
import type { ModuleClient } from '../../../chain/client/module-client.js';
import * as registryTx from '../../../proto/gen/race/registry/v1/tx.js';
import { registryRestRoutes } from '../rest.js';
import { registryQueryCommands, registryTxCommands } from './commands.js';
import { REGISTRY_MSGS } from './msgs.js';

export const registryClient: ModuleClient = {
  name: 'registry',
  summary: 'the model registry (changed by governance only)',
  msgs: Object.values(REGISTRY_MSGS),
  anyTypes: [registryTx],
  restRoutes: registryRestRoutes,
  txCommands: registryTxCommands,
  queryCommands: registryQueryCommands,
};
