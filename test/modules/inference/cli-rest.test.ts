import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import { homePaths } from '../../../node/cli/home.js';
import { loadOrCreateRaceKey } from '../../../node/race/race-key.js';
import {
  makeTestHome,
  startNode,
  waitForHeight,
  type NodeProcess,
  type TestHome,
  racedJson,
} from '../../helpers/node-process.js';

const raced = racedJson;

/** One `raced init` node (spawns a process: run under flock /tmp/race-heavy.lock): the module over CLI and REST. */
describe('inference module over a real node: raced query inference … and REST /race/inference/v1/', () => {
  let h: TestHome;
  let node: NodeProcess;
  let participant: string;

  beforeAll(async () => {
    h = await makeTestHome({ timeoutCommit: '500ms' });
    participant = loadOrCreateRaceKey(homePaths(h.home).raceKey).address;
    node = await startNode(h);
    await waitForHeight(h.rpcUrl, 3);
  }, 60_000);
  afterAll(async () => {
    await node?.stop();
    if (h) fs.rmSync(h.home, { recursive: true, force: true });
  });

  it('serves params and a participant through the CLI, and refuses bad input', async () => {
    const params = await raced(h, ['query', 'inference', 'params']);
    expect(params.code).toBe(0);
    expect(JSON.parse(params.stdout).params).toMatchObject({
      allow_cpu_executors: true,
      expiry_blocks: '20',
      request_fee: '1000',
    });
    const p = await raced(h, ['query', 'inference', 'participant', participant]);
    expect(JSON.parse(p.stdout)).toMatchObject({ eligible: false });
    const byFlag = await raced(h, ['query', 'inference', 'inferences', '--requester', participant]);
    expect(byFlag.code).toBe(0);
    expect(JSON.parse(byFlag.stdout).inferences ?? []).toEqual([]);
    const none = await raced(h, ['query', 'inference', 'inferences']);
    expect(none.stderr).toContain('--requester <address>');
    const bad = await raced(h, ['query', 'inference', 'inference', 'xyz']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('64 hex characters');
  });

  it('serves the same over REST', async () => {
    const get = async (p: string) => {
      const r = await fetch(`http://127.0.0.1:${h.apiPort}${p}`);
      return { status: r.status, body: (await r.json()) as any };
    };
    expect((await get('/race/inference/v1/params')).body.params.default_max_output_tokens).toBe('5000');
    expect((await get(`/race/inference/v1/inferences?requester=${participant}`)).body.inferences).toEqual([]);
    expect((await get(`/race/inference/v1/participants/${participant}`)).body.eligible).toBe(false);
    expect((await get(`/race/inference/v1/inferences/${'ab'.repeat(32)}`)).status).toBe(404);
    expect((await get('/race/inference/v1/participants/nope')).status).toBe(400);
  });
});
