import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { combineSecrets } from '../../../race/beacon/index.js';
import { toHexLower } from '../../../chain/types/bytes.js';
import { RaceSim, simParticipant } from './sim.js';

/** The beacon through the module's duty messages: a dealer that deals a bad share is exposed by a complaint and excluded. */
describe('race module: beacon complaint', () => {
  const ps = [
    simParticipant('h1', 'honest'),
    simParticipant('h2', 'honest'),
    simParticipant('h3', 'honest'),
    simParticipant('cheat', 'bad-dealer'),
  ];
  const sim = new RaceSim(ps);

  beforeAll(async () => {
    await sim.start();
  }, 60_000);
  afterAll(async () => {
    await sim.stop();
  });

  it('excludes the bad dealer (bad_share) and builds the seed from the honest dealers only', async () => {
    await sim.runEpoch();
    const cheat = ps[3]!;
    // The epoch runs two beacons (dispute, then the seed of epoch 1); this looks at the seed beacon.
    const complaints = sim.events('beacon_complaint').filter((e) => e.epoch === '1');
    expect(complaints).toHaveLength(1);
    expect(complaints[0]!.dealer).toBe(cheat.address);
    expect(sim.events('beacon_dealer_excluded').filter((e) => e.epoch === '1')).toEqual([
      expect.objectContaining({ dealer: cheat.address, reason: 'bad_share' }),
    ]);
    const final = sim.events('beacon_final').filter((e) => e.epoch === '1')[0]!;
    expect(final.fallback).toBe('false');
    const honest = ps
      .slice(0, 3)
      .map((p) => ({ dealer: p.address, secret: Buffer.from(p.dealt!.reveal.secret, 'hex') }))
      .sort((a, b) => Buffer.compare(Buffer.from(a.dealer), Buffer.from(b.dealer)));
    expect(final.dealers.split(',')).toEqual(honest.map((h) => h.dealer));
    expect(toHexLower((await sim.duties(ps[0]!)).epoch!.seed)).toBe(toHexLower(combineSecrets(1, honest)));
    // A complaint is a duty like the others: every one sent was accepted or refused without breaking the block.
    expect(sim.events('block_hook_error')).toEqual([]);
  }, 120_000);
});
