import { defineModule } from '../../chain/app/module-definition.js';
import type { BankKeeper } from '../../modules/bank/keeper.js';
import { raceClient } from './client/index.js';
import { RaceKeeper } from './keeper.js';
import { RaceModule } from './module.js';
import { RaceWeights } from './weights.js';

/** It needs bank (the registration fee) and provides "weights" (epochs, voting and provider weights) to gov and pricing. */
export const raceModule = defineModule({
  name: 'race',
  client: raceClient,
  newKeeper: (deps) => new RaceKeeper(deps.get<BankKeeper>('bank')),
  provides: { weights: (keeper: RaceKeeper) => new RaceWeights(keeper) },
  newModule: (keeper) => new RaceModule(keeper),
});
