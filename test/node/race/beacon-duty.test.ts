import { describe, expect, it } from '@jest/globals';
import { silentLogger } from '../../../chain/util/log.js';
import {
  applyBeaconMsg,
  beaconSeed,
  buildShareMsg,
  dealBeacon,
  encodeBeaconState,
  endBlock,
  initBeacon,
  type BeaconMsg,
  type BeaconState,
} from '../../../race/beacon/index.js';
import { sealShares } from '../../../race/beacon/ecies.js';
import { decodePoint } from '../../../race/beacon/scalar.js';
import {
  MsgBeaconCommit,
  MsgBeaconComplaint,
  MsgBeaconReveal,
  MsgBeaconShare,
} from '../../../proto/gen/race/race/v1/tx.js';
import { BeaconDuty } from '../../../node/race/beacon-duty.js';
import { MemoryDealStore } from '../../../node/race/beacon-store.js';
import type { EncodedMsg } from '../../../node/race/duty-tx.js';
import { raceKeyFromPrivKey, type RaceKey } from '../../../node/race/race-key.js';
import { seededRandom } from '../../race/beacon/fixtures.js';
import { RecordingSubmitter } from './fakes.js';

const keys = [11, 12, 13].map((i) => raceKeyFromPrivKey(new Uint8Array(32).fill(i)));
const [me, a, b] = keys as [RaceKey, RaceKey, RaceKey];
const hex = (u: Uint8Array) => Buffer.from(u).toString('hex');
// windows: commit [10,13) complaint [13,15) reveal [15,18) reconstruct [18,21); final in EndBlock of 20
const PARAMS = { commitBlocks: 3, complaintBlocks: 2, revealBlocks: 3, reconstructBlocks: 3, totalSharePoints: 12 };

/** The chain's side, as the module does it: proto bytes → race/beacon message → applyBeaconMsg. */
function toBeacon(m: EncodedMsg): BeaconMsg {
  const name = m.typeUrl.split('.').pop();
  if (name === 'MsgBeaconCommit') {
    const x = MsgBeaconCommit.decode(m.value);
    return {
      kind: 'commit',
      epoch: Number(x.epoch),
      dealer: x.dealer,
      commitment: hex(x.commitment),
      feldman: x.feldman.map(hex),
      shares: x.shares.map((s) => ({
        recipient: s.recipient,
        ephemeralPubKey: hex(s.ephemeralPubKey),
        ciphertext: hex(s.ciphertext),
      })),
    };
  }
  if (name === 'MsgBeaconReveal') {
    const x = MsgBeaconReveal.decode(m.value);
    return { kind: 'reveal', epoch: Number(x.epoch), dealer: x.dealer, secret: hex(x.secret) };
  }
  if (name === 'MsgBeaconShare') {
    const x = MsgBeaconShare.decode(m.value);
    return { kind: 'share', epoch: Number(x.epoch), member: x.member, dealer: x.dealer, values: x.values.map(hex) };
  }
  const x = MsgBeaconComplaint.decode(m.value);
  return {
    kind: 'complaint',
    epoch: Number(x.epoch),
    complainer: x.complainer,
    dealer: x.dealer,
    sharedPoint: hex(x.sharedPoint),
    proof: hex(x.proof),
  };
}

class Chain {
  state: BeaconState;
  readonly sub = new RecordingSubmitter();
  private applied = 0;
  constructor() {
    this.state = initBeacon({
      epoch: 2,
      commitStart: 10,
      params: PARAMS,
      group: keys.map((k) => ({ address: k.address, weight: 1, pubKey: k.pubKey })),
      previousSeed: new Uint8Array(32).fill(9),
    });
  }
  apply(msg: BeaconMsg, height: number): void {
    this.state = applyBeaconMsg(this.state, msg, height).state;
  }
  /** Includes everything the duty submitted since the last block at `height`, then runs EndBlock. */
  block(height: number): void {
    for (const s of this.sub.sent.slice(this.applied)) for (const m of s.msgs) this.apply(toBeacon(m), height);
    this.applied = this.sub.sent.length;
    this.state = endBlock(this.state, { height, lastBlockHash: new Uint8Array(32) }).state;
  }
  duty(store = new MemoryDealStore()): BeaconDuty {
    return new BeaconDuty({
      address: me.address,
      privKey: me.privKey,
      submit: this.sub.submit,
      beaconState: async () => encodeBeaconState(this.state),
      store,
      random: { randomBytes: seededRandom('duty') },
      log: silentLogger(),
    });
  }
}

/** Heights from..to: the duty reacts to committed block h, its txs land in h+1. */
async function run(
  chain: Chain,
  duty: BeaconDuty,
  from: number,
  to: number,
  before: (h: number) => void = () => {},
): Promise<void> {
  for (let h = from; h <= to; h++) {
    before(h);
    chain.block(h);
    await duty.onBlock(h, true);
  }
}

