/**
 * THE ordered list of the chain's modules: the app, the REST server, the CLI, gov's proposal table and the test
 * harnesses all take their modules from here. The order is genesis and block-hook order and is consensus-critical;
 * new modules are appended (docs/architecture.md, "Adding a module").
 *
 * Each entry is a module's client (state-free, light) and a loader of its definition (keeper and AppModule, the
 * heavy part). The CLI's `query` and `tx` need only the clients, so they import this file and never the keepers;
 * build-app.ts loads every definition once, at its own load, so buildRaceApp stays synchronous.
 */
import type { ModuleClient } from '../../chain/client/module-client.js';
import { TypeRegistry } from '../../chain/client/type-registry.js';
import { authClient } from '../../modules/auth/client/index.js';
import { bankClient } from '../../modules/bank/client/index.js';
import { govClient } from '../../modules/gov/client/index.js';
import { inferenceClient } from '../../modules/inference/client/index.js';
import { issuanceClient } from '../../modules/issuance/client/index.js';
import { pricingClient } from '../../modules/pricing/client/index.js';
import { registryClient } from '../../modules/registry/client/index.js';
import { raceClient } from '../../race/module/client/index.js';

export const MODULE_LIST = [
  { client: authClient, definition: async () => (await import('../../modules/auth/definition.js')).authModule },
  { client: bankClient, definition: async () => (await import('../../modules/bank/definition.js')).bankModule },
  { client: govClient, definition: async () => (await import('../../modules/gov/definition.js')).govModule },
  {
    client: registryClient,
    definition: async () => (await import('../../modules/registry/definition.js')).registryModule,
  },
  {
    client: pricingClient,
    definition: async () => (await import('../../modules/pricing/definition.js')).pricingModule,
  },
  {
    client: inferenceClient,
    definition: async () => (await import('../../modules/inference/definition.js')).inferenceModule,
  },
  // Before race: its epoch-end payout must see epoch e's weights, like gov and pricing.
  {
    client: issuanceClient,
    definition: async () => (await import('../../modules/issuance/definition.js')).issuanceModule,
  },
  // Last: in an epoch's final block gov and pricing must still see epoch e's weights before the Race moves on.
  { client: raceClient, definition: async () => (await import('../../race/module/definition.js')).raceModule },
] as const;

/** The client side of every module, in list order. */
export const APP_CLIENTS: readonly ModuleClient[] = MODULE_LIST.map((m) => m.client);

let types: TypeRegistry | undefined;
/** The type registry of the app's modules (REST JSON, CLI rendering, proposal parsing, CosmJS types). */
export function appTypeRegistry(): TypeRegistry {
  types ??= new TypeRegistry(APP_CLIENTS);
  return types;
}
