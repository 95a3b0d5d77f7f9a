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

async function json(h: TestHome, args: string[]): Promise<any> {
  const r = await raced(h, args);
  if (r.code !== 0) throw new Error(`raced ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** One `raced init` node: its hot key is the epoch-0 participant; CLI and REST serve the Race state. */
describe('race module over a real node: raced query race … -o json and REST /race/race/v1/', () => {
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

  it('raced init made the node hot key an epoch-0 participant with weight 1 and consensus power 1', async () => {
    const w = await json(h, ['query', 'race', 'weights']);
    expect(w.weights).toEqual([expect.objectContaining({ address: participant, weight: '1', power: '1' })]);
    expect(w.total_weight).toBe('1');
    const p = await json(h, ['query', 'race', 'participant', participant]);
    expect(p.participant).toMatchObject({ address: participant, weight: '1' });
    expect(p.proof.participant).toBe(participant);
  });

  it('serves params, epoch and beacon as SDK-style JSON', async () => {
    const params = await json(h, ['query', 'race', 'params']);
    expect(params.params).toMatchObject({ model_config: 'dev', epoch_length: '80', race_blocks: '20' });
    expect(params.has_pending).toBe(false);
    const epoch = await json(h, ['query', 'race', 'epoch']);
    // Epoch 0 races nothing (an empty race window) and runs the beacon for epoch 1's seed; it ends once that seed is
    // computable, which on a quick machine is before this query, so either epoch may be in force. Either way the
    // window is at most epoch_length (80 dev blocks) from its start, and only epoch 0's race is empty.
    const e = epoch.epoch;
    expect(e.model_config).toBe('dev');
    const [start, raceEnd, next] = [e.start_height, e.race_end_height, e.next_epoch_height].map((v) => BigInt(v));
    expect(next! - start!).toBe(80n);
    if (e.epoch === '0') expect([start, raceEnd]).toEqual([1n, 1n]);
    else expect(raceEnd! > start!).toBe(true);
    expect(Buffer.from(epoch.epoch.seed, 'base64')).toHaveLength(32);
    const beacon = await json(h, ['query', 'race', 'beacon']);
    expect(['none', 'commit', 'complaint', 'reveal', 'reconstruct', 'final']).toContain(beacon.phase);
    // The CLI prints ts-proto's JSON like every query command: an empty list is left out.
    expect((await json(h, ['query', 'race', 'convictions'])).convictions ?? []).toEqual([]);
    expect((await json(h, ['query', 'race', 'convictions', participant])).convictions ?? []).toEqual([]);
    const bad = await raced(h, ['query', 'race', 'participant', 'race1notanaddress']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('invalid address');
  });

  it('serves the same over REST under /race/race/v1/', async () => {
    const get = async (p: string) => {
      const r = await fetch(`http://127.0.0.1:${h.apiPort}${p}`);
      return { status: r.status, body: (await r.json()) as any };
    };
    const epoch = await get('/race/race/v1/epoch');
    expect(epoch.status).toBe(200);
    expect(epoch.body.epoch.model_config).toBe('dev');
    // Zero values are printed, as the SDK's gateway prints them (ts-proto's toJSON would drop `false` and `"0"`).
    expect(typeof epoch.body.epoch.seed_fallback).toBe('boolean');
    expect(epoch.body.epoch.epoch).toMatch(/^[0-9]+$/);
    const weights = await get('/race/race/v1/weights');
    expect(weights.body.weights[0].address).toBe(participant);
    const p = await get(`/race/race/v1/participants/${participant}`);
    expect(p.body.participant.weight).toBe('1');
    expect((await get('/race/race/v1/params')).body.params.model_config).toBe('dev');
    expect((await get('/race/race/v1/beacon')).status).toBe(200);
    expect((await get('/race/race/v1/participants/nope')).status).toBe(400);
    expect(await get('/race/race/v1/convictions')).toEqual({ status: 200, body: { convictions: [] } });
    expect((await get(`/race/race/v1/convictions?participant=${participant}`)).status).toBe(200);
    expect((await get('/race/race/v1/convictions?participant=nope')).status).toBe(400);
  });
});
