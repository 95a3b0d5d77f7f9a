import { defineModule } from '../../chain/app/module-definition.js';
import { registryClient } from './client/index.js';
import { RegistryKeeper } from './keeper.js';
import { RegistryModule } from './module.js';

export const registryModule = defineModule({
  name: 'registry',
  client: registryClient,
  newKeeper: () => new RegistryKeeper(),
  newModule: (keeper) => new RegistryModule(keeper),
});
