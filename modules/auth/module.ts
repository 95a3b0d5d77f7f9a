import type { AppModule, Invariant } from '../../chain/app/module.js';
import { AUTH_STORE_KEY } from './keys.js';
import type { AuthKeeper } from './keeper.js';
import { defaultAuthGenesis, exportAuthGenesis, initAuthGenesis } from './genesis.js';
import { registerAuthMsgs } from './msg-server.js';
import { registerAuthQueries } from './query-server.js';

export class AuthModule implements AppModule {
  readonly name = 'auth';
  readonly storeKey = AUTH_STORE_KEY;

  constructor(readonly keeper: AuthKeeper) {}

  registerServices({ msgs, queries }: Parameters<AppModule['registerServices']>[0]): void {
    registerAuthMsgs(msgs, this.keeper);
    registerAuthQueries(queries, this.keeper);
  }

  defaultGenesis() {
    return defaultAuthGenesis();
  }

  initGenesis(ctx: Parameters<AppModule['initGenesis']>[0], genesis: unknown): void {
    initAuthGenesis(ctx, this.keeper, genesis);
  }

  exportGenesis(ctx: Parameters<AppModule['exportGenesis']>[0]) {
    return exportAuthGenesis(ctx, this.keeper);
  }

  invariants(): Invariant[] {
    return [
      {
        name: 'unique-account-numbers',
        check: (ctx) => {
          const seen = new Set<bigint>();
          for (const a of this.keeper.accounts(ctx)) {
            if (seen.has(a.accountNumber)) return `account number ${a.accountNumber} is used twice`;
            seen.add(a.accountNumber);
          }
          const next = this.keeper.nextAccountNumber(ctx.branch().ctx, false);
          return [...seen].some((n) => n >= next)
            ? `next account number ${next} is not above every assigned number`
            : undefined;
        },
      },
    ];
  }
}
