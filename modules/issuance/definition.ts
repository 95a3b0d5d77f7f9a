import { defineModule } from '../../chain/app/module-definition.js';
import type { AuthKeeper } from '../auth/keeper.js';
import type { BankKeeper } from '../bank/keeper.js';
import { issuanceClient } from './client/index.js';
import type { IssuanceWeights } from './expected-keepers.js';
import { IssuanceKeeper } from './keeper.js';
import { IssuanceModule } from './module.js';

/** Race weights and epochs from "weights" (the Race module): day's work, fee shares and the epoch's end. */
export const issuanceModule = defineModule({
  name: 'issuance',
  client: issuanceClient,
  newKeeper: (deps) =>
    new IssuanceKeeper({
      bank: deps.get<BankKeeper>('bank'),
      accounts: deps.get<AuthKeeper>('auth'),
      weights: deps.get<IssuanceWeights>('weights'),
    }),
  newModule: (keeper) => new IssuanceModule(keeper),
});
