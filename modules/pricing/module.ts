import type { AppModule } from '../../chain/app/module.js';
import type { Context } from '../../chain/app/context.js';
import { defaultPricingGenesis, exportPricingGenesis, initPricingGenesis } from './genesis.js';
import type { PricingKeeper } from './keeper.js';
import { PRICING_STORE_KEY } from './keys.js';
import { registerPricingMsgs } from './msg-server.js';
import { registerPricingQueries } from './query-server.js';

export class PricingModule implements AppModule {
  readonly name = 'pricing';
  readonly storeKey = PRICING_STORE_KEY;

  constructor(readonly keeper: PricingKeeper) {}

  registerServices({ msgs, queries }: Parameters<AppModule['registerServices']>[0]): void {
    registerPricingMsgs(msgs, this.keeper);
    registerPricingQueries(queries, this.keeper);
  }

  defaultGenesis() {
    return defaultPricingGenesis();
  }

  initGenesis(ctx: Context, genesis: unknown): void {
    initPricingGenesis(ctx, this.keeper, genesis);
  }

  exportGenesis(ctx: Context) {
    return exportPricingGenesis(ctx, this.keeper);
  }

  endBlock(ctx: Context): void {
    // On a throw BaseApp drops the hook's writes: the price in force stays and the next epoch end tries again.
    this.keeper.endBlock(ctx);
  }
}
