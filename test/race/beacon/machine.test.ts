import { describe, expect, it } from '@jest/globals';
import { hexToBytes } from '@noble/hashes/utils.js';
import {
  type BeaconEvent,
  type BeaconState,
  BeaconError,
  applyBeaconMsg,
  beaconSeed,
  buildComplaint,
  buildShareMsg,
  combineSecrets,
  dealBeacon,
  decodeBeaconState,
  encodeBeaconState,
  endBlock,
  fallbackSeed,
  finalizeBeacon,
  openShares,
  type DealtSecret,
} from '../../../race/beacon/index.js';
import { sealShares } from '../../../race/beacon/ecies.js';
import { decodePoint } from '../../../race/beacon/scalar.js';
import { LAST_BLOCK_HASH, PREVIOUS_SEED, type TestMember, makeBeacon, makeMembers, seededRandom } from './fixtures.js';

const COMMIT_H = 10;
const COMPLAINT_H = 12;
const REVEAL_H = 13;
const RECONSTRUCT_H = 15;
const FINAL_H = 16;

function apply(state: BeaconState, msg: unknown, height: number, sink?: BeaconEvent[]): BeaconState {
  const t = applyBeaconMsg(state, msg, height);
  sink?.push(...t.events);
  return t.state;
}

function finish(state: BeaconState, sink?: BeaconEvent[]): BeaconState {
  const t = endBlock(state, { height: FINAL_H, lastBlockHash: LAST_BLOCK_HASH });
  sink?.push(...t.events);
  return t.state;
}

function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof BeaconError) return e.code;
    throw e;
  }
  throw new Error('expected a BeaconError');
}

/** All members deal; returns the state after the commit window and each dealer's private material. */
function commitAll(members: readonly TestMember[], label: string, state = makeBeacon(members)) {
  const dealt = new Map<string, DealtSecret>();
  for (const m of members) {
    const d = dealBeacon(state, m.address, { randomBytes: seededRandom(`${label}/${m.address}`) });
    dealt.set(m.address, d);
    state = apply(state, d.commit, COMMIT_H);
  }
  return { state, dealt };
}

function expectedSeed(state: BeaconState, dealt: Map<string, DealtSecret>, dealers: string[]): string {
  const seed = combineSecrets(
    state.epoch,
    dealers.map((d) => ({ dealer: d, secret: dealt.get(d)!.secret })),
  );
  return Buffer.from(seed).toString('hex');
}

