import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { VoteOption } from 'cosmjs-types/cosmos/gov/v1/gov';
import { consensusAddress } from '../../../chain/crypto/ed25519.js';
import { ONE_DEC } from '../../../modules/gov/params.js';
import { tally } from '../../../modules/gov/tally.js';
import { addGenesisAccount, addGenesisParticipant, setGenesisOperator } from '../../../node/genesis-file.js';
import { signDutyTx, type EncodedMsg } from '../../../node/race/duty-tx.js';
import {
  MsgRegisterParticipant,
  MsgRotateHotKey,
  MsgSetOperator,
  MsgSubmitProofBatch,
} from '../../../proto/gen/race/race/v1/tx.js';
import { RACE_URLS } from '../../../race/module/client/msgs.js';
import { isRetiredHotKey, mayWithdrawRewards, storedOperator } from '../../../race/module/operator.js';
import { RaceWeights } from '../../../race/module/weights.js';
import { CHAIN_ID, RaceSim, simParticipant, type SimParticipant } from './sim.js';

/** A plain account (an operator, an attacker, a new hot key): a keypair with a funded account, not a participant. */
const key = (name: string) => simParticipant(name, 'offline');

function tx(sim: RaceSim, signer: SimParticipant, msgs: EncodedMsg[]): Uint8Array {
  const acc = sim.race.keepers.auth.getAccount(sim.race.app.queryContext(), signer.address, false)!;
  return signDutyTx({
    msgs,
    chainId: CHAIN_ID,
    accountNumber: acc.accountNumber,
    sequence: acc.sequence,
    gasLimit: 100_000_000n,
    privKey: signer.priv,
    pubKey: signer.pub,
  });
}

const setOp = (signer: SimParticipant, participant: SimParticipant, operator: string): EncodedMsg => ({
  typeUrl: RACE_URLS.setOperator,
  value: MsgSetOperator.encode({ signer: signer.address, participant: participant.address, operator }).finish(),
});
const rotate = (signer: SimParticipant, participant: SimParticipant, next: SimParticipant): EncodedMsg => ({
  typeUrl: RACE_URLS.rotateHotKey,
  value: MsgRotateHotKey.encode({
    operator: signer.address,
    participant: participant.address,
    newPubKey: next.pub,
  }).finish(),
});

/**
 * Operator addresses through the real module: A races with operator OA named at genesis, B races with none yet, K is
 * a keyless genesis weight holder (weight 2, it never signs duties, so it votes itself). X is an attacker that holds
 * stolen hot keys and its own funded account; H is the new hot key A's operator rotates to.
 */
