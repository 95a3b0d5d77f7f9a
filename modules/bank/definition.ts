import { defineModule } from '../../chain/app/module-definition.js';
import type { AuthKeeper } from '../auth/keeper.js';
import { bankClient } from './client/index.js';
import { BankKeeper } from './keeper.js';
import { BankModule } from './module.js';

export const bankModule = defineModule({
  name: 'bank',
  client: bankClient,
  newKeeper: (deps) => new BankKeeper(deps.get<AuthKeeper>('auth')),
  newModule: (keeper) => new BankModule(keeper),
});
