import { afterEach, describe, expect, it } from '@jest/globals';
import { newInfiniteGasMeter } from '../../../chain/tx/gas.js';
import { Context } from '../../../chain/app/context.js';
import { CacheStore } from '../../../chain/store/cache.js';
import { EventManager } from '../../../chain/types/events.js';
import { silentLogger } from '../../../chain/util/log.js';
import { govAddress } from '../../../modules/gov/authority.js';
import { snakeKeys } from '../../../chain/util/json-case.js';
import { RACE_URLS } from '../../../race/module/client/msgs.js';
import {
  DEV_RACE_PARAMS,
  PAPER_RACE_PARAMS,
  TEST_RACE_PARAMS,
  validateRaceParams,
} from '../../../race/module/params.js';
import { Params } from '../../../proto/gen/race/race/v1/types.js';
import { RaceSim, simParticipant } from './sim.js';

let sims: RaceSim[] = [];
afterEach(async () => {
  for (const s of sims) await s.stop();
  sims = [];
});

function track(s: RaceSim): RaceSim {
  sims.push(s);
  return s;
}

describe('race params', () => {
  it('accepts the presets and refuses timelines that do not fit, unknown models and out-of-range values', () => {
    for (const p of [TEST_RACE_PARAMS, DEV_RACE_PARAMS, PAPER_RACE_PARAMS]) expect(validateRaceParams(p)).toEqual(p);
    expect(() => validateRaceParams({ ...TEST_RACE_PARAMS, epochLength: 20n })).toThrow(/must fit in epoch_length/);
    expect(() => validateRaceParams({ ...TEST_RACE_PARAMS, modelConfig: 'huge' })).toThrow(/model_config/);
    expect(() => validateRaceParams({ ...TEST_RACE_PARAMS, sampleSize: 0 })).toThrow(/sample_size/);
    expect(() => validateRaceParams({ ...TEST_RACE_PARAMS, tolerancePpm: 0n })).toThrow(/tolerance_ppm/);
    expect(() => validateRaceParams({ ...TEST_RACE_PARAMS, validatorsPerParticipant: 1 })).toThrow(
      /at least|\[2, 16\]/,
    );
    expect(() => validateRaceParams({ ...TEST_RACE_PARAMS, invalidPenalty: 0n })).toThrow(/invalid_penalty/);
    expect(() => validateRaceParams({ ...TEST_RACE_PARAMS, exclusionEpochs: 10_001n })).toThrow(/exclusion_epochs/);
    expect(() => validateRaceParams({ ...TEST_RACE_PARAMS, beaconSharePoints: 5000 })).toThrow(/beacon_share_points/);
  });

  it('MsgUpdateParams (gov only) is pending until the epoch boundary, then applies', async () => {
    const A = simParticipant('pa', 'honest');
    const next = { ...TEST_RACE_PARAMS, targetDifficulty: 16n, epochLength: 50n, sampleSize: 8 };
    const sim = track(new RaceSim([A]));
    await sim.start();
    await sim.step();
    // The handler itself, as gov would execute it, on a branch of the committed state.
    const route = sim.race.app.msgs.route(RACE_URLS.updateParams)!;
    const ctx = new Context(
      new CacheStore(sim.race.app.queryContext().store),
      { chainId: 'x', height: 2, timeNs: 0n, proposerAddress: new Uint8Array(0) },
      newInfiniteGasMeter(),
      new EventManager(),
      'deliver',
      silentLogger(),
    );
    expect(() => route.handler(ctx, { authority: A.address, params: next })).toThrow(/invalid authority/);
    expect(() => route.validateBasic!({ authority: govAddress(), params: { ...next, raceBlocks: 100n } })).toThrow(
      /must fit/,
    );
    route.handler(ctx, { authority: govAddress(), params: next });
    expect(sim.race.keepers.race.getPendingParams(ctx)).toEqual(next);
    expect(sim.race.keepers.race.getParams(ctx).epochLength).toBe(45n);
  });

  it('genesis pending params switch at the first boundary, not before', async () => {
    const A = simParticipant('pb', 'honest');
    const next = { ...TEST_RACE_PARAMS, targetDifficulty: 16n, epochLength: 50n, sampleSize: 8 };
    const sim = track(
      new RaceSim([A], undefined, (doc) => {
        const s = JSON.parse(doc.appStateJson);
        s.race.pending_params = snakeKeys(Params.toJSON(next));
        return { ...doc, appStateJson: JSON.stringify(s) };
      }),
    );
    await sim.start();
    await sim.step();
    let epoch = (await sim.duties(A)).epoch!;
    expect(epoch.epoch).toBe(0n);
    // The latest end under the genesis params; epoch 0 ends earlier, once its beacon has made epoch 1's seed.
    expect(epoch.nextEpochHeight).toBe(46n);
    const boundary = await sim.runEpoch();
    expect(
      sim.blocks
        .slice(0, -1)
        .flatMap((b) => b.events)
        .some((e) => e.type === 'race_params_applied'),
    ).toBe(false);
    epoch = (await sim.duties(A)).epoch!;
    expect(epoch.epoch).toBe(1n);
    expect(epoch.startHeight).toBe(BigInt(boundary.height + 1));
    expect(epoch.nextEpochHeight).toBe(epoch.startHeight + 50n);
    expect(sim.events('race_params_applied')).toHaveLength(1);
  }, 60_000);
});

