import { defineModule } from '../../chain/app/module-definition.js';
import { govClient } from './client/index.js';
import type { GovAccountKeeper, GovBankKeeper, VotingWeightSource } from './expected-keepers.js';
import { GovKeeper } from './keeper.js';
import { GovModule } from './module.js';

/** Voting power comes from whatever module provides "weights" (the Race module). */
export const govModule = defineModule({
  name: 'gov',
  client: govClient,
  newKeeper: (deps) =>
    new GovKeeper({
      bank: deps.get<GovBankKeeper>('bank'),
      accounts: deps.get<GovAccountKeeper>('auth'),
      weights: deps.get<VotingWeightSource>('weights'),
    }),
  newModule: (keeper, deps) =>
    new GovModule(keeper, { accounts: deps.get<GovAccountKeeper>('auth'), bank: deps.get<GovBankKeeper>('bank') }),
});
