import { defineModule } from '../../chain/app/module-definition.js';
import { raceClient } from './client/index.js';
import { RaceKeeper } from './keeper.js';
import { RaceModule } from './module.js';
import { RaceWeights } from './weights.js';

/** It provides "weights" (epochs, voting and provider weights) to gov and pricing. */
export const raceModule = defineModule({
  name: 'race',
  client: raceClient,
  newKeeper: () => new RaceKeeper(),
  provides: { weights: (keeper: RaceKeeper) => new RaceWeights(keeper) },
  newModule: (keeper) => new RaceModule(keeper),
});
