import { defineModule } from '../../chain/app/module-definition.js';
import { authClient } from './client/index.js';
import { AuthKeeper } from './keeper.js';
import { AuthModule } from './module.js';

export const authModule = defineModule({
  name: 'auth',
  client: authClient,
  newKeeper: () => new AuthKeeper(),
  newModule: (keeper) => new AuthModule(keeper),
});
