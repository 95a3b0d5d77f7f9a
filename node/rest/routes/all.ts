/** Every route the REST server mounts: the Cosmos tx and node services, the wallet chain info, then each module's, from the app's module list. */
import type { ModuleClient } from '../../../chain/client/module-client.js';
import { APP_CLIENTS } from '../../app/module-list.js';
import { fromQueryRoutes, type Route } from '../router.js';
import { chainInfoRestRoutes } from './chain-info.js';
import { tendermintRestRoutes } from './tendermint.js';
import { txRestRoutes } from './tx.js';

export function defaultRestRoutes(modules: readonly ModuleClient[] = APP_CLIENTS): Route[] {
  return [
    ...txRestRoutes(),
    ...tendermintRestRoutes(),
    ...chainInfoRestRoutes(),
    ...modules.flatMap((m) => fromQueryRoutes(m.restRoutes?.() ?? [])),
  ];
}
