/** What the inference module adds to the chain's surface: its messages, REST and `raced tx|query inference`. */
import type { ModuleClient } from '../../../chain/client/module-client.js';
import * as inferenceTx from '../../../proto/gen/race/inference/v1/tx.js';
import { inferenceRestRoutes } from '../rest.js';
import { inferenceQueryCommands, inferenceTxCommands } from './commands.js';
import { INFERENCE_MSGS } from './msgs.js';

export const inferenceClient: ModuleClient = {
  name: 'inference',
  summary: 'the inference marketplace: executors, requests, settlements',
  msgs: Object.values(INFERENCE_MSGS),
  anyTypes: [inferenceTx],
  restRoutes: inferenceRestRoutes,
  txCommands: inferenceTxCommands,
  queryCommands: inferenceQueryCommands,
};
