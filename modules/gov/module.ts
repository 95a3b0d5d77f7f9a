import type { AppModule, Invariant } from '../../chain/app/module.js';
import type { Context } from '../../chain/app/context.js';
import { addCoins, coinFromProto, coinsToString, type Coin } from '../../chain/types/coins.js';
import { govAddress } from './authority.js';
import type { GovAccountKeeper, GovBankKeeper } from './expected-keepers.js';
import { defaultGovGenesis, exportGovGenesis, initGovGenesis } from './genesis.js';
import { GOV_STORE_KEY } from './keys.js';
import type { GovKeeper } from './keeper.js';
import { registerLegacyGovMsgs, registerLegacyGovQueries } from './legacy.js';
import { registerGovMsgs } from './msg-server.js';
import { registerGovQueries } from './query-server.js';

export interface GovModuleDeps {
  accounts: GovAccountKeeper;
  bank: GovBankKeeper;
}

export class GovModule implements AppModule {
  readonly name = 'gov';
  readonly storeKey = GOV_STORE_KEY;

  constructor(
    readonly keeper: GovKeeper,
    private readonly deps: GovModuleDeps,
  ) {}

  registerServices({ msgs, queries }: Parameters<AppModule['registerServices']>[0]): void {
    this.keeper.setRouter(msgs);
    registerGovMsgs(msgs, this.keeper);
    registerLegacyGovMsgs(msgs, this.keeper);
    registerGovQueries(queries, this.keeper);
    registerLegacyGovQueries(queries, this.keeper);
  }

  defaultGenesis() {
    return defaultGovGenesis();
  }

  initGenesis(ctx: Context, genesis: unknown): void {
    initGovGenesis(ctx, this.keeper, this.deps.accounts, genesis);
  }

  exportGenesis(ctx: Context) {
    return exportGovGenesis(ctx, this.keeper);
  }

  endBlock(ctx: Context): void {
    this.keeper.endBlock(ctx);
  }

  invariants(): Invariant[] {
    return [
      {
        name: 'deposits-escrowed',
        check: (ctx) => {
          let sum: Coin[] = [];
          for (const d of this.keeper.allDeposits(ctx)) sum = addCoins(sum, d.amount.map(coinFromProto));
          const held = coinsToString(this.deps.bank.getAllBalances(ctx, govAddress()));
          return coinsToString(sum) === held
            ? undefined
            : `open deposits ${coinsToString(sum)} != gov account balance ${held}`;
        },
      },
    ];
  }
}
