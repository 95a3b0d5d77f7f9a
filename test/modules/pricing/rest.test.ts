import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pricingRestRoutes } from '../../../modules/pricing/rest.js';
import { pageRequestFromQuery } from '../../../chain/app/rest-route.js';
import { registryRestRoutes } from '../../../modules/registry/rest.js';
import { hex64, TestChain, testAccount } from '../gov/harness.js';

const alice = testAccount('alice');
let chain: TestChain;

beforeAll(async () => {
  chain = await new TestChain({
    accounts: [{ account: alice, balance: 1_000_000n, weight: 10n }],
    genesis: {
      registry: {
        params: { max_models: '5' },
        models: [
          {
            model: {
              id: 'tiny',
              name: 'Tiny',
              onnx_sha256: hex64('c'),
              tokenizer_sha256: hex64('d'),
              units_per_input_token: '3',
              units_per_output_token: '7',
              context_length: '512',
              validation_threshold: '0.9',
            },
            registered_height: '0',
          },
        ],
      },
    },
  }).start();
});
afterAll(async () => chain.stop());

/** What node/rest does with a route: match, build the request, query, render. */
async function get(url: string): Promise<unknown> {
  const u = new URL(url, 'http://x');
  for (const r of [...pricingRestRoutes(), ...registryRestRoutes()]) {
    const names: string[] = [];
    const re = new RegExp('^' + r.path.replace(/:([a-z_]+)/g, (_m, n: string) => (names.push(n), '([^/]+)')) + '$');
    const m = re.exec(u.pathname);
    if (!m) continue;
    const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
    return r.toJson(await chain.query(r.abciPath, r.toRequest(params, u.searchParams)));
  }
  throw new Error(`no route for ${url}`);
}

describe('pricing and registry REST routes', () => {
  it('render the SDK-style JSON of the queries', async () => {
    expect(await get('/race/pricing/v1/price')).toEqual({ unit_price: { price: '1000', epoch: '0', set_height: '0' } });
    expect(await get('/race/pricing/v1/models/tiny')).toMatchObject({
      model: { model_id: 'tiny', price_per_input_token: '3000', price_per_output_token: '7000' },
    });
    expect(await get(`/race/pricing/v1/votes/${alice.address}`)).toMatchObject({
      has_vote: false,
      effective_price: '1000',
    });
    expect(await get('/race/registry/v1/models?pagination.limit=1')).toMatchObject({
      models: [{ model: { id: 'tiny', context_length: '512' } }],
    });
    expect(await get('/race/registry/v1/params')).toEqual({ params: { max_models: '5' } });
  });

  it('reject bad input with a clear error', () => {
    const route = pricingRestRoutes().find((r) => r.path === '/race/pricing/v1/votes/:provider')!;
    expect(() => route.toRequest({ provider: 'nope' }, new URLSearchParams())).toThrow(/invalid provider/);
    expect(() => pageRequestFromQuery(new URLSearchParams('pagination.limit=-1'))).toThrow(/pagination.limit/);
  });
});
