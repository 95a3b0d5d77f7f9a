import type { AppModule, Invariant } from '../../chain/app/module.js';
import { coinsToString, normalizeCoins, type Coin } from '../../chain/types/coins.js';
import { defaultBankGenesis, exportBankGenesis, initBankGenesis } from './genesis.js';
import { BANK_STORE_KEY } from './keys.js';
import type { BankKeeper } from './keeper.js';
import { registerBankMsgs } from './msg-server.js';
import { registerBankQueries } from './query-server.js';

export class BankModule implements AppModule {
  readonly name = 'bank';
  readonly storeKey = BANK_STORE_KEY;

  constructor(readonly keeper: BankKeeper) {}

  registerServices({ msgs, queries }: Parameters<AppModule['registerServices']>[0]): void {
    registerBankMsgs(msgs, this.keeper);
    registerBankQueries(queries, this.keeper);
  }

  defaultGenesis() {
    return defaultBankGenesis();
  }

  initGenesis(ctx: Parameters<AppModule['initGenesis']>[0], genesis: unknown): void {
    initBankGenesis(ctx, this.keeper, genesis);
  }

  exportGenesis(ctx: Parameters<AppModule['exportGenesis']>[0]) {
    return exportBankGenesis(ctx, this.keeper);
  }

  invariants(): Invariant[] {
    return [
      {
        name: 'total-supply',
        check: (ctx) => {
          let sum: Coin[] = [];
          for (const b of this.keeper.allAccountBalances(ctx)) sum = normalizeCoins([...sum, ...b.coins]);
          const supply = coinsToString(this.keeper.totalSupply(ctx));
          return coinsToString(sum) === supply
            ? undefined
            : `sum of balances ${coinsToString(sum)} != total supply ${supply}`;
        },
      },
      {
        name: 'nonnegative-outstanding',
        check: (ctx) => {
          for (const b of this.keeper.allAccountBalances(ctx)) {
            if (b.coins.some((c) => c.amount <= 0n)) return `${b.address} has a non-positive balance`;
          }
          return undefined;
        },
      },
    ];
  }
}
