import type { ValidatorUpdate } from '../../chain/abci.js';
import type { Context } from '../../chain/app/context.js';
import type { AppModule, Invariant } from '../../chain/app/module.js';
import { handleEvidence, raceEndBlock } from './epoch.js';
import { defaultRaceGenesis, exportRaceGenesis, initRaceGenesis } from './genesis.js';
import { raceInvariants } from './invariants.js';
import type { RaceKeeper } from './keeper.js';
import { RACE_STORE_KEY } from './keys.js';
import { registerRaceMsgs } from './msg-server.js';
import { guardRetiredHotKeys } from './operator.js';
import { registerOperatorMsgs } from './operator-msg-server.js';
import { registerRaceQueries } from './query-server.js';

/** The Race module (genesis name "race"): it must come after gov and pricing in the module order (see weights.ts). */
export class RaceModule implements AppModule {
  readonly name = 'race';
  readonly storeKey = RACE_STORE_KEY;

  constructor(readonly keeper: RaceKeeper) {}

  registerServices({ msgs, queries }: Parameters<AppModule['registerServices']>[0]): void {
    registerRaceMsgs(guardRetiredHotKeys(msgs, this.keeper), this.keeper);
    registerOperatorMsgs(msgs, this.keeper);
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
    handleEvidence(ctx, this.keeper);
  }

  endBlock(ctx: Context): ValidatorUpdate[] {
    return raceEndBlock(ctx, this.keeper);
  }

  invariants(): Invariant[] {
    return raceInvariants(this.keeper);
  }
}
