import { BaseApp, type BaseAppDeps } from '../../chain/app/base-app.js';
import type { AppModule } from '../../chain/app/module.js';
import { ACCOUNT_PREFIX } from '../../chain/crypto/address.js';
import { verifySecp256k1 } from '../../chain/crypto/secp256k1.js';
import { cachedVerifier } from '../../chain/crypto/verify-cache.js';
import type { CommitStore } from '../../chain/store/commit-store.js';
import type { DecCoin } from '../../chain/types/dec.js';
import { MsgRegistry } from '../../chain/tx/registry.js';
import type { Logger } from '../../chain/util/log.js';
import { newAnteHandler } from '../../modules/auth/ante.js';
import { AuthKeeper } from '../../modules/auth/keeper.js';
import { AuthModule } from '../../modules/auth/module.js';
import { BankKeeper } from '../../modules/bank/keeper.js';
import { BankModule } from '../../modules/bank/module.js';
import { BASE_DENOM } from '../../modules/bank/denoms.js';
import { GovKeeper } from '../../modules/gov/keeper.js';
import { GovModule } from '../../modules/gov/module.js';
import { PricingKeeper } from '../../modules/pricing/keeper.js';
import { PricingModule } from '../../modules/pricing/module.js';
import { RegistryKeeper } from '../../modules/registry/keeper.js';
import { RegistryModule } from '../../modules/registry/module.js';
import { RaceKeeper } from '../../race/module/keeper.js';
import { RaceModule } from '../../race/module/module.js';
import { RaceWeights } from '../../race/module/weights.js';

export const APP_NAME = 'race';
export const APP_VERSION = '0.1.0';

export interface RaceAppOpts {
  chainId: string;
  minGasPrices?: () => DecCoin[];
  maxTxBytes?: number;
}

export interface RaceAppDeps {
  store: CommitStore;
  log: Logger;
  commitOps?: BaseAppDeps['commitOps'];
}

export interface RaceApp {
  app: BaseApp;
  registry: MsgRegistry;
  keepers: ReturnType<typeof buildModules>;
  modules: AppModule[];
}

/** The module list in genesis and block-hook order. New modules are appended; the order is consensus-critical. */
function buildModules() {
  const auth = new AuthKeeper();
  const bank = new BankKeeper(auth);
  // Race weights (epochs, tally and provider weights) come from the Race module.
  const race = new RaceKeeper();
  const weights = new RaceWeights(race);
  const gov = new GovKeeper({ bank, accounts: auth, weights });
  const registry = new RegistryKeeper();
  const pricing = new PricingKeeper({ weights, epochs: weights, models: registry });
  const modules: AppModule[] = [
    new AuthModule(auth),
    new BankModule(bank),
    new GovModule(gov, { accounts: auth, bank, paramKeepers: { auth, bank } }),
    new RegistryModule(registry),
    new PricingModule(pricing),
    // Last: in an epoch's final block gov and pricing must still see epoch e's weights before the Race moves on.
    new RaceModule(race),
  ];
  return { auth, bank, gov, registry, pricing, weights, race, modules };
}

export function buildRaceApp(opts: RaceAppOpts, deps: RaceAppDeps): RaceApp {
  const { auth, bank, gov, registry: registryKeeper, pricing, weights, race, modules } = buildModules();
  const registry = new MsgRegistry({ bech32Prefix: ACCOUNT_PREFIX });
  // The app is referenced lazily: its router exists only once the BaseApp is built.
  const late: { app?: BaseApp } = {};
  const app = new BaseApp(
    { name: APP_NAME, version: APP_VERSION, chainId: opts.chainId },
    {
      store: deps.store,
      modules,
      registry,
      maxTxBytes: opts.maxTxBytes,
      anteHandler: newAnteHandler({
        auth,
        bank,
        registry,
        verifySignature: cachedVerifier(verifySecp256k1),
        minGasPrices: opts.minGasPrices ?? (() => []),
        simulatedFeeDenom: BASE_DENOM,
        isDutyMsg: (typeUrl) => late.app?.msgs.route(typeUrl)?.duty === true,
      }),
      log: deps.log.child({ module: 'app' }),
      commitOps: deps.commitOps,
    },
  );
  late.app = app;
  return { app, registry, keepers: { auth, bank, gov, registry: registryKeeper, pricing, weights, race, modules }, modules };
}

/** Each module's default genesis: what `raced init` writes into app_state. */
export function defaultAppState(): Record<string, unknown> {
  const { modules } = buildModules();
  return Object.fromEntries(modules.map((m) => [m.name, m.defaultGenesis()]));
}
