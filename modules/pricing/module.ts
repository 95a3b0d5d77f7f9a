import type { AppModule } from '../../chain/app/module.js';
import type { Context } from '../../chain/app/context.js';
import { event } from '../../chain/types/events.js';
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
    const { ctx: branch, commit } = ctx.branch();
    try {
      this.keeper.endBlock(branch);
      commit();
    } catch (e) {
      // The price in force stays; the next epoch end tries again.
      ctx.log.error({ module: 'pricing', err: (e as Error).message }, 'setting the unit price failed');
      ctx.events.emit(event('unit_price_error', [['error', (e as Error).message]]));
    }
  }
}
