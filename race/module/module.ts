import type { ValidatorUpdate } from '../../chain/abci.js';
import type { Context } from '../../chain/app/context.js';
import type { AppModule, Invariant } from '../../chain/app/module.js';
import { event } from '../../chain/types/events.js';
import { handleEvidence, raceEndBlock } from './epoch.js';
import { defaultRaceGenesis, exportRaceGenesis, initRaceGenesis } from './genesis.js';
import { raceInvariants } from './invariants.js';
import type { RaceKeeper } from './keeper.js';
import { RACE_STORE_KEY } from './keys.js';
import { registerRaceMsgs } from './msg-server.js';
import { registerRaceQueries } from './query-server.js';

/** The Race module (genesis name "race"): it must come after gov and pricing in the module order (see weights.ts). */
export class RaceModule implements AppModule {
  readonly name = 'race';
  readonly storeKey = RACE_STORE_KEY;

  constructor(readonly keeper: RaceKeeper) {}

  registerServices({ msgs, queries }: Parameters<AppModule['registerServices']>[0]): void {
    registerRaceMsgs(msgs, this.keeper);
    registerRaceQueries(queries, this.keeper);
  }

  defaultGenesis() {
    return defaultRaceGenesis();
  }

  initGenesis(ctx: Context, genesis: unknown): ValidatorUpdate[] {
    return initRaceGenesis(ctx, this.keeper, genesis);
  }

  exportGenesis(ctx: Context) {
    return exportRaceGenesis(ctx, this.keeper);
  }

  beginBlock(ctx: Context): void {
    this.guard(ctx, 'evidence', (c) => handleEvidence(c, this.keeper));
  }

  endBlock(ctx: Context): ValidatorUpdate[] {
    let updates: ValidatorUpdate[] = [];
    this.guard(ctx, 'end_block', (c) => {
      updates = raceEndBlock(c, this.keeper);
    });
    return updates;
  }

  invariants(): Invariant[] {
    return raceInvariants(this.keeper);
  }

  /** Block hooks never throw: a failure keeps nothing of the hook's writes, is logged and reported by an event. */
  private guard(ctx: Context, hook: string, fn: (branch: Context) => void): void {
    const { ctx: branch, commit } = ctx.branch();
    try {
      fn(branch);
    } catch (e) {
      ctx.log.error({ module: 'race', hook, err: (e as Error).message }, 'race block hook failed');
      ctx.events.emit(event('race_error', [['hook', hook], ['error', (e as Error).message]]));
      return;
    }
    commit();
  }
}
