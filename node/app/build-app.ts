import { BaseApp, type BaseAppDeps } from '../../chain/app/base-app.js';
import { wireModules, type KeepersOf } from '../../chain/app/module-definition.js';
import type { AppModule } from '../../chain/app/module.js';
import type { ModuleClient } from '../../chain/client/module-client.js';
import { TypeRegistry } from '../../chain/client/type-registry.js';
import { ACCOUNT_PREFIX } from '../../chain/crypto/address.js';
import { verifySecp256k1 } from '../../chain/crypto/secp256k1.js';
import { cachedVerifier } from '../../chain/crypto/verify-cache.js';
import type { CommitStore } from '../../chain/store/commit-store.js';
import type { DecCoin } from '../../chain/types/dec.js';
import { MsgRegistry } from '../../chain/tx/registry.js';
import type { Logger } from '../../chain/util/log.js';
import { newAnteHandler } from '../../modules/auth/ante.js';
import { authModule } from '../../modules/auth/definition.js';
import { bankModule } from '../../modules/bank/definition.js';
import { BASE_DENOM } from '../../modules/bank/denoms.js';
import { govModule } from '../../modules/gov/definition.js';
import { inferenceModule } from '../../modules/inference/definition.js';
import { pricingModule } from '../../modules/pricing/definition.js';
import { registryModule } from '../../modules/registry/definition.js';
import { raceModule } from '../../race/module/definition.js';
import { APP_NAME, APP_VERSION } from './version.js';

export { APP_NAME, APP_VERSION };

/**
 * THE ordered list of the chain's modules: the app, the REST server, the CLI, gov's proposal table and the test
 * harnesses all take their modules from here. The order is genesis and block-hook order and is consensus-critical;
 * new modules are appended (docs/architecture.md, "Adding a module").
 */
export const APP_MODULES = [
  authModule,
  bankModule,
  govModule,
  registryModule,
  pricingModule,
  inferenceModule,
  // Last: in an epoch's final block gov and pricing must still see epoch e's weights before the Race moves on.
  raceModule,
] as const;

export type AppKeepers = KeepersOf<typeof APP_MODULES>;

/** The client side of every module, in list order. */
export const APP_CLIENTS: readonly ModuleClient[] = APP_MODULES.map((m) => m.client);

let types: TypeRegistry | undefined;
/** The type registry of the app's modules (REST JSON, CLI rendering, proposal parsing, CosmJS types). */
export function appTypeRegistry(): TypeRegistry {
  types ??= new TypeRegistry(APP_CLIENTS);
  return types;
}

export interface RaceAppOpts {
  chainId: string;
  minGasPrices?: () => DecCoin[];
  maxTxBytes?: number;
  /** ABCI Info's app name (default APP_NAME). */
  name?: string;
}

export interface RaceAppDeps {
  store: CommitStore;
  log: Logger;
  commitOps?: BaseAppDeps['commitOps'];
}

export interface RaceApp {
  app: BaseApp;
  registry: MsgRegistry;
  keepers: AppKeepers;
  modules: AppModule[];
}

export function buildRaceApp(opts: RaceAppOpts, deps: RaceAppDeps): RaceApp {
  const { keepers, modules } = wireModules(APP_MODULES);
  const registry = new MsgRegistry({ bech32Prefix: ACCOUNT_PREFIX });
  // The app is referenced lazily: its router exists only once the BaseApp is built.
  const late: { app?: BaseApp } = {};
  const app = new BaseApp(
    { name: opts.name ?? APP_NAME, version: APP_VERSION, chainId: opts.chainId },
    {
      store: deps.store,
      modules,
      registry,
      maxTxBytes: opts.maxTxBytes,
      anteHandler: newAnteHandler({
        auth: keepers.auth,
        bank: keepers.bank,
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
  return { app, registry, keepers, modules };
}

/** Each module's default genesis: what `raced init` writes into app_state. */
export function defaultAppState(): Record<string, unknown> {
  const { modules } = wireModules(APP_MODULES);
  return Object.fromEntries(modules.map((m) => [m.name, m.defaultGenesis()]));
}
