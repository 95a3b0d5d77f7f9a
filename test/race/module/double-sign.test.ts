import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { VoteOption } from 'cosmjs-types/cosmos/gov/v1/gov';
import { consensusAddress } from '../../../chain/crypto/ed25519.js';
import { toHexLower } from '../../../chain/types/bytes.js';
import { ONE_DEC } from '../../../modules/gov/params.js';
import { tally } from '../../../modules/gov/tally.js';
import { weightedMedian } from '../../../modules/pricing/weighted-median.js';
import { setGenesisOperator } from '../../../node/genesis-file.js';
import { QueryConvictionsRequest, QueryConvictionsResponse } from '../../../proto/gen/race/race/v1/query.js';
import { TEST_RACE_PARAMS } from '../../../race/module/params.js';
import { RaceWeights } from '../../../race/module/weights.js';
import { RaceSim, simParticipant, type SimParticipant } from './sim.js';

/**
 * A double-signer loses all its influence for `exclusion_epochs` (here 1) and then earns it back: four honest
 * participants, evidence against B in epoch 1's second block (epoch 0 races nothing, it only seeds epoch 1). Its
 * weight in force is 0 from that block on, so gov's tally, pricing's median and vote admission, the checker draw and
 * the beacon groups ignore it through epoch 2 (the conviction's epoch 1 plus one epoch of exclusion) and epoch 3
 * (weights of epoch 3 come from epoch 2's race, where its claims were not planned); its epoch-3 claims count again,
 * so it is back in epoch 4.
 */
