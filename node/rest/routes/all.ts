/** Every route the REST server mounts: Cosmos SDK services, then our modules'. */
import type { RestRoute } from '../../../chain/app/rest-route.js';
import { fromQueryRoutes, type Route } from '../router.js';
import { authRestRoutes, bankRestRoutes } from './auth-bank.js';
import { govRestRoutes } from './gov.js';
import { moduleRestRoutes } from './modules.js';
import { tendermintRestRoutes } from './tendermint.js';
import { txRestRoutes } from './tx.js';

export function defaultRestRoutes(extra: readonly RestRoute[] = moduleRestRoutes()): Route[] {
  return [
    ...fromQueryRoutes(authRestRoutes()),
    ...fromQueryRoutes(bankRestRoutes()),
    ...fromQueryRoutes(govRestRoutes()),
    ...txRestRoutes(),
    ...tendermintRestRoutes(),
    ...fromQueryRoutes(extra),
  ];
}