describe('BeaconDuty', () => {
  it('commits, reveals after a restart (secret kept on disk), and rebuilds a withholding dealer with its shares', async () => {
    const chain = new Chain();
    const store = new MemoryDealStore();
    let duty = chain.duty(store);
    const dealtA = dealBeacon(chain.state, a.address, { randomBytes: seededRandom('a') });
    const dealtB = dealBeacon(chain.state, b.address, { randomBytes: seededRandom('b') });
    await run(chain, duty, 8, 12, (h) => {
      if (h === 10) {
        chain.apply(dealtA.commit, 10);
        chain.apply(dealtB.commit, 10);
      }
    });
    expect(chain.state.dealers.map((d) => d.dealer).sort()).toEqual([me.address, a.address, b.address].sort());
    expect(chain.sub.of('/race.race.v1.MsgBeaconCommit')).toHaveLength(1);
    expect(chain.sub.of('/race.race.v1.MsgBeaconComplaint')).toHaveLength(0); // every share verified
    duty = chain.duty(store); // node restart between commit and reveal
    await run(chain, duty, 13, 17, (h) => {
      if (h === 15) chain.apply(dealtA.reveal, 15);
    }); // b withholds
    expect(chain.sub.of('/race.race.v1.MsgBeaconReveal')).toHaveLength(1);
    expect(chain.state.dealers.find((d) => d.dealer === me.address)!.status).toBe('revealed');
    // a publishes its points of b too (t = 7 of 12 points: neither member alone reaches it)
    await run(chain, duty, 18, 20, (h) => {
      if (h === 19) chain.apply(buildShareMsg(chain.state, b.address, a.address, a.privKey), 19);
    });
    expect(chain.sub.of('/race.race.v1.MsgBeaconShare').map((m) => MsgBeaconShare.decode(m.value).dealer)).toEqual([
      b.address,
    ]);
    // me (4 points) + a (4 points) ≥ 7: b's secret is rebuilt, and the seed is the one with all three secrets
    expect(chain.state.dealers.find((d) => d.dealer === b.address)!.status).toBe('reconstructed');
    const honest = new Chain();
    honest.state = initBeacon({
      epoch: 2,
      commitStart: 10,
      params: PARAMS,
      group: keys.map((k) => ({ address: k.address, weight: 1, pubKey: k.pubKey })),
      previousSeed: new Uint8Array(32).fill(9),
    });
    const mine = store.load()!;
    for (const d of [dealtA, dealtB]) honest.apply(d.commit, 10);
    honest.apply(mine.commit, 11);
    for (const r of [dealtA.reveal, dealtB.reveal, mine.reveal]) honest.apply(r, 15);
    honest.state = endBlock(honest.state, { height: 20, lastBlockHash: new Uint8Array(32) }).state;
    expect(hex(beaconSeed(chain.state))).toBe(hex(beaconSeed(honest.state)));
    expect(chain.state.result!.fallback).toBe(false);
  });

  it('complains about a dealer that dealt it a bad share, which gets it excluded', async () => {
    const chain = new Chain();
    const duty = chain.duty();
    const rng = seededRandom('cheat');
    const bad = dealBeacon(chain.state, a.address, { randomBytes: rng });
    const myPoints = chain.state.group.find((g) => g.address === me.address)!.points;
    const sealed = sealShares(
      decodePoint(me.pubKey, 'pk'),
      new Uint8Array(32 * myPoints).fill(7),
      { epoch: 2, dealer: a.address, recipient: me.address },
      rng,
    );
    const tampered = {
      ...bad.commit,
      shares: bad.commit.shares.map((s) =>
        s.recipient === me.address
          ? { ...s, ephemeralPubKey: hex(sealed.ephemeralPubKey), ciphertext: hex(sealed.ciphertext) }
          : s,
      ),
    };
    await run(chain, duty, 9, 14, (h) => {
      if (h === 10) chain.apply(tampered, 10);
    });
    expect(chain.sub.of('/race.race.v1.MsgBeaconComplaint')).toHaveLength(1);
    const rec = chain.state.dealers.find((d) => d.dealer === a.address)!;
    expect(rec.status).toBe('excluded');
    expect(rec.exclusion!.reason).toBe('bad_share');
  });

  it('does nothing when not a member, and ignores a state it cannot decode', async () => {
    const chain = new Chain();
    await chain.duty().onBlock(10, false);
    const junk = new BeaconDuty({
      address: me.address,
      privKey: me.privKey,
      submit: chain.sub.submit,
      beaconState: async () => '{"not":"a beacon"}',
      store: new MemoryDealStore(),
      random: { randomBytes: seededRandom('x') },
      log: silentLogger(),
    });
    await junk.onBlock(10, true);
    expect(chain.sub.sent).toHaveLength(0);
  });
});
