/** Our own modules' REST routes. A module that exports `xxxRestRoutes(): RestRoute[]` is mounted with one line here. */
import type { RestRoute } from '../../../chain/app/rest-route.js';
import { pricingRestRoutes } from '../../../modules/pricing/rest.js';
import { registryRestRoutes } from '../../../modules/registry/rest.js';
import { raceRestRoutes } from '../../../race/module/rest.js';

export function moduleRestRoutes(): RestRoute[] {
  return [
    ...pricingRestRoutes(),
    ...registryRestRoutes(),
    ...raceRestRoutes(),
  ];
}