describe('race module: a double-signer is convicted and excluded everywhere', () => {
  const [A, B, C, D] = ['ann', 'ben', 'cid', 'dot'].map((n) => simParticipant(n, 'honest')) as [
    SimParticipant,
    SimParticipant,
    SimParticipant,
    SimParticipant,
  ];
  // Votes count by operator address (race/module/operator.ts): each participant's operator is named at genesis.
  const operators = [A, B, C, D].map((p) => simParticipant(`${p.name}-operator`, 'offline'));
  const OB = operators[1]!;
  const sim = new RaceSim([A, B, C, D], { ...TEST_RACE_PARAMS, targetDifficulty: 16n, exclusionEpochs: 1n }, (doc) =>
    [A, B, C, D].reduce((d, p, i) => setGenesisOperator(d, p.address, operators[i]!.address), doc),
  );
  const ctx = () => sim.race.app.queryContext();
  const keeper = () => sim.race.keepers.race;
  const weights = () => new RaceWeights(keeper());
  const epoch = async () => (await sim.duties(A)).epoch!.epoch;

  /** What each reader of the weights in force sees of B right now. */
  function influence() {
    const w = weights();
    const c = ctx();
    // B votes yes alone, everyone else stays away: any weight B has would show as yes votes in the tally.
    const gov = tally(
      [{ weight: w.weightOf(c, OB.address), options: [{ option: VoteOption.VOTE_OPTION_YES, weight: ONE_DEC }] }],
      w.totalWeight(c),
      sim.race.keepers.gov.getParams(c),
    );
    // B votes a huge price, the others the genesis price: B moves the median only if it has weight.
    const median = weightedMedian(
      w.participants(c).map((p) => ({ price: p.address === OB.address ? 10n ** 12n : 1n, weight: p.weight })),
    );
    let priceVote = 'accepted';
    try {
      sim.race.keepers.pricing.submitVote(c, OB.address, 1n);
    } catch (e) {
      priceVote = (e as Error).message;
    }
    return { weight: w.weightOf(c, OB.address), govYes: gov.counts.yes, median, priceVote };
  }
  const drawnChecker = (e: bigint) =>
    keeper()
      .plans(ctx(), e)
      .some((p) => p.checkers.some((cs) => cs.includes(B.address)));
  const claimed = (e: bigint) =>
    keeper()
      .plans(ctx(), e)
      .some((p) => p.claimant === B.address);
  const inBeaconGroup = () => (keeper().getBeacon(ctx())?.group ?? []).some((m) => m.address === B.address);
  const power = (r: { validatorUpdates: Array<{ pubKey: Uint8Array; power: bigint }> }) =>
    r.validatorUpdates.find((u) => toHexLower(u.pubKey) === toHexLower(B.consensusPubKey))?.power;

  beforeAll(async () => {
    await sim.start();
    await sim.runEpoch(); // epoch 0: no race, only the beacon that seeds epoch 1
    await sim.step();
  }, 60_000);
  afterAll(async () => {
    await sim.stop();
  });

  it('before the evidence B counts like anyone', () => {
    const seen = influence();
    expect(seen.weight).toBe(1n);
    expect(seen.govYes).toBe(1n);
    expect(seen.priceVote).toBe('accepted');
  });

  it('evidence convicts B (kind double-sign, readable where forgeries are) and zeroes its weight at once', async () => {
    await sim.step(
      [],
      [
        {
          type: 'duplicate_vote' as const,
          voteA: new Uint8Array(0),
          voteB: new Uint8Array(0),
          height: sim.height,
          validatorAddress: consensusAddress(B.consensusPubKey),
          validatorPower: 1n,
          totalVotingPower: 4n,
          timestampNs: 0n,
        },
      ],
    );
    expect(keeper().convictions(ctx(), B.address)).toEqual([
      { participant: B.address, epoch: 1n, kind: 'double-sign', wrong: 1, of: 1, exclusionEpochs: 1n },
    ]);
    expect(sim.events('race_conviction').map((e) => [e.participant, e.kind])).toEqual([[B.address, 'double-sign']]);
    const p = (await sim.participant(B)).participant!;
    expect([p.weight, p.reputation, p.doubleSignCount]).toEqual([0n, 0n, 1n]);
    const seen = influence();
    expect(seen).toMatchObject({ weight: 0n, govYes: 0n, median: 1n });
    expect(seen.priceVote).toContain('no Race weight');
  });

  it('Query/Convictions lists it, for everyone and for B alone; a bad address is refused', async () => {
    const q = (participant: string) =>
      sim.query('Convictions', QueryConvictionsRequest.encode({ participant }).finish(), (b) =>
        QueryConvictionsResponse.decode(b),
      );
    const record = {
      participant: B.address,
      epoch: 1n,
      kind: 'double-sign',
      wrong: 1,
      of: 1,
      exclusionEpochs: 1n,
      excludedThrough: 2n,
    };
    expect((await q('')).convictions).toEqual([record]);
    expect((await q(B.address)).convictions).toEqual([record]);
    expect((await q(A.address)).convictions).toEqual([]);
    await expect(q('race1nope')).rejects.toThrow(/invalid participant address/);
  });

  it('epochs 1 to 3: no weight, no checks, no beacon seat, no consensus power; back in epoch 4', async () => {
    const boundary1 = await sim.runEpoch();
    // Epoch 1: its own claim is still settled (then zeroed by the conviction), but it checks nobody and no beacon
    // group drawn after the evidence holds it.
    expect(claimed(1n)).toBe(true);
    expect(drawnChecker(1n)).toBe(false);
    expect(power(boundary1)).toBe(0n);
    expect(await epoch()).toBe(2n);
    expect(influence()).toMatchObject({ weight: 0n, govYes: 0n, median: 1n });
    expect(inBeaconGroup()).toBe(false);

    // Epoch 2: excluded, its claim is not even planned, so it earns nothing for epoch 3.
    await sim.runEpoch();
    expect(claimed(2n)).toBe(false);
    expect(drawnChecker(2n)).toBe(false);
    expect(influence()).toMatchObject({ weight: 0n, govYes: 0n, median: 1n });
    expect(inBeaconGroup()).toBe(false);

    // Epoch 3: the exclusion is over; its honest claim is planned and accepted, so it is back from epoch 4 on.
    const boundary3 = await sim.runEpoch();
    expect(claimed(3n)).toBe(true);
    expect(drawnChecker(3n)).toBe(false); // it still had no weight in force in epoch 3
    const back = influence();
    expect(back.weight).toBe(sim.found.get(`3/${B.name}`));
    expect(back.weight > 0n).toBe(true);
    expect(back.govYes).toBe(back.weight);
    expect(back.priceVote).toBe('accepted');
    expect(power(boundary3)).toBe(back.weight);
    // The seed beacon of epoch 5 draws its group from epoch 4's weights in force: B has a seat again.
    while (keeper().getBeacon(ctx())?.epoch !== 5) await sim.step();
    expect(inBeaconGroup()).toBe(true);
  }, 300_000);
});
