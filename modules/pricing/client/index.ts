/** What the pricing module adds to the chain's surface: its messages, REST and `raced tx|query pricing`. */
import type { ModuleClient } from '../../../chain/client/module-client.js';
import * as pricingTx from '../../../proto/gen/race/pricing/v1/tx.js';
import { pricingRestRoutes } from '../rest.js';
import { pricingQueryCommands, pricingTxCommands } from './commands.js';
import { PRICING_MSGS } from './msgs.js';

export const pricingClient: ModuleClient = {
  name: 'pricing',
  summary: 'the unit-of-compute price and model prices',
  msgs: Object.values(PRICING_MSGS),
  anyTypes: [pricingTx],
  restRoutes: pricingRestRoutes,
  txCommands: pricingTxCommands,
  queryCommands: pricingQueryCommands,
};
