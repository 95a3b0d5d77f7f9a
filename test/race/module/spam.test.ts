import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addGenesisAccount } from '../../../node/genesis-file.js';
import { noncePrefix } from '../../../race/module/keys.js';
import { TEST_RACE_PARAMS } from '../../../race/module/params.js';
import { batch, RaceSim, registerMsg, signedTx, simParticipant, type SimParticipant } from './sim.js';

/**
 * Issue 11 item 6 through the real app: 1000 dust accounts and a funded spammer sending junk. Test params with
 * registration_fee 100 nicoin, max_participants 5, prune_after_epochs 1, max_block_nonces 2048 (4 ×
 * max_batch_nonces 256 = 1024 per participant and block). Deterministic sim: no statistical tolerance.
 */
const params = {
  ...TEST_RACE_PARAMS,
  targetDifficulty: 16n,
  maxParticipants: 5,
  pruneAfterEpochs: 1n,
  maxBlockNonces: 2048,
};
const DUST = 1000;

describe('race spam: dust registrations, junk batches, idle participants', () => {
  const H1 = simParticipant('sp-h1', 'honest');
  const H2 = simParticipant('sp-h2', 'honest');
  const S = simParticipant('sp-spammer', 'offline'); // sends only what the test sends for it
  const Idle = simParticipant('sp-idle', 'offline'); // registers, then never races
  const Late = simParticipant('sp-late', 'honest');
  const dust = Array.from({ length: DUST }, (_, i) => simParticipant(`sp-dust-${i}`, 'offline'));
  const sim = new RaceSim([H1, H2], params, (doc) => {
    let d = doc;
    for (const p of [S, Idle, Late]) d = addGenesisAccount(d, p.address, [{ denom: 'nicoin', amount: 10_000n }]);
    for (const p of dust) d = addGenesisAccount(d, p.address, [{ denom: 'nicoin', amount: 99n }]);
    return d;
  });
  const ctx = () => sim.race.app.queryContext();
  const keeper = () => sim.race.keepers.race;
  const count = () => keeper().participantCount(ctx());
  /** Nonce keys stored for `p` in `epoch` (the store work a claim costs its EndBlock). */
  const nonceKeys = (epoch: bigint, p?: SimParticipant) => {
    let n = 0;
    const prefix = noncePrefix(epoch, p?.address);
    const end = Uint8Array.from(prefix);
    end[end.length - 1]! += 1;
    for (const _ of keeper().kv(ctx()).iterate(prefix, end)) n++;
    return n;
  };
  const epochNow = async () => (await sim.duties(H1)).epoch!;

  beforeAll(async () => {
    await sim.start();
    await sim.step();
  }, 60_000);
  afterAll(async () => {
    await sim.stop();
  });

  it('1000 dust accounts cannot register (each short of the fee); honest newcomers still can', async () => {
    const r = await sim.step(dust.map((p) => signedTx(sim, p, [registerMsg(p)])));
    expect(r.txs).toHaveLength(DUST);
    expect(r.txs.every((t) => t.code !== 0 && t.log.includes('registration costs 100nicoin'))).toBe(true);
    expect(count()).toBe(2);
    const ok = await sim.step([signedTx(sim, S, [registerMsg(S)]), signedTx(sim, Idle, [registerMsg(Idle)])]);
    expect(ok.txs.slice(0, 2).map((t) => t.code)).toEqual([0, 0]);
    expect(count()).toBe(4);
  }, 120_000);

  it('junk batches: per block at most 1024 nonces of one participant and 2048 of all, however many are sent', async () => {
    while (!(await sim.duties(H1)).racing) await sim.step();
    const epoch = (await epochNow()).epoch;
    expect(epoch).toBe(1n);
    let next = 0n;
    const junk = () => Array.from({ length: 256 }, () => next++);
    for (let b = 0; b < 4; b++) {
      const before = nonceKeys(epoch);
      const beforeS = nonceKeys(epoch, S);
      // Eight full batches a block from the spammer (2048 nonces), sent ahead of the honest miners' batches.
      const r = await sim.step(
        Array.from({ length: 8 }, (_, i) => signedTx(sim, S, [batch(S, epoch, junk())], BigInt(i))),
      );
      const taken = r.txs.slice(0, 8).filter((t) => t.code === 0).length;
      expect(taken).toBe(4);
      expect(r.txs.slice(4, 8).every((t) => t.log.includes('at most 1024 (4 × max_batch_nonces) per block'))).toBe(
        true,
      );
      expect(nonceKeys(epoch, S) - beforeS).toBe(1024);
      expect(nonceKeys(epoch) - before).toBeLessThanOrEqual(params.maxBlockNonces);
      // The honest miners' batches of this block all got in.
      expect(r.txs.slice(8).every((t) => t.code === 0)).toBe(true);
    }
  }, 120_000);

  it('the junk is convicted at the epoch end, its claim was bounded, honest weights are exact; the idle participant is pruned', async () => {
    // A fifth participant fills max_participants; a sixth is refused until the pruning frees a slot.
    const filled = await sim.step([signedTx(sim, Late, [registerMsg(Late)])]);
    expect(filled.txs[0]!.code).toBe(0);
    expect(count()).toBe(5);
    // What the epoch's settlement loads of the spammer: at most race_blocks × 4 × max_batch_nonces keys.
    expect(nonceKeys(1n, S)).toBeLessThanOrEqual(Number(params.raceBlocks) * 4 * params.maxBatchNonces);
    await sim.runEpoch();
    const byKind = keeper()
      .convictions(ctx())
      .map((c) => [c.participant, c.kind]);
    expect(byKind).toEqual([[S.address, 'forgery']]);
    for (const p of [H1, H2]) expect((await sim.participant(p)).participant!.weight).toBe(sim.found.get(`1/${p.name}`));
    // Idle registered in epoch 0 with no weight: marked at the boundary into epoch 1, pruned at the one into 2.
    // The convicted spammer stays (its conviction keeps its subject); so does Late, weightless for one epoch only.
    expect(sim.events('race_participant_pruned').map((e) => e.participant)).toEqual([Idle.address]);
    await expect(sim.participant(Idle)).rejects.toThrow(/not a race participant/);
    expect(count()).toBe(4);
    // The slot is free again for an honest newcomer (Idle itself could return, paying the fee again).
    const back = await sim.step([signedTx(sim, Idle, [registerMsg(Idle)])]);
    expect(back.txs[0]!.code).toBe(0);
    expect(sim.events('race_registration_fee').map((e) => e.participant)).toEqual([
      S.address,
      Idle.address,
      Late.address,
      Idle.address,
    ]);
  }, 240_000);
});
