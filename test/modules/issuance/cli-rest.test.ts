import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import {
  makeTestHome,
  startNode,
  waitForHeight,
  type NodeProcess,
  type TestHome,
  racedJson,
} from '../../helpers/node-process.js';

const raced = racedJson;

/** One `raced init` node (spawns a process: run under flock /tmp/race-heavy.lock): issuance over CLI and REST. */
describe('issuance module over a real node: raced query issuance … and REST /race/issuance/v1/', () => {
  let h: TestHome;
  let node: NodeProcess;

  beforeAll(async () => {
    h = await makeTestHome({ timeoutCommit: '500ms' });
    node = await startNode(h);
    await waitForHeight(h.rpcUrl, 2);
  }, 60_000);
  afterAll(async () => {
    await node?.stop();
    if (h) fs.rmSync(h.home, { recursive: true, force: true });
  });

  it('serves the phase, the allocations, the minimum and the training fund through the CLI', async () => {
    const phase = await raced(h, ['query', 'issuance', 'phase']);
    expect(phase.code).toBe(0);
    expect(JSON.parse(phase.stdout)).toMatchObject({
      phase: 1,
      core_minted: '0',
      next_edge: (5n * 10n ** 16n).toString(),
      subsidy_share_num: '9',
      subsidy_share_den: '10',
      mode: 'daily-budget',
    });
    const alloc = JSON.parse((await raced(h, ['query', 'issuance', 'allocations'])).stdout);
    expect(alloc.allocations.map((a: { name: string }) => a.name)).toEqual([
      'core_incentive',
      'additional_reward',
      'liquidity_pool',
      'founders',
    ]);
    expect(alloc.cap).toBe((10n ** 18n).toString());
    const min = JSON.parse((await raced(h, ['query', 'issuance', 'minimum'])).stdout);
    expect(min).toMatchObject({ year: '1', yearly_minimum: (5n * 10n ** 16n).toString() });
    const fund = JSON.parse((await raced(h, ['query', 'issuance', 'training-fund'])).stdout);
    expect(fund).toMatchObject({ training_share_bps: 2000 });
  });

  it('serves the same over REST', async () => {
    const get = async (p: string) => (await (await fetch(`http://127.0.0.1:${h.apiPort}${p}`)).json()) as any;
    expect((await get('/race/issuance/v1/phase')).phase).toBe(1);
    expect((await get('/race/issuance/v1/params')).params).toMatchObject({ training_share_bps: 2000 });
    expect((await get('/race/issuance/v1/pot')).entries).toEqual([]);
  });
});
