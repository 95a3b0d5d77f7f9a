import type { AppModule } from '../../chain/app/module.js';
import type { Context } from '../../chain/app/context.js';
import { defaultRegistryGenesis, exportRegistryGenesis, initRegistryGenesis } from './genesis.js';
import type { RegistryKeeper } from './keeper.js';
import { REGISTRY_STORE_KEY } from './keys.js';
import { registerRegistryMsgs } from './msg-server.js';
import { registerRegistryQueries } from './query-server.js';

export class RegistryModule implements AppModule {
  readonly name = 'registry';
  readonly storeKey = REGISTRY_STORE_KEY;

  constructor(readonly keeper: RegistryKeeper) {}

  registerServices({ msgs, queries }: Parameters<AppModule['registerServices']>[0]): void {
    registerRegistryMsgs(msgs, this.keeper);
    registerRegistryQueries(queries, this.keeper);
  }

  defaultGenesis() {
    return defaultRegistryGenesis();
  }

  initGenesis(ctx: Context, genesis: unknown): void {
    initRegistryGenesis(ctx, this.keeper, genesis);
  }

  exportGenesis(ctx: Context) {
    return exportRegistryGenesis(ctx, this.keeper);
  }
}
