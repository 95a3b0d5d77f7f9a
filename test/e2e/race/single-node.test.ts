/**
 * The Race on one real node (devnet-like, `test` model, 30-block epochs, ~0.5 s blocks): the node's only validator
 * races under its hot key, validates itself, makes the beacon alone, and keeps its weight and its place in the
 * validator set over three full racing epochs (after epoch 0, which only runs the beacon for epoch 1's seed).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import { homePaths } from '../../../node/cli/home.js';
import { loadNodeConfig, writeToml } from '../../../node/config.js';
import { makeTestHome, rpc, startNode, type NodeProcess, type TestHome } from '../../helpers/node-process.js';
import { raceAddress, raceQuery, setRaceParams, waitForEpoch } from './race-rpc.js';

let h: TestHome;
let node: NodeProcess;

beforeAll(async () => {
  h = await makeTestHome({ timeoutCommit: '300ms' });
  setRaceParams(h.home);
  const file = homePaths(h.home).configToml;
  const cfg = loadNodeConfig(file);
  cfg.race.device = 'cpu';
  writeToml(file, cfg);
  node = await startNode(h);
}, 150_000);

afterAll(async () => {
  await node?.stop();
  if (h) fs.rmSync(h.home, { recursive: true, force: true });
});

describe('the Race on a single node', () => {
  it('races, validates itself and keeps its weight and validator seat over 3 epochs', async () => {
    const address = raceAddress(h.home);
    expect(node.logs()).toContain(address);
    const weights: bigint[] = [];
    // Epoch 0 races nothing: it runs the beacon that seeds epoch 1 and ends as soon as that seed is computable.
    await waitForEpoch(h.rpcUrl, 1n, 225_000);
    expect((await raceQuery.epoch(h.rpcUrl)).seedFallback).toBe(false);
    expect((await raceQuery.outcomes(h.rpcUrl)).outcomes).toEqual([]);
    for (let e = 2n; e <= 4n; e++) {
      await waitForEpoch(h.rpcUrl, e, 225_000);
      const epoch = await raceQuery.epoch(h.rpcUrl);
      expect(epoch.seedFallback).toBe(false); // the beacon (one member) produced the seed, no fallback
      const outcome = (await raceQuery.outcomes(h.rpcUrl)).outcomes.find((o) => o.participant === address);
      expect(outcome).toMatchObject({ epoch: e - 1n, accepted: true });
      expect(outcome!.nonceCount).toBeGreaterThan(0n);
      expect(outcome!.weight).toBe(outcome!.nonceCount);
      const w = (await raceQuery.weights(h.rpcUrl)).weights.find((x) => x.address === address);
      expect(w?.weight).toBe(outcome!.weight);
      expect(w!.power).toBeGreaterThan(0n);
      weights.push(w!.weight);
    }
    // Still the (only) validator: blocks go on, with the Race weight as its voting power.
    const vals = await rpc(h.rpcUrl, 'validators', {});
    expect(vals.result.validators).toHaveLength(1);
    expect(BigInt(vals.result.validators[0].voting_power)).toBeGreaterThan(0n);
    const metrics = await (await fetch(`http://127.0.0.1:${h.metricsPort}/metrics`)).text();
    const submitted = Number(/^race_proofs_submitted_total ([0-9.e+]+)$/m.exec(metrics)?.[1] ?? 0);
    expect(submitted).toBeGreaterThanOrEqual(weights.reduce((a, b) => a + Number(b), 0));
    const logs = node.logs();
    for (const line of [
      'race: race window open, starting the miner',
      'race: proof batch submitted',
      'race: validation findings posted',
      'race: beacon message submitted',
    ]) {
      expect(logs).toContain(line);
    }
  }, 750_000);
});