describe('beacon protocol', () => {
  const members = makeMembers([40, 30, 20, 10]);
  const addr = members.map((m) => m.address);

  it('produces the seed from all revealed secrets in dealer order', () => {
    const events: BeaconEvent[] = [];
    const committed = commitAll(members, 'happy');
    const dealt = committed.dealt;
    let state = committed.state;
    for (const m of members) state = apply(state, dealt.get(m.address)!.reveal, REVEAL_H, events);
    state = finish(state, events);
    expect(Buffer.from(beaconSeed(state)).toString('hex')).toBe(expectedSeed(state, dealt, addr));
    expect(state.result).toMatchObject({ fallback: false, dealers: addr, height: FINAL_H });
    expect(events.filter((e) => e.type === 'beacon_reveal')).toHaveLength(4);
    expect(events.at(-1)).toMatchObject({ type: 'beacon_final', epoch: 7, fallback: false, dealers: addr });
  });

  it('a member that withholds its reveal cannot stop the beacon or change the seed', () => {
    const events: BeaconEvent[] = [];
    const committed = commitAll(members, 'withhold');
    const dealt = committed.dealt;
    let state = committed.state;
    const withholder = addr[0]; // the heaviest member
    for (const m of addr.slice(1)) state = apply(state, dealt.get(m)!.reveal, REVEAL_H, events);
    for (const m of members.slice(1)) {
      if (state.dealers.find((d) => d.dealer === withholder)!.status !== 'committed') break;
      state = apply(state, buildShareMsg(state, withholder, m.address, m.secretKey), RECONSTRUCT_H, events);
    }
    expect(events.some((e) => e.type === 'beacon_reconstructed' && e.dealer === withholder)).toBe(true);
    state = finish(state, events);
    const withReveal = expectedSeed(state, dealt, addr);
    expect(state.result!.seed).toBe(withReveal);
    expect(state.result!.dealers).toEqual(addr);
    expect(events.some((e) => e.type === 'beacon_dealer_excluded')).toBe(false);
  });

  it('reconstructs only once shares of more than half the points are published', () => {
    // Weights 40/30/20/10 over 16 points: 6/5/3/2 points; threshold is 9 points; dealer 0 withholds.
    let state = commitAll(members, 'partial').state;
    expect(state.thresholdPoints).toBe(9);
    expect(state.group.map((g) => g.points)).toEqual([6, 5, 3, 2]);
    const withholder = addr[0];
    // Members 1 and 3 hold 5 + 2 = 7 < 9 points.
    for (const m of [members[1], members[3]])
      state = apply(state, buildShareMsg(state, withholder, m.address, m.secretKey), RECONSTRUCT_H);
    const rec = state.dealers.find((d) => d.dealer === withholder)!;
    expect(rec.status).toBe('committed');
    expect(rec.secret).toBeNull();
    const events: BeaconEvent[] = [];
    state = finish(state, events);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'beacon_dealer_excluded', dealer: withholder, reason: 'not_recovered' }),
    );
    expect(state.result).toMatchObject({ fallback: true, dealers: [] });
  });

  it('excludes a dealer whose share is exposed by a complaint, and the seed goes on without it', () => {
    const events: BeaconEvent[] = [];
    let state = makeBeacon(members);
    const cheat = members[2];
    const victim = members[1];
    const rng = seededRandom('bad-share');
    const bad = dealBeacon(state, cheat.address, { randomBytes: rng });
    // Re-seal the victim's points with one wrong value: the AEAD is fine, the Feldman check is not.
    const victimInfo = state.group.find((g) => g.address === victim.address)!;
    const wrong = new Uint8Array(32 * victimInfo.points).fill(7);
    const sealed = sealShares(
      decodePoint(victim.pubKey, 'pk'),
      wrong,
      { epoch: 7, dealer: cheat.address, recipient: victim.address },
      rng,
    );
    const tampered = {
      ...bad.commit,
      shares: bad.commit.shares.map((s) =>
        s.recipient === victim.address
          ? {
              ...s,
              ephemeralPubKey: Buffer.from(sealed.ephemeralPubKey).toString('hex'),
              ciphertext: Buffer.from(sealed.ciphertext).toString('hex'),
            }
          : s,
      ),
    };
    state = apply(state, tampered, COMMIT_H, events);
    const honest = members.filter((m) => m !== cheat);
    const dealt = new Map<string, DealtSecret>();
    for (const m of honest) {
      const d = dealBeacon(state, m.address, { randomBytes: seededRandom(`bad-share/${m.address}`) });
      dealt.set(m.address, d);
      state = apply(state, d.commit, COMMIT_H);
    }
    expect(openShares(state, cheat.address, victim.address, victim.secretKey)).toEqual({
      ok: false,
      fault: 'invalid_share',
    });
    expect(openShares(state, cheat.address, members[0].address, members[0].secretKey).ok).toBe(true);
    const complaint = buildComplaint(state, cheat.address, victim.address, victim.secretKey, {
      randomBytes: seededRandom('c'),
    });
    state = apply(state, complaint, COMPLAINT_H, events);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'beacon_complaint', dealer: cheat.address, fault: 'invalid_share' }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'beacon_dealer_excluded', dealer: cheat.address, reason: 'bad_share' }),
    );
    expect(errorCode(() => apply(state, bad.reveal, REVEAL_H))).toBe('not_applicable');
    for (const m of honest) state = apply(state, dealt.get(m.address)!.reveal, REVEAL_H);
    state = finish(state, events);
    const included = honest.map((m) => m.address);
    expect(state.result).toMatchObject({
      fallback: false,
      dealers: included,
      seed: expectedSeed(state, dealt, included),
    });
  });

  it('excludes a dealer whose ciphertext does not decrypt', () => {
    let state = makeBeacon(members);
    const cheat = members[0];
    const d = dealBeacon(state, cheat.address, { randomBytes: seededRandom('garbage') });
    const garbled = {
      ...d.commit,
      shares: d.commit.shares.map((s, i) =>
        i === 0 ? { ...s, ciphertext: s.ciphertext.replace(/^../, (b) => (b === 'ff' ? '00' : 'ff')) } : s,
      ),
    };
    state = apply(state, garbled, COMMIT_H);
    const victim = members.find((m) => m.address === garbled.shares[0].recipient)!;
    const events: BeaconEvent[] = [];
    state = apply(
      state,
      buildComplaint(state, cheat.address, victim.address, victim.secretKey, { randomBytes: seededRandom('c2') }),
      COMMIT_H + 1,
      events,
    );
    expect(events[0]).toMatchObject({ type: 'beacon_complaint', fault: 'undecryptable' });
    expect(state.dealers[0].status).toBe('excluded');
  });

  it('rejects unfounded and forged complaints without changing state', () => {
    const { state } = commitAll(members, 'unfounded');
    const [accused, complainer, other] = members;
    const before = encodeBeaconState(state);
    expect(
      errorCode(() =>
        buildComplaint(state, accused.address, complainer.address, complainer.secretKey, {
          randomBytes: seededRandom('x'),
        }),
      ),
    ).toBe('complaint_unfounded');
    // A complaint built for a bad share from another dealer cannot be replayed against this one.
    const forged = {
      kind: 'complaint',
      epoch: 7,
      complainer: complainer.address,
      dealer: accused.address,
      sharedPoint: Buffer.from(other.pubKey).toString('hex'),
      proof: '11'.repeat(64),
    };
    expect(errorCode(() => applyBeaconMsg(state, forged, COMPLAINT_H))).toBe('bad_proof');
    expect(encodeBeaconState(state)).toBe(before);
  });

  it('refuses the seed before the reconstruction window ends, and the public state before reveals does not hold the secrets', () => {
    const committed = commitAll(members, 'early');
    const dealt = committed.dealt;
    let state = committed.state;
    expect(errorCode(() => beaconSeed(state))).toBe('not_final');
    for (const h of [COMMIT_H, COMPLAINT_H, REVEAL_H, RECONSTRUCT_H]) {
      expect(errorCode(() => finalizeBeacon(state, { height: h, lastBlockHash: LAST_BLOCK_HASH }))).toBe(
        'out_of_window',
      );
      expect(endBlock(state, { height: h, lastBlockHash: LAST_BLOCK_HASH })).toEqual({ state, events: [] });
    }
    // Everything public before the reveal window: no secret and no share appears in it.
    const publicText = encodeBeaconState(state);
    for (const d of dealt.values()) expect(publicText).not.toContain(Buffer.from(d.secret).toString('hex'));
    // The same commitments with different reveals would be rejected, and the seed differs from any hash of the commitments.
    for (const m of addr) state = apply(state, dealt.get(m)!.reveal, REVEAL_H);
    state = finish(state);
    expect(publicText).not.toContain(state.result!.seed);
    // Escrowed shares are not accepted while dealers may still reveal.
    const fresh = commitAll(members, 'early').state;
    expect(
      errorCode(() => applyBeaconMsg(fresh, buildShareMsg(fresh, addr[0], addr[1], members[1].secretKey), REVEAL_H)),
    ).toBe('out_of_window');
  });

  it('falls back to H(previous seed, last block) with an event when too few dealers take part', () => {
    let state = makeBeacon(members, {
      totalSharePoints: 16,
      commitBlocks: 2,
      complaintBlocks: 1,
      revealBlocks: 2,
      reconstructBlocks: 2,
      minDealers: 2,
    });
    const d = dealBeacon(state, addr[0], { randomBytes: seededRandom('lonely') });
    state = apply(state, d.commit, COMMIT_H);
    state = apply(state, d.reveal, REVEAL_H);
    const events: BeaconEvent[] = [];
    state = finish(state, events);
    const expected = Buffer.from(fallbackSeed(7, hexToBytes(PREVIOUS_SEED), hexToBytes(LAST_BLOCK_HASH))).toString(
      'hex',
    );
    expect(state.result).toMatchObject({ fallback: true, seed: expected, dealers: [] });
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'beacon_fallback',
        reason: 'too_few_dealers',
        dealers: 1,
        previousSeed: PREVIOUS_SEED,
      }),
    );
    expect(events.at(-1)).toMatchObject({ type: 'beacon_final', fallback: true, seed: expected });
  });

  it('falls back when the included dealers hold no more than a third of the weight', () => {
    let state = makeBeacon(members);
    const events: BeaconEvent[] = [];
    for (const i of [2, 3]) {
      // 20 + 10 = 30 % of the weight
      const d = dealBeacon(state, addr[i], { randomBytes: seededRandom(`light/${i}`) });
      state = apply(state, d.commit, COMMIT_H);
      state = apply(state, d.reveal, REVEAL_H);
    }
    state = finish(state, events);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'beacon_fallback',
        reason: 'too_little_weight',
        dealerWeight: '30',
        totalWeight: '100',
      }),
    );
    expect(state.result!.fallback).toBe(true);
  });

  it('falls back when nobody commits at all', () => {
    const state = finish(makeBeacon(members));
    expect(state.result!.fallback).toBe(true);
  });

  it('rejects malformed and out-of-place messages without changing state', () => {
    const { state, dealt } = commitAll(members, 'malformed');
    const before = encodeBeaconState(state);
    const d0 = dealt.get(addr[0])!;
    const fresh = makeBeacon(members);
    const freshCommit = dealBeacon(fresh, addr[0], { randomBytes: seededRandom('m') }).commit;
    const cases: [unknown, number, string][] = [
      [null, REVEAL_H, 'malformed'],
      [{ kind: 'vote' }, REVEAL_H, 'malformed'],
      [{ ...d0.reveal, extra: 1 }, REVEAL_H, 'malformed'],
      [{ ...d0.reveal, secret: d0.reveal.secret.slice(2) }, REVEAL_H, 'malformed'],
      [{ ...d0.reveal, secret: d0.reveal.secret.toUpperCase() }, REVEAL_H, 'malformed'],
      [{ ...d0.reveal, epoch: 8 }, REVEAL_H, 'wrong_epoch'],
      [{ ...d0.reveal, epoch: -1 }, REVEAL_H, 'malformed'],
      [{ ...d0.reveal, dealer: 'race1stranger' }, REVEAL_H, 'not_member'],
      [d0.reveal, COMPLAINT_H, 'out_of_window'],
      [d0.reveal, RECONSTRUCT_H, 'out_of_window'],
      [{ ...d0.reveal, secret: dealt.get(addr[1])!.reveal.secret }, REVEAL_H, 'bad_reveal'],
      [{ ...d0.reveal, secret: 'ff'.repeat(32) }, REVEAL_H, 'malformed'],
      [d0.commit, COMMIT_H, 'duplicate'],
      [d0.commit, COMPLAINT_H, 'out_of_window'],
      [{ ...d0.commit, commitment: 'zz'.repeat(32) }, COMMIT_H, 'malformed'],
      [{ kind: 'share', epoch: 7, member: addr[1], dealer: addr[0], values: [] }, RECONSTRUCT_H, 'malformed'],
      [{ kind: 'share', epoch: 7, member: addr[1], dealer: 'race1nobody', values: [] }, RECONSTRUCT_H, 'not_member'],
    ];
    for (const [msg, height, code] of cases) {
      expect([JSON.stringify(msg)?.slice(0, 60), errorCode(() => applyBeaconMsg(state, msg, height))]).toEqual([
        JSON.stringify(msg)?.slice(0, 60),
        code,
      ]);
      expect(encodeBeaconState(state)).toBe(before);
    }
    // Commits that are well-formed JSON but do not fit the group: wrong counts, a point off the curve, a stranger.
    expect(
      errorCode(() => applyBeaconMsg(fresh, { ...freshCommit, feldman: freshCommit.feldman.slice(1) }, COMMIT_H)),
    ).toBe('malformed');
    expect(
      errorCode(() => applyBeaconMsg(fresh, { ...freshCommit, shares: freshCommit.shares.slice(1) }, COMMIT_H)),
    ).toBe('malformed');
    expect(errorCode(() => applyBeaconMsg(fresh, { ...freshCommit, dealer: addr[1] }, COMMIT_H))).toBe('malformed');
    const offCurve = { ...freshCommit, feldman: ['02' + 'ff'.repeat(32), ...freshCommit.feldman.slice(1)] };
    expect(errorCode(() => applyBeaconMsg(fresh, offCurve, COMMIT_H))).toBe('malformed');
    const stranger = {
      ...freshCommit,
      shares: [{ ...freshCommit.shares[0], recipient: 'race1stranger' }, ...freshCommit.shares.slice(1)],
    };
    expect(errorCode(() => applyBeaconMsg(fresh, stranger, COMMIT_H))).toBe('malformed');
    // A published share that does not match the commitments is refused.
    let rs = state;
    const good = buildShareMsg(rs, addr[0], addr[1], members[1].secretKey);
    const bad = { ...good, values: good.values.map((v, i) => (i === 0 ? '00'.repeat(31) + '01' : v)) };
    expect(errorCode(() => applyBeaconMsg(rs, bad, RECONSTRUCT_H))).toBe('bad_share');
    rs = apply(rs, good, RECONSTRUCT_H);
    expect(errorCode(() => applyBeaconMsg(rs, good, RECONSTRUCT_H))).toBe('duplicate');
    const done = finish(state);
    expect(errorCode(() => applyBeaconMsg(done, d0.reveal, REVEAL_H))).toBe('already_final');
  });

  it('round-trips its state through the canonical encoding at every step', () => {
    const committed = commitAll(members, 'roundtrip');
    const dealt = committed.dealt;
    let state = committed.state;
    const check = (s: BeaconState) => {
      const text = encodeBeaconState(s);
      const back = decodeBeaconState(text);
      expect(back).toEqual(s);
      expect(encodeBeaconState(back)).toBe(text);
    };
    check(state);
    for (const m of addr.slice(1)) state = apply(state, dealt.get(m)!.reveal, REVEAL_H);
    check(state);
    state = apply(state, buildShareMsg(state, addr[0], addr[1], members[1].secretKey), RECONSTRUCT_H);
    check(state);
    state = finish(state);
    check(state);
    expect(state.dealers.every((d) => d.shares.length === 0 && d.feldman.length === 0)).toBe(true);
    expect(() =>
      decodeBeaconState(encodeBeaconState(state).replace('"thresholdPoints":9', '"thresholdPoints":8')),
    ).toThrow(BeaconError);
    expect(() => decodeBeaconState('{')).toThrow(BeaconError);
  });
});
