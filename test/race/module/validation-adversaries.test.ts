import { afterAll, describe, expect, it } from '@jest/globals';
import { RaceSim, simParticipant, type SimParticipant } from './sim.js';

/**
 * Lying validators through the real module (sim.ts drives the app; the dispute machine's own statistics are in
 * dispute/adversaries.test.ts). The sim is deterministic (seeded keys, block hashes and beacon secrets), so these
 * runs either always pass or always fail: no statistical tolerance is involved. Genesis weights are 1 each.
 */
async function setup(ps: SimParticipant[]) {
  const sim = new RaceSim(ps);
  await sim.start();
  await sim.runEpoch(); // epoch 0 races nothing: its beacon seeds epoch 1, the first race
  const weight = async (p: SimParticipant) => (await sim.participant(p)).participant!.weight;
  const convictions = () => sim.race.keepers.race.convictions(sim.race.app.queryContext());
  return { sim, weight, convictions };
}

describe('race validation against lying validators', () => {
  const sims: RaceSim[] = [];
  afterAll(async () => {
    for (const s of sims) await s.stop();
  });

  it('a lone lying validator (25 % of the weight) is convicted; every honest participant keeps exactly its work', async () => {
    const honest = ['h1', 'h2', 'h3'].map((n) => simParticipant(n, 'honest'));
    const liar = simParticipant('liar', 'liar');
    const { sim, weight, convictions } = await setup([...honest, liar]);
    sims.push(sim);
    await sim.runEpoch();
    for (const p of honest) expect(await weight(p)).toBe(sim.found.get(`1/${p.name}`));
    expect(sim.found.get('1/liar')! > 0n).toBe(true);
    expect(await weight(liar)).toBe(0n);
    const kinds = convictions()
      .filter((c) => c.participant === liar.address)
      .map((c) => c.kind)
      .sort();
    expect(kinds).toEqual(['false-reverification', 'false-validation']);
    expect(
      convictions().every((c) => c.participant === liar.address && c.epoch === 1n && c.exclusionEpochs === 7n),
    ).toBe(true);
    expect((await sim.participant(liar)).participant!.reputation).toBe(0n);
    for (const p of honest) expect((await sim.participant(p)).participant!.reputation).toBe(1n);
    // Excluded next epoch: it mines again, but its claim is not planned and it earns nothing.
    await sim.runEpoch();
    expect(sim.found.get('2/liar')! > 0n).toBe(true);
    expect(await weight(liar)).toBe(0n);
    for (const p of honest) expect(await weight(p)).toBe(sim.found.get(`2/${p.name}`));
    expect(sim.events('block_hook_error')).toEqual([]);
  }, 180_000);

  it('a coalition (40 %) of a forger and a validator that passes its forgeries and fails honest work gains nothing', async () => {
    const honest = ['k1', 'k2', 'k3'].map((n) => simParticipant(n, 'honest'));
    const liar = simParticipant('accomplice', 'liar');
    const forger = simParticipant('sybil', 'forge');
    const { sim, weight, convictions } = await setup([...honest, liar, forger]);
    sims.push(sim);
    await sim.runEpoch();
    // The coalition ends with no more weight than its real work (here none: both are convicted) ...
    expect(await weight(forger)).toBe(0n);
    expect(await weight(liar)).toBe(0n);
    const byWho = (p: SimParticipant) =>
      convictions()
        .filter((c) => c.participant === p.address)
        .map((c) => c.kind)
        .sort();
    expect(byWho(forger)).toEqual(['forgery']);
    expect(byWho(liar)).toEqual(['false-reverification', 'false-validation']);
    expect((await sim.participant(forger)).participant!.failedEpochs).toBe(1n);
    // ... and the honest participants lose nothing: the majority decided every nonce the accomplice disputed.
    for (const p of honest) expect(await weight(p)).toBe(sim.found.get(`1/${p.name}`));
    expect(convictions().some((c) => honest.some((h) => h.address === c.participant))).toBe(false);
    expect(sim.events('race_claim_unresolved')).toEqual([]);
  }, 180_000);
});
