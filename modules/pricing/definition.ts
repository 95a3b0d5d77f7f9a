import { defineModule } from '../../chain/app/module-definition.js';
import { pricingClient } from './client/index.js';
import type { EpochSource, ModelCostSource, ProviderWeightSource } from './expected-keepers.js';
import { PricingKeeper } from './keeper.js';
import { PricingModule } from './module.js';

/** Provider weights and epochs come from whatever module provides "weights" (the Race module); model costs from the registry. */
export const pricingModule = defineModule({
  name: 'pricing',
  client: pricingClient,
  newKeeper: (deps) =>
    new PricingKeeper({
      weights: deps.get<ProviderWeightSource>('weights'),
      epochs: deps.get<EpochSource>('weights'),
      models: deps.get<ModelCostSource>('registry'),
    }),
  newModule: (keeper) => new PricingModule(keeper),
});