describe('race genesis', () => {
  it('export → import → export is the identity in the middle of an epoch (proofs, assignments, beacon, validator set)', async () => {
    const ps = [simParticipant('ga', 'honest'), simParticipant('gb', 'slow'), simParticipant('gc', 'withhold')];
    const sim = track(new RaceSim(ps));
    await sim.start();
    // Past epoch 0 (no race, only the beacon for epoch 1's seed) into epoch 1's check windows.
    await sim.runEpoch();
    await sim.run(24);
    const exported = sim.race.app.exportGenesis();
    const race = exported.race as Record<string, unknown>;
    expect((race.proofs as unknown[]).length).toBeGreaterThan(0);
    expect((race.assignments as unknown[]).length).toBeGreaterThan(0);
    expect(race.beacon).not.toBeNull();
    const copy = track(new RaceSim(ps));
    const updates = await copy.start(JSON.stringify(exported), sim.height + 1);
    // Consensus already runs the exported set: no updates at import.
    expect(updates).toEqual([]);
    // The same empty block on the original and on the imported copy leaves both in the same state.
    await sim.step([], [], true);
    await copy.step([], [], true);
    const a = sim.race.app.exportGenesis().race;
    const b = copy.race.app.exportGenesis().race;
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  }, 120_000);

  it('refuses a participant whose key is not its address, duplicates, a bad seed and a retired exclusion', async () => {
    const A = simParticipant('ra', 'honest');
    const B = simParticipant('rb', 'honest');
    const bad = (edit: (s: any) => void) => {
      const sim = track(
        new RaceSim([A, B], undefined, (doc) => {
          const s = JSON.parse(doc.appStateJson);
          edit(s.race);
          return { ...doc, appStateJson: JSON.stringify(s) };
        }),
      );
      return sim.start();
    };
    await expect(bad((r) => (r.participants[0].pub_key = r.participants[1].pub_key))).rejects.toThrow(/belongs to/);
    await expect(bad((r) => r.participants.push(r.participants[0]))).rejects.toThrow(/duplicate participant/);
    await expect(bad((r) => (r.seed = 'abc'))).rejects.toThrow(/seed must be 32 bytes/);
    // A pre-conviction export's pending double-sign exclusion is refused, not silently dropped; an empty list is fine.
    await expect(bad((r) => (r.excluded = [{ address: A.address, epoch: '1' }]))).rejects.toThrow(
      /`excluded` is retired/,
    );
  });
});
