import { inferenceRestRoutes } from '../../../modules/inference/rest.js';
import { testAccount, type TestChain } from '../gov/harness.js';
import { FEE, MODEL, finish, registerMsg, report, request, start, startChain } from './inference-chain.js';

const dev = testAccount('inference rest dev');
const relay = testAccount('inference rest relay');
const ex = testAccount('inference rest executor');
let chain: TestChain;
let id = '';

beforeAll(async () => {
  chain = await startChain({
    accounts: [
      { account: dev, balance: 10_000_000_000n, weight: 0n },
      { account: relay, balance: 1_000_000n, weight: 5n },
      { account: ex, balance: 1_000_000n, weight: 10n },
    ],
  });
  await chain.exec(ex, [registerMsg(ex)]);
  const [s] = await start(chain, relay, [request(dev, relay, chain.timeNs)]);
  await finish(chain, relay, [report(s!.id, ex, 10n, 7n)]);
  id = Buffer.from(s!.id).toString('hex');
});
afterAll(async () => chain.stop());

/** What node/rest does with a route: match, build the request, query, render. */
async function get(url: string): Promise<unknown> {
  const u = new URL(url, 'http://x');
  for (const r of inferenceRestRoutes()) {
    const names: string[] = [];
    const re = new RegExp('^' + r.path.replace(/:([a-z_]+)/g, (_m, n: string) => (names.push(n), '([^/]+)')) + '$');
    const m = re.exec(u.pathname);
    if (!m) continue;
    const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
    return r.toJson(await chain.query(r.abciPath, r.toRequest(params, u.searchParams)));
  }
  throw new Error(`no route for ${url}`);
}

describe('inference REST routes under /race/inference/v1/', () => {
  it("serve params, one inference, a requester's inferences and a participant", async () => {
    expect(await get('/race/inference/v1/params')).toMatchObject({
      params: { allow_cpu_executors: true, request_fee: FEE.toString(), expiry_blocks: '20' },
    });
    const one = await get(`/race/inference/v1/inferences/${id}`);
    expect(one).toMatchObject({
      inference: {
        requester: dev.address,
        relay: relay.address,
        executor: ex.address,
        model_id: MODEL,
        status: 'INFERENCE_STATUS_FINISHED',
        completion_tokens: '7',
        cost: (10n * 1000n + 7n * 2000n + FEE).toString(),
      },
    });
    expect(await get(`/race/inference/v1/inferences?requester=${dev.address}`)).toMatchObject({
      inferences: [{ model_id: MODEL }],
      pagination: { total: '1' },
    });
    expect(await get(`/race/inference/v1/participants/${ex.address}`)).toMatchObject({
      executor: { address: ex.address, models: [MODEL], hardware: { device_kind: 'cpu' } },
      eligible: true,
      epochs: [{ served: '1', completion_tokens: '7' }],
    });
  });

  it('answers bad input with a clear error', async () => {
    await expect(get('/race/inference/v1/inferences/xyz')).rejects.toThrow(/64 hex characters/);
    await expect(get('/race/inference/v1/inferences?requester=nope')).rejects.toThrow(/invalid requester address/);
    await expect(get(`/race/inference/v1/inferences/${'0'.repeat(64)}`)).rejects.toThrow(/not recorded/);
  });
});
