import type { AppModule, Invariant } from '../../chain/app/module.js';
import type { Context } from '../../chain/app/context.js';
import { defaultIssuanceGenesis, exportIssuanceGenesis, initIssuanceGenesis } from './genesis.js';
import { checkInvariantsInBlock, issuanceInvariants } from './invariants.js';
import type { IssuanceKeeper } from './keeper.js';
import { ISSUANCE_STORE_KEY } from './keys.js';
import { issuanceEndBlock } from './money-flow.js';
import { registerIssuanceMsgs } from './msg-server.js';
import { registerIssuanceQueries } from './query-server.js';

export class IssuanceModule implements AppModule {
  readonly name = 'issuance';
  readonly storeKey = ISSUANCE_STORE_KEY;

  constructor(readonly keeper: IssuanceKeeper) {}

  registerServices({ msgs, queries }: Parameters<AppModule['registerServices']>[0]): void {
    registerIssuanceMsgs(msgs, this.keeper);
    registerIssuanceQueries(queries, this.keeper);
  }

  defaultGenesis() {
    return defaultIssuanceGenesis();
  }

  initGenesis(ctx: Context, genesis: unknown): void {
    initIssuanceGenesis(ctx, this.keeper, genesis);
  }

  exportGenesis(ctx: Context) {
    return exportIssuanceGenesis(ctx, this.keeper);
  }

  endBlock(ctx: Context): void {
    issuanceEndBlock(ctx, this.keeper);
    checkInvariantsInBlock(ctx, this.keeper);
  }

  invariants(): Invariant[] {
    return issuanceInvariants(this.keeper);
  }
}
