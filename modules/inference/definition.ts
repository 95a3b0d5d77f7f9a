import { defineModule } from '../../chain/app/module-definition.js';
import type { RaceKeeper } from '../../race/module/keeper.js';
import type { AuthKeeper } from '../auth/keeper.js';
import type { BankKeeper } from '../bank/keeper.js';
import type { IssuanceKeeper } from '../issuance/keeper.js';
import type { PricingKeeper } from '../pricing/keeper.js';
import type { RegistryKeeper } from '../registry/keeper.js';
import { inferenceClient } from './client/index.js';
import { beaconRandomness } from './beacon-randomness.js';
import type { WeightSource } from './expected-keepers.js';
import { InferenceKeeper } from './keeper.js';
import { InferenceModule } from './module.js';

/** Weights and epochs from "weights" (the Race module), prices from pricing, models from the registry, subsidy from issuance. */
export const inferenceModule = defineModule({
  name: 'inference',
  client: inferenceClient,
  newKeeper: (deps) => {
    const race = deps.get<RaceKeeper>('race');
    return new InferenceKeeper({
      bank: deps.get<BankKeeper>('bank'),
      accounts: deps.get<AuthKeeper>('auth'),
      weights: deps.get<WeightSource>('weights'),
      prices: deps.get<PricingKeeper>('pricing'),
      models: deps.get<RegistryKeeper>('registry'),
      randomness: beaconRandomness((ctx) => race.getEpoch(ctx)),
      issuance: deps.get<IssuanceKeeper>('issuance'),
    });
  },
  newModule: (keeper) => new InferenceModule(keeper),
});
