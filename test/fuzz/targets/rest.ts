/**
 * REST query parameters, path parameters and POST bodies: every route of the REST server, matched and handled
 * in-process (as the HTTP server does, without the socket) over the app fixture's real app for ABCI queries and
 * CheckTx and the RPC tests' fake chain for blocks. A rejection is a RestError (or a plain Error, which the server
 * answers with a 500); engine errors and unserialisable replies are findings, and no request may change the app.
 */
import fc from 'fast-check';
import { silentLogger } from '../../../chain/util/log.js';
import { makeContext } from '../../../node/rest/context.js';
import { RestError } from '../../../node/rest/errors.js';
import { appTypeRegistry } from '../../../node/app/module-list.js';
import { restJsonOf } from '../../../node/rest/json.js';
import { Router, type Route } from '../../../node/rest/router.js';
import { defaultRestRoutes } from '../../../node/rest/routes/all.js';
import { appBackend } from '../../node/rest/helpers.js';
import { startAppFixture } from './app-fixture.js';
import { byteInput } from './mutate.js';
import { draw, jsonish, mutateText, TRICKY_STRINGS } from './text-input.js';
import { engineFault, FuzzFinding, showValue, type FuzzTarget } from './target.js';
import type { Rng } from './rng.js';

interface RestInput {
  method: 'GET' | 'POST';
  path: string;
  query: string;
  body: Record<string, unknown>;
}

const QUERY_KEYS = [
  'pagination.key',
  'pagination.offset',
  'pagination.limit',
  'pagination.count_total',
  'pagination.reverse',
  'events',
  'query',
  'order_by',
  'page',
  'limit',
  'denom',
  'height',
  'proposal_status',
  'voter',
  'depositor',
  'resolve_denom',
  'x',
];

/** Percent-encodes UTF-8 bytes (encodeURIComponent throws on a lone surrogate, which a client may still send). */
function percentEncode(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8'))
    out += /[A-Za-z0-9._~-]/.test(String.fromCharCode(b))
      ? String.fromCharCode(b)
      : `%${b.toString(16).padStart(2, '0').toUpperCase()}`;
  return out;
}

const segment = fc.oneof(
  fc.constantFrom(...TRICKY_STRINGS),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('1', '2', '3', 'latest', '%ZZ', '..', '%2F'),
);

export async function restTarget(): Promise<FuzzTarget<RestInput>> {
  const app = await startAppFixture();
  const routes: Route[] = defaultRestRoutes();
  const router = new Router().add(...routes);
  const backend = appBackend(app.chain);
  const ctx = makeContext({
    backend,
    json: restJsonOf(appTypeRegistry(), app.registry),
    log: silentLogger(),
    minimumGasPrices: () => '0.001nicoin',
  });
  const txB64 = (rng: Rng) => Buffer.from(byteInput(app.seeds, rng)).toString('base64');
  const appHash = () => Buffer.from(app.chain.app.info().lastBlockAppHash).toString('hex');
  return {
    name: 'rest',
    surface: `node/rest: ${routes.length} routes (path and query parameters, POST bodies)`,
    generate(rng) {
      const route = rng.pick(routes);
      const path = rng.chance(0.05)
        ? mutateText(
            routes.map((r) => r.path),
            rng,
          )
        : route.path
            .split('/')
            .map((s) =>
              s.startsWith(':') ? percentEncode(draw(segment, rng)).replace(/%25/g, rng.chance(0.2) ? '%' : '%25') : s,
            )
            .join('/');
      const query = new URLSearchParams();
      const n = rng.below(4);
      for (let i = 0; i < n; i++) query.append(rng.pick(QUERY_KEYS), draw(segment, rng));
      const body: Record<string, unknown> = {};
      if (route.method === 'POST') {
        if (rng.chance(0.8)) body.tx_bytes = rng.chance(0.9) ? txB64(rng) : draw(jsonish, rng);
        if (rng.chance(0.7))
          body.mode = rng.pick([
            'BROADCAST_MODE_SYNC',
            'BROADCAST_MODE_ASYNC',
            'BROADCAST_MODE_BLOCK',
            'BROADCAST_MODE_UNSPECIFIED',
            2,
            'x',
          ]);
        if (rng.chance(0.2)) body.tx = draw(jsonish, rng);
        if (rng.chance(0.2)) body[draw(fc.constantFrom(...QUERY_KEYS), rng)] = draw(jsonish, rng);
      }
      return {
        method: rng.chance(0.03) ? (route.method === 'GET' ? 'POST' : 'GET') : route.method,
        path,
        query: query.toString(),
        body,
      };
    },
    async exec(input) {
      const hashBefore = appHash();
      const mempoolBefore = backend.fake.mempool.length;
      let out: unknown;
      let rejected: unknown;
      try {
        const match = router.match(input.method, input.path);
        if (match && !('allowed' in match)) {
          out = await match.route.handle(
            { params: match.params, query: new URLSearchParams(input.query), body: input.body },
            ctx,
          );
        }
      } catch (e) {
        rejected = e ?? new Error('undefined thrown');
      }
      const mempoolGrew = backend.fake.mempool.length !== mempoolBefore;
      backend.fake.mempool.length = 0;
      // CheckTx state from accepted broadcasts would make later identical txs fail on sequence: start over each time.
      app.chain.app.resetCheckState();
      if (appHash() !== hashBefore) throw new FuzzFinding('a REST request changed the app hash');
      if (rejected !== undefined) {
        const fault = engineFault(rejected);
        if (fault)
          throw new FuzzFinding(`${input.method} ${input.path}: engine error ${fault.name}: ${fault.message}`, {
            cause: rejected,
          });
        if (!(rejected instanceof RestError) && !(rejected instanceof Error && rejected.constructor === Error))
          throw new FuzzFinding(`threw ${String(rejected)}`);
        if (mempoolGrew) throw new FuzzFinding('rejected request added to the mempool');
        return;
      }
      try {
        JSON.stringify(out);
      } catch (e) {
        throw new FuzzFinding(`reply does not serialise: ${(e as Error).message}`);
      }
    },
    show: showValue,
    close: () => app.chain.stop(),
  };
}