describe('race module: operator addresses', () => {
  const [A, B] = [simParticipant('ann', 'offline'), simParticipant('ben', 'offline')];
  const [K, OA, OB, OB2, X, H, N, ON] = [
    'kim',
    'op-ann',
    'op-ben',
    'op-ben-2',
    'mallory',
    'ann-hot-2',
    'newcomer',
    'op-newcomer',
  ].map(key) as [
    SimParticipant,
    SimParticipant,
    SimParticipant,
    SimParticipant,
    SimParticipant,
    SimParticipant,
    SimParticipant,
    SimParticipant,
  ];
  const funds = [{ denom: 'nicoin', amount: 1_000_000n }];
  const sim = new RaceSim([A, B], undefined, (doc) => {
    let d = addGenesisParticipant(doc, { address: K.address, weight: 2n });
    for (const k of [OA, OB, OB2, X, H, N, ON]) d = addGenesisAccount(d, k.address, funds);
    return setGenesisOperator(d, A.address, OA.address);
  });
  const ctx = () => sim.race.app.queryContext();
  const keeper = () => sim.race.keepers.race;
  const w = () => new RaceWeights(keeper());
  const weightOf = (k: SimParticipant) => w().weightOf(ctx(), k.address);
  const yesAlone = (voter: SimParticipant) =>
    tally(
      [{ weight: weightOf(voter), options: [{ option: VoteOption.VOTE_OPTION_YES, weight: ONE_DEC }] }],
      w().totalWeight(ctx()),
      sim.race.keepers.gov.getParams(ctx()),
    ).counts.yes;
  async function run(signer: SimParticipant, msg: EncodedMsg) {
    const r = await sim.step([tx(sim, signer, [msg])]);
    return r.txs[0]!;
  }

  beforeAll(async () => {
    await sim.start();
    await sim.step();
  }, 60_000);
  afterAll(async () => {
    await sim.stop();
  });

  it('weight counts for the operator; a hot key counts 0; a keyless holder votes itself', () => {
    expect([weightOf(OA), weightOf(A), weightOf(B), weightOf(K), weightOf(X)]).toEqual([1n, 0n, 0n, 2n, 0n]);
    // All weight in force is the total, so B's weight (no operator) abstains rather than vanishing from quorum.
    expect(w().totalWeight(ctx())).toBe(4n);
    const voters = w().participants(ctx());
    expect(new Map(voters.map((v) => [v.address, v.weight]))).toEqual(
      new Map([
        [OA.address, 1n],
        [K.address, 2n],
      ]),
    );
    expect(yesAlone(A)).toBe(0n);
    expect(yesAlone(OA)).toBe(1n);
    // A price vote by the hot key is refused as weightless; the operator's is taken.
    expect(() => sim.race.keepers.pricing.submitVote(ctx(), A.address, 1n)).toThrow('no Race weight');
    expect(() => sim.race.keepers.pricing.submitVote(ctx(), OA.address, 1n)).not.toThrow();
  });

  it('work weight stays with the participant key: the hot key is what executes inference, not its operator', () => {
    const participantWeight = (k: SimParticipant) => w().participantWeight(ctx(), k.address);
    expect([participantWeight(A), participantWeight(OA), participantWeight(B)]).toEqual([1n, 0n, 1n]);
  });

  it('rewards: only the operator (or a keyless holder itself) may withdraw', () => {
    expect(mayWithdrawRewards(ctx(), keeper(), A.address, OA.address)).toBe(true);
    expect(mayWithdrawRewards(ctx(), keeper(), A.address, A.address)).toBe(false);
    expect(mayWithdrawRewards(ctx(), keeper(), B.address, B.address)).toBe(false);
    expect(mayWithdrawRewards(ctx(), keeper(), K.address, K.address)).toBe(true);
    expect(mayWithdrawRewards(ctx(), keeper(), X.address, X.address)).toBe(false);
  });

  it('set-operator: the hot key names one once; then only the operator changes it', async () => {
    // Nonsense operators are refused: the hot key itself, another participant's hot key.
    expect((await run(B, setOp(B, B, B.address))).log).toContain('must not be the hot key');
    expect((await run(B, setOp(B, B, A.address))).log).toContain('is a participant');
    // A stranger cannot name B's operator.
    expect((await run(X, setOp(X, B, X.address))).log).toContain(`only ${B.address} may name one`);
    expect((await run(B, setOp(B, B, OB.address))).code).toBe(0);
    expect(storedOperator(ctx(), keeper(), B.address)).toBe(OB.address);
    expect([weightOf(OB), weightOf(B)]).toEqual([1n, 0n]);
    // Takeover: B's hot key is stolen by X, who tries to make itself the operator. Refused; OB keeps the weight.
    const stolen = await run(B, setOp(B, B, X.address));
    expect(stolen.code).not.toBe(0);
    expect(stolen.log).toContain(`the operator of ${B.address} is ${OB.address}`);
    // A's operator was set at genesis: A's hot key never had a say.
    expect((await run(A, setOp(A, A, X.address))).log).toContain(`is ${OA.address}`);
    expect([weightOf(OB), weightOf(X), weightOf(OA)]).toEqual([1n, 0n, 1n]);
    // The operator hands B to a new operator key.
    expect((await run(OB, setOp(OB, B, OB2.address))).code).toBe(0);
    expect([weightOf(OB), weightOf(OB2)]).toEqual([0n, 1n]);
    expect((await run(OB, setOp(OB, B, OB.address))).log).toContain(`is ${OB2.address}`);
  }, 60_000);

  it('rotation: only the operator; the weight and consensus key move, the old key signs nothing again', async () => {
    const before = (await sim.participant(A)).participant!;
    expect((await run(A, rotate(A, A, H))).log).toContain(`only the operator ${OA.address}`);
    expect((await run(X, rotate(X, A, H))).log).toContain(`only the operator ${OA.address}`);
    // The new key may not be someone's operator or a participant.
    expect((await run(OA, rotate(OA, A, OB2))).log).toContain('is an operator');
    expect((await run(OA, rotate(OA, A, B))).log).toContain('already a participant');
    const ok = await run(OA, rotate(OA, A, H));
    expect(ok.code).toBe(0);
    expect(sim.events('race_hot_key_rotated').at(-1)).toMatchObject({
      operator: OA.address,
      retired: A.address,
      participant: H.address,
    });
    const fresh = keeper().getParticipant(ctx(), H.address)!;
    const old = keeper().getParticipant(ctx(), A.address)!;
    expect([fresh.weight, fresh.reputation, old.weight]).toEqual([before.weight, 0n, 0n]);
    expect(fresh.consensusPubKey).toEqual(before.consensusPubKey);
    expect(old.consensusPubKey.length).toBe(0);
    expect(isRetiredHotKey(ctx(), keeper(), A.address)).toBe(true);
    expect([weightOf(OA), weightOf(A), weightOf(H)]).toEqual([1n, 0n, 0n]);
    expect(mayWithdrawRewards(ctx(), keeper(), H.address, OA.address)).toBe(true);
    expect(mayWithdrawRewards(ctx(), keeper(), A.address, OA.address)).toBe(true);

    // The retired key: no duty (proof batch, re-registration), no operator change, no second rotation.
    const epoch = keeper().getEpoch(ctx())!.epoch;
    const proof = await run(A, {
      typeUrl: RACE_URLS.submitProofBatch,
      value: MsgSubmitProofBatch.encode({ participant: A.address, epoch, nonces: [1n] }).finish(),
    });
    expect(proof.log).toContain('rotated away');
    const reg = await run(A, {
      typeUrl: RACE_URLS.registerParticipant,
      value: MsgRegisterParticipant.encode({
        participant: A.address,
        pubKey: A.pub,
        consensusPubKey: A.consensusPubKey,
        operator: '',
      }).finish(),
    });
    expect(reg.log).toContain('rotated away');
    expect((await run(A, setOp(A, A, X.address))).log).toContain('retired');
    expect((await run(OA, rotate(OA, A, X))).log).toContain('already retired');
    // The new hot key races: its duties pass.
    const own = await run(H, {
      typeUrl: RACE_URLS.submitProofBatch,
      value: MsgSubmitProofBatch.encode({ participant: H.address, epoch, nonces: [1n] }).finish(),
    });
    expect(own.log).not.toContain('rotated away');
  }, 60_000);

  it('a node registering names its operator (config.toml [race] operator), once', async () => {
    const reg = (operator: string): EncodedMsg => ({
      typeUrl: RACE_URLS.registerParticipant,
      value: MsgRegisterParticipant.encode({
        participant: N.address,
        pubKey: N.pub,
        consensusPubKey: N.consensusPubKey,
        operator,
      }).finish(),
    });
    expect((await run(N, reg(ON.address))).code).toBe(0);
    expect(storedOperator(ctx(), keeper(), N.address)).toBe(ON.address);
    // Re-registering with the same operator changes nothing; a different one is a takeover and fails whole.
    expect((await run(N, reg(ON.address))).code).toBe(0);
    const takeover = await run(N, reg(X.address));
    expect(takeover.log).toContain(`the operator of ${N.address} is ${ON.address}`);
    expect(storedOperator(ctx(), keeper(), N.address)).toBe(ON.address);
    // An operator cannot start racing under its own key (its key would sign duties).
    const opRaces = await run(ON, {
      typeUrl: RACE_URLS.registerParticipant,
      value: MsgRegisterParticipant.encode({
        participant: ON.address,
        pubKey: ON.pub,
        consensusPubKey: ON.consensusPubKey,
        operator: '',
      }).finish(),
    });
    expect(opRaces.log).toContain('is an operator');
    expect(keeper().getParticipant(ctx(), ON.address)).toBeUndefined();
  }, 60_000);

  it('a convicted participant cannot rotate away from its exclusion', async () => {
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
          totalVotingPower: 2n,
          timestampNs: 0n,
        },
      ],
    );
    expect(keeper().convictions(ctx(), B.address)).toHaveLength(1);
    const r = await run(OB2, rotate(OB2, B, X));
    expect(r.log).toContain('is convicted (double-sign');
    expect(keeper().getParticipant(ctx(), X.address)).toBeUndefined();
  }, 60_000);

  it('genesis export → import → export is the identity, operators and retired keys included', async () => {
    const exported = sim.race.app.exportGenesis();
    const race = exported.race as { operators: unknown[]; retired_hot_keys: unknown[] };
    expect(race.operators).toHaveLength(4); // A (retired), H, B, N
    expect(race.retired_hot_keys).toEqual([{ participant: A.address, operator: OA.address }]);
    const copy = new RaceSim([A, B]);
    try {
      await copy.start(JSON.stringify(exported), sim.height + 1);
      // State is readable after a block: the same empty block on both leaves both in the same state.
      await sim.step([], [], true);
      await copy.step([], [], true);
      expect(copy.race.app.exportGenesis().race).toEqual(sim.race.app.exportGenesis().race);
      expect(new RaceWeights(copy.race.keepers.race).weightOf(copy.race.app.queryContext(), OA.address)).toBe(1n);
    } finally {
      await copy.stop();
    }
  }, 60_000);

  it('genesis refuses an operator that is a participant, or a link to an unknown participant', async () => {
    const bad = [
      (d: Parameters<typeof setGenesisOperator>[0]) => setGenesisOperator(d, B.address, A.address),
      (d: Parameters<typeof setGenesisOperator>[0]) => setGenesisOperator(d, X.address, OA.address),
    ];
    for (const edit of bad) {
      const s = new RaceSim([A, B], undefined, edit);
      await expect(s.start()).rejects.toThrow(/is a participant|unknown participant/);
      await s.stop().catch(() => undefined);
    }
  }, 60_000);
});
