import type { AppModule } from '../../chain/app/module.js';
import type { Context } from '../../chain/app/context.js';
import { inferenceEndBlock } from './end-block.js';
import { defaultInferenceGenesis, exportInferenceGenesis, initInferenceGenesis } from './genesis.js';
import { inferenceInvariants } from './invariants.js';
import type { InferenceKeeper } from './keeper.js';
import { INFERENCE_STORE_KEY } from './keys.js';
import { registerInferenceMsgs } from './msg-server.js';
import { registerInferenceQueries } from './query-server.js';

export class InferenceModule implements AppModule {
  readonly name = 'inference';
  readonly storeKey = INFERENCE_STORE_KEY;

  constructor(readonly keeper: InferenceKeeper) {}

  registerServices({ msgs, queries }: Parameters<AppModule['registerServices']>[0]): void {
    registerInferenceMsgs(msgs, this.keeper);
    registerInferenceQueries(queries, this.keeper);
  }

  defaultGenesis() {
    return defaultInferenceGenesis();
  }

  initGenesis(ctx: Context, genesis: unknown): void {
    initInferenceGenesis(ctx, this.keeper, genesis);
  }

  exportGenesis(ctx: Context) {
    return exportInferenceGenesis(ctx, this.keeper);
  }

  endBlock(ctx: Context): void {
    inferenceEndBlock(ctx, this.keeper);
  }

  invariants() {
    return inferenceInvariants(this.keeper);
  }
}
