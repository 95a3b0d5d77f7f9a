import { BaseApp, type BaseAppDeps } from '../../chain/app/base-app.js';
import { wireModules, type KeepersOf } from '../../chain/app/module-definition.js';
import type { AppModule } from '../../chain/app/module.js';
import { ACCOUNT_PREFIX } from '../../chain/crypto/address.js';
import { verifySecp256k1, verifySecp256k1Async } from '../../chain/crypto/secp256k1.js';
import { VerifyCache } from '../../chain/crypto/verify-cache.js';
import type { CommitStore } from '../../chain/store/commit-store.js';
import type { DecCoin } from '../../chain/types/dec.js';
import { MsgRegistry } from '../../chain/tx/registry.js';
import type { Logger } from '../../chain/util/log.js';
import { newAnteHandler, signatureJobs } from '../../modules/auth/ante.js';
import { BASE_DENOM } from '../../modules/bank/denoms.js';
import { MODULE_LIST } from './module-list.js';
import { APP_NAME, APP_VERSION } from './version.js';

export { APP_NAME, APP_VERSION };

/** The definitions a module list loads, in its order (a generic, so the mapped type maps the tuple's elements only). */
type DefinitionsOf<L extends readonly unknown[]> = {
  -readonly [I in keyof L]: L[I] extends { definition: () => Promise<infer D> } ? D : never;
};
type AppModuleList = DefinitionsOf<typeof MODULE_LIST>;

/** Each entry's definition must declare the entry's client (a wiring bug otherwise, so loading this file throws). */
async function loadDefinitions(): Promise<AppModuleList> {
  const defs = [];
  // One import at a time: jest's ESM loader fails on concurrent dynamic imports of shared modules.
  for (const entry of MODULE_LIST) {
    const def = await entry.definition();
    if (def.client !== entry.client || def.name !== entry.client.name)
      throw new Error(
        `module list: the definition of ${def.name} does not declare the client listed (${entry.client.name})`,
      );
    defs.push(def);
  }
  return defs as unknown as AppModuleList;
}

/** Every module's definition (keeper and AppModule), in the order of THE module list. */
export const APP_MODULES: Readonly<AppModuleList> = await loadDefinitions();

export type AppKeepers = KeepersOf<typeof APP_MODULES>;

export interface RaceAppOpts {
  chainId: string;
  minGasPrices?: () => DecCoin[];
  maxTxBytes?: number;
  /** ABCI Info's app name (default APP_NAME). */
  name?: string;
  /** Verify blocks' and mempool batches' signatures in parallel before executing them (default true). */
  preVerify?: boolean;
}

export interface RaceAppDeps {
  store: CommitStore;
  log: Logger;
  commitOps?: BaseAppDeps['commitOps'];
}

export interface RaceApp {
  app: BaseApp;
  /** The account-signature cache the ante and the parallel pre-verification share (its stats are exported as metrics). */
  verifyCache: VerifyCache;
  registry: MsgRegistry;
  keepers: AppKeepers;
  modules: AppModule[];
}

export function buildRaceApp(opts: RaceAppOpts, deps: RaceAppDeps): RaceApp {
  const { keepers, modules } = wireModules(APP_MODULES);
  const registry = new MsgRegistry({ bech32Prefix: ACCOUNT_PREFIX });
  // The app is referenced lazily: its router exists only once the BaseApp is built.
  const late: { app?: BaseApp } = {};
  // Sized for a few full mempools: a tx's signature is checked at CheckTx and must still be cached at DeliverTx.
  const verifyCache = new VerifyCache(
    { capacity: 50_000 },
    { verify: verifySecp256k1, verifyAsync: verifySecp256k1Async },
  );
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
        verifySignature: verifyCache.verify,
        minGasPrices: opts.minGasPrices ?? (() => []),
        simulatedFeeDenom: BASE_DENOM,
        isDutyMsg: (typeUrl) => late.app?.msgs.route(typeUrl)?.duty === true,
      }),
      log: deps.log.child({ module: 'app' }),
      preVerifier:
        opts.preVerify === false
          ? undefined
          : {
              jobs: (ctx, tx) => signatureJobs({ auth: keepers.auth, registry }, ctx, tx),
              verifyMany: (jobs) => verifyCache.verifyMany(jobs),
            },
      commitOps: deps.commitOps,
    },
  );
  late.app = app;
  return { app, verifyCache, registry, keepers, modules };
}

/** Each module's default genesis: what `raced init` writes into app_state. */
export function defaultAppState(): Record<string, unknown> {
  const { modules } = wireModules(APP_MODULES);
  return Object.fromEntries(modules.map((m) => [m.name, m.defaultGenesis()]));
}
