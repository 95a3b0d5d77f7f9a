import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sha256 } from '@noble/hashes/sha2.js';
import { consensusAddress } from '../../../chain/crypto/ed25519.js';
import { addGenesisAccount, addGenesisParticipant } from '../../../node/genesis-file.js';
import { fallbackSeed } from '../../../race/beacon/index.js';
import { toHexLower } from '../../../chain/types/bytes.js';
import { batch, RaceSim, registerMsg, simParticipant, signedTx as tx, type SimParticipant } from './sim.js';

/**
 * Proof intake, a late joiner, double signing and the beacon fallback. Two genesis participants whose beacon stays
 * silent (nobody commits), an idle one that only receives manual batches, and a newcomer registered in epoch 1 (epoch 0
 * races nothing: it only runs the beacon for epoch 1's seed, which falls back here since nobody commits).
 */
describe('race module: proof intake, joining, evidence, fallback', () => {
  const A = simParticipant('ann', 'silent-beacon');
  const B = simParticipant('ben', 'silent-beacon');
  const I = simParticipant('ida', 'offline');
  const N = simParticipant('newcomer', 'offline');
  // The newcomer needs an account (funded by someone, here genesis) but is not a participant yet.
  // A dust account: enough for nothing but a refused registration (registration_fee is 100 nicoin on test params).
  const Dust = simParticipant('dust', 'offline');
  // A funded stranger, not in genesis: its first registration pays the fee.
  const Fresh = simParticipant('fresh', 'offline');
  const sim = new RaceSim([A, B, I], undefined, (doc) =>
    addGenesisAccount(
      addGenesisAccount(addGenesisParticipant(doc, { address: N.address, weight: 0n }), Fresh.address, [
        { denom: 'nicoin', amount: 1000n },
      ]),
      Dust.address,
      [{ denom: 'nicoin', amount: 99n }],
    ),
  );
  const balance = (p: SimParticipant): bigint =>
    sim.race.keepers.bank.getBalance(sim.race.app.queryContext(), p.address, 'nicoin').amount;
  let seed1: Uint8Array;

  beforeAll(async () => {
    await sim.start();
    // N has an account (a keyless weight-0 genesis entry) but registers its keys only below; it mines from then on.
    sim.participants.push(N);
    await sim.step();
  }, 60_000);
  afterAll(async () => {
    await sim.stop();
  });

  it('epoch 0 races nothing: proofs are refused until the beacon has seeded epoch 1', async () => {
    const r = await sim.step([tx(sim, I, [batch(I, 0n, [5n])])]);
    expect(r.txs[0]!.log).toContain('epoch 0 races nothing');
    await sim.runEpoch();
    expect(sim.events('beacon_fallback').map((e) => e.epoch)).toEqual(['1']);
    seed1 = (await sim.duties(A)).epoch!.seed;
  }, 60_000);

  it('rejects duplicates, unordered or oversized batches, wrong epochs, and non-participants', async () => {
    const r = await sim.step([
      tx(sim, I, [batch(I, 1n, [5n, 9n])]),
      tx(sim, I, [batch(I, 1n, [9n])], 1n),
      tx(sim, I, [batch(I, 1n, [12n, 11n])], 2n),
      tx(sim, I, [batch(I, 2n, [13n])], 3n),
      tx(
        sim,
        I,
        [
          batch(
            I,
            1n,
            Array.from({ length: 257 }, (_, i) => BigInt(100 + i)),
          ),
        ],
        4n,
      ),
      tx(sim, N, [batch(N, 1n, [1n])]),
    ]);
    const codes = r.txs.slice(0, 6).map((t) => [t.code, t.codespace]);
    expect(codes[0]).toEqual([0, '']);
    expect(r.txs[1]!.log).toContain('duplicate nonce');
    expect(r.txs[2]!.log).toContain('strictly increasing');
    expect(r.txs[3]!.log).toContain('wrong epoch');
    expect(r.txs[4]!.log).toContain('at most 256 nonces');
    expect(r.txs[5]!.log).toContain('not registered');
    expect(codes.slice(1).every(([c, s]) => c !== 0 && s === 'race')).toBe(true);
    expect((await sim.participant(I)).proof!.nonceCount).toBe(2n);
  });

  it('registers a newcomer (a duty tx, but registration_fee is burned), refuses a key that is not the signer’s and a dust account', async () => {
    const r = await sim.step([
      tx(sim, N, [registerMsg(N, A.pub)]),
      tx(sim, N, [registerMsg(N)], 1n),
      tx(sim, Fresh, [registerMsg(Fresh)]),
      tx(sim, Dust, [registerMsg(Dust)]),
    ]);
    expect(r.txs[0]!.log).toContain(`belongs to ${A.address}`);
    expect(r.txs[1]!.code).toBe(0);
    expect((await sim.participant(N)).participant!.pubKey).toEqual(N.pub);
    // N's keyless genesis entry was a participant already: adding its keys is free. Fresh pays, burned.
    expect(r.txs[2]!.code).toBe(0);
    expect(balance(Fresh)).toBe(900n);
    expect(sim.events('race_registration_fee').map((e) => [e.participant, e.burned])).toEqual([
      [Fresh.address, '100nicoin'],
    ]);
    // The dust account cannot pay: refused, nothing changed (its 99 nicoin stay, it is no participant).
    expect(r.txs[3]!.log).toContain('registration costs 100nicoin');
    expect(balance(Dust)).toBe(99n);
    await expect(sim.participant(Dust)).rejects.toThrow(/not a race participant/);
    // Changing the keys of a registered participant is free.
    const again = await sim.step([tx(sim, Fresh, [registerMsg(Fresh)])]);
    expect(again.txs[0]!.code).toBe(0);
    expect(balance(Fresh)).toBe(900n);
    N.behaviour = 'honest';
  });

  it('records double-sign evidence: a conviction, reputation reset, weight 0 at once', async () => {
    const ev = {
      type: 'duplicate_vote' as const,
      voteA: new Uint8Array(0),
      voteB: new Uint8Array(0),
      height: sim.height,
      validatorAddress: consensusAddress(B.consensusPubKey),
      validatorPower: 1n,
      totalVotingPower: 3n,
      timestampNs: 0n,
    };
    await sim.step([], [ev]);
    expect(sim.events('race_double_sign').map((e) => e.participant)).toEqual([B.address]);
    const p = (await sim.participant(B)).participant!;
    expect([p.doubleSignCount, p.reputation, p.weight]).toEqual([1n, 0n, 0n]);
    expect(sim.events('race_conviction').map((e) => [e.participant, e.kind])).toEqual([[B.address, 'double-sign']]);
  });

  it('rejects proofs after the race window; with silent beacons nobody grows or is convicted; the seed falls back', async () => {
    // Race the rest of the window with A, B and N mining (silent-beacon participants mine honestly).
    const info = (await sim.duties(A)).epoch!;
    while (BigInt(sim.height) + 1n < info.raceEndHeight) await sim.step();
    const late = await sim.step([tx(sim, I, [batch(I, 1n, [1000n])])]);
    expect(late.txs[0]!.log).toContain('accepts proofs at heights');
    const boundary = await sim.runEpoch();
    // Nobody committed to the dispute beacon either: no sample can be drawn, so the epoch settles without one
    // (docs/race-security.md §2): nobody is convicted and nobody grows; the weights in force carry over.
    expect(sim.found.get('1/newcomer')! > 0n).toBe(true);
    expect(sim.events('race_dispute_no_randomness').map((e) => e.claims)).toEqual(['4']);
    expect(sim.events('race_conviction').filter((e) => e.kind !== 'double-sign')).toEqual([]);
    expect((await sim.participant(N)).participant!.weight).toBe(0n);
    expect((await sim.participant(A)).participant!.weight).toBe(1n);
    const power = new Map(boundary.validatorUpdates.map((u) => [toHexLower(u.pubKey), u.power]));
    expect(power.get(toHexLower(N.consensusPubKey))).toBeUndefined();
    // B double-signed: no weight carried over, out of the next set.
    expect((await sim.participant(B)).participant!.weight).toBe(0n);
    expect(power.get(toHexLower(B.consensusPubKey))).toBe(0n);
    // Nobody committed to the seed beacon: fallback to H(previous seed ‖ last block hash), with an event.
    const fb = sim.events('beacon_fallback').filter((e) => e.epoch === '2');
    expect(fb).toHaveLength(1);
    expect(fb[0]!.reason).toBe('too_few_dealers');
    const seed2 = (await sim.duties(A)).epoch!;
    expect(seed2.seedFallback).toBe(true);
    const lastHash = sha256(new TextEncoder().encode(`block ${boundary.height}`));
    expect(toHexLower(seed2.seed)).toBe(toHexLower(fallbackSeed(2, seed1, lastHash)));
  }, 120_000);
});
