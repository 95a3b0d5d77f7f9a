import { equalBytes, toHexLower } from '../../chain/types/bytes.js';
import { compareUtf8, parseHex, toBytes } from './bytes.js';
import { verifyDleq } from './dleq.js';
import { BeaconError, fail } from './errors.js';
import type { BeaconEvent, FallbackReason } from './events.js';
import { verifyShares } from './feldman.js';
import { type BeaconMember, pointIndices } from './group.js';
import { complaintContext, decodeFeldman, judgeShares } from './judge.js';
import {
  type BeaconMsg,
  type MsgBeaconCommit,
  type MsgBeaconComplaint,
  type MsgBeaconReveal,
  type MsgBeaconShare,
  parseBeaconMsg,
} from './messages.js';
import { type BeaconPhase, phaseAt } from './params.js';
import { type SharePoint, interpolateAtZero } from './shamir.js';
import { bytesToScalar, decodePoint, G, scalarToBytes } from './scalar.js';
import { combineSecrets, commitmentHash, fallbackSeed } from './seed.js';
import { type BeaconResult, type BeaconState, type DealerRecord, findDealer, findMember } from './state.js';
import { exceedsFraction } from './weights.js';

export interface BeaconTransition {
  state: BeaconState;
  events: BeaconEvent[];
}

export function beaconPhase(state: BeaconState, height: number): BeaconPhase {
  return phaseAt(state.schedule, height);
}

/**
 * Applies one message included at `height`. Pure: the input state is never touched; on any
 * problem it throws a BeaconError and the caller keeps its old state.
 */
export function applyBeaconMsg(state: BeaconState, raw: unknown, height: number): BeaconTransition {
  if (!Number.isSafeInteger(height) || height < 0) fail('malformed', 'height must be a non-negative integer');
  if (state.result !== null) fail('already_final', `the beacon of epoch ${state.epoch} is final`);
  const msg: BeaconMsg = parseBeaconMsg(raw);
  if (msg.epoch !== state.epoch)
    fail('wrong_epoch', `message is for epoch ${msg.epoch}, the beacon is for epoch ${state.epoch}`);
  const next = structuredClone(state);
  const events: BeaconEvent[] = [];
  switch (msg.kind) {
    case 'commit':
      onCommit(next, msg, height, events);
      break;
    case 'complaint':
      onComplaint(next, msg, height, events);
      break;
    case 'reveal':
      onReveal(next, msg, height, events);
      break;
    case 'share':
      onShare(next, msg, height, events);
      break;
  }
  return { state: next, events };
}

function requirePhase(state: BeaconState, height: number, allowed: readonly BeaconPhase[], what: string): void {
  const phase = beaconPhase(state, height);
  if (!allowed.includes(phase)) {
    fail('out_of_window', `${what} is accepted during ${allowed.join('/')}, height ${height} is in ${phase}`);
  }
}

function requireMember(state: BeaconState, address: string, role: string): BeaconMember {
  const m = findMember(state, address);
  if (!m) fail('not_member', `${role} ${address} is not in the beacon group of epoch ${state.epoch}`);
  return m;
}

function requireDealer(state: BeaconState, dealer: string): DealerRecord {
  requireMember(state, dealer, 'dealer');
  const rec = findDealer(state, dealer);
  if (!rec) fail('unknown_dealer', `${dealer} did not commit in epoch ${state.epoch}`);
  return rec;
}

function onCommit(state: BeaconState, msg: MsgBeaconCommit, height: number, events: BeaconEvent[]): void {
  requirePhase(state, height, ['commit'], 'MsgBeaconCommit');
  requireMember(state, msg.dealer, 'dealer');
  if (findDealer(state, msg.dealer)) fail('duplicate', `${msg.dealer} already committed in epoch ${state.epoch}`);
  if (msg.feldman.length !== state.thresholdPoints) {
    fail('malformed', `expected ${state.thresholdPoints} Feldman commitments, got ${msg.feldman.length}`);
  }
  msg.feldman.forEach((c, i) => decodePoint(parseHex(c, `feldman[${i}]`, 33), `feldman[${i}]`));
  const recipients = state.group.filter((m) => m.address !== msg.dealer && m.points > 0);
  if (msg.shares.length !== recipients.length) {
    fail('malformed', `expected encrypted shares for ${recipients.length} members, got ${msg.shares.length}`);
  }
  // Stored in group order whatever order they came in, so state stays canonical.
  const shares = recipients.map((m) => {
    const found = msg.shares.filter((s) => s.recipient === m.address);
    if (found.length !== 1)
      fail('malformed', `expected exactly one encrypted share for ${m.address}, got ${found.length}`);
    const s = found[0];
    decodePoint(parseHex(s.ephemeralPubKey, 'ephemeralPubKey', 33), `ephemeralPubKey for ${m.address}`);
    if (s.ciphertext.length !== 2 * (32 * m.points + 16))
      fail('malformed', `ciphertext for ${m.address} must hold ${m.points} shares`);
    return { recipient: s.recipient, ephemeralPubKey: s.ephemeralPubKey, ciphertext: s.ciphertext };
  });
  state.dealers.push({
    dealer: msg.dealer,
    commitHeight: height,
    commitment: msg.commitment,
    feldman: [...msg.feldman],
    shares,
    status: 'committed',
    secret: null,
    exclusion: null,
    published: [],
  });
  state.dealers.sort((a, b) => compareUtf8(a.dealer, b.dealer));
  events.push({ type: 'beacon_commit', epoch: state.epoch, height, dealer: msg.dealer });
}

/**
 * Complaints close before the reveal window opens: once secrets are public, a dealer colluding with
 * a complainer could otherwise choose, knowing the outcome, whether its secret counts.
 */
function onComplaint(state: BeaconState, msg: MsgBeaconComplaint, height: number, events: BeaconEvent[]): void {
  requirePhase(state, height, ['commit', 'complaint'], 'MsgBeaconComplaint');
  const complainer = requireMember(state, msg.complainer, 'complainer');
  const rec = requireDealer(state, msg.dealer);
  if (msg.complainer === msg.dealer) fail('not_applicable', 'a dealer cannot complain about itself');
  if (complainer.points === 0) fail('not_applicable', `${msg.complainer} holds no share points`);
  if (rec.status === 'excluded') fail('duplicate', `${msg.dealer} is already excluded`);
  const sealed = rec.shares.find((s) => s.recipient === msg.complainer);
  if (!sealed) fail('bad_state', `no encrypted share for ${msg.complainer}`);
  const R = decodePoint(parseHex(sealed.ephemeralPubKey, 'ephemeralPubKey', 33), 'ephemeralPubKey');
  const P = decodePoint(parseHex(complainer.pubKey, 'pubKey', 33), 'pubKey');
  const sharedBytes = parseHex(msg.sharedPoint, 'sharedPoint', 33);
  const S = decodePoint(sharedBytes, 'sharedPoint');
  const ctx = complaintContext(state.epoch, msg.dealer, msg.complainer);
  if (!verifyDleq(P, R, S, parseHex(msg.proof, 'proof', 64), ctx)) {
    fail('bad_proof', 'the shared point is not proven to come from the complainer key');
  }
  const verdict = judgeShares(state.epoch, rec, complainer, sharedBytes);
  if (verdict.ok) fail('complaint_unfounded', `the shares ${msg.dealer} dealt to ${msg.complainer} verify`);
  rec.status = 'excluded';
  rec.exclusion = { reason: 'bad_share', complainer: msg.complainer, fault: verdict.fault };
  events.push({
    type: 'beacon_complaint',
    epoch: state.epoch,
    height,
    complainer: msg.complainer,
    dealer: msg.dealer,
    fault: verdict.fault,
  });
  events.push({ type: 'beacon_dealer_excluded', epoch: state.epoch, height, dealer: msg.dealer, reason: 'bad_share' });
}

function onReveal(state: BeaconState, msg: MsgBeaconReveal, height: number, events: BeaconEvent[]): void {
  requirePhase(state, height, ['reveal'], 'MsgBeaconReveal');
  const rec = requireDealer(state, msg.dealer);
  if (rec.status === 'revealed') fail('duplicate', `${msg.dealer} already revealed`);
  if (rec.status === 'excluded') fail('not_applicable', `${msg.dealer} is excluded`);
  const secretBytes = parseHex(msg.secret, 'secret', 32);
  const secret = bytesToScalar(secretBytes, 'secret', true);
  if (!equalBytes(commitmentHash(state.epoch, msg.dealer, secretBytes), parseHex(rec.commitment, 'commitment', 32))) {
    fail('bad_reveal', `the secret does not match the commitment of ${msg.dealer}`);
  }
  // The escrowed polynomial must hide this very secret, or reconstruction would yield another one.
  if (!G.multiply(secret).equals(decodeFeldman(rec)[0])) {
    fail('bad_reveal', `the secret does not match the Feldman commitment of ${msg.dealer}`);
  }
  rec.status = 'revealed';
  rec.secret = msg.secret;
  events.push({ type: 'beacon_reveal', epoch: state.epoch, height, dealer: msg.dealer });
}

/** Shares are accepted only after the reveal window, so an escrowed secret is never opened while others may still reveal. */
function onShare(state: BeaconState, msg: MsgBeaconShare, height: number, events: BeaconEvent[]): void {
  requirePhase(state, height, ['reconstruct'], 'MsgBeaconShare');
  const member = requireMember(state, msg.member, 'member');
  const rec = requireDealer(state, msg.dealer);
  if (msg.member === msg.dealer) fail('not_applicable', 'a dealer holds no shares of its own secret');
  if (rec.status !== 'committed') fail('not_applicable', `${msg.dealer} is ${rec.status}; no shares are needed`);
  if (rec.published.some((p) => p.member === msg.member))
    fail('duplicate', `${msg.member} already published shares of ${msg.dealer}`);
  if (member.points === 0) fail('not_applicable', `${msg.member} holds no share points`);
  if (msg.values.length !== member.points)
    fail('malformed', `expected ${member.points} share values, got ${msg.values.length}`);
  const indices = pointIndices(member);
  const points = msg.values.map((v, k) => ({
    index: indices[k],
    value: bytesToScalar(parseHex(v, `values[${k}]`, 32), `values[${k}]`),
  }));
  if (!verifyShares(decodeFeldman(rec), points))
    fail('bad_share', `the shares of ${msg.member} do not match the commitments of ${msg.dealer}`);
  rec.published.push({ member: msg.member, values: [...msg.values] });
  rec.published.sort((a, b) => compareUtf8(a.member, b.member));
  events.push({
    type: 'beacon_share',
    epoch: state.epoch,
    height,
    member: msg.member,
    dealer: msg.dealer,
    points: member.points,
  });
  tryReconstruct(state, rec, height, events);
}

function publishedPoints(state: BeaconState, rec: DealerRecord): SharePoint[] {
  const points: SharePoint[] = [];
  for (const p of rec.published) {
    const m = findMember(state, p.member);
    if (!m) fail('bad_state', `published shares from non-member ${p.member}`);
    const indices = pointIndices(m);
    p.values.forEach((v, k) =>
      points.push({ index: indices[k], value: bytesToScalar(parseHex(v, 'value', 32), 'value') }),
    );
  }
  return points.sort((a, b) => a.index - b.index);
}

function tryReconstruct(state: BeaconState, rec: DealerRecord, height: number, events: BeaconEvent[]): void {
  const points = publishedPoints(state, rec);
  if (points.length < state.thresholdPoints) return;
  // Every published point was verified against the commitments, so any t of them give the same secret.
  const secret = interpolateAtZero(points.slice(0, state.thresholdPoints));
  const secretBytes = scalarToBytes(secret);
  events.push({ type: 'beacon_reconstructed', epoch: state.epoch, height, dealer: rec.dealer, points: points.length });
  if (
    secret === 0n ||
    !equalBytes(commitmentHash(state.epoch, rec.dealer, secretBytes), parseHex(rec.commitment, 'commitment', 32))
  ) {
    // Decided by what the dealer committed, before any secret was public: it cannot steer this choice.
    rec.status = 'excluded';
    rec.exclusion = { reason: 'commitment_mismatch', complainer: null, fault: null };
    rec.secret = toHexLower(secretBytes);
    events.push({
      type: 'beacon_dealer_excluded',
      epoch: state.epoch,
      height,
      dealer: rec.dealer,
      reason: 'commitment_mismatch',
    });
    return;
  }
  rec.status = 'reconstructed';
  rec.secret = toHexLower(secretBytes);
}

export interface EndBlockInput {
  height: number;
  /** Hash of the previous block (the header's last_block_id), 32 bytes; used only by the fallback. */
  lastBlockHash: Uint8Array | string;
}

/**
 * Called at every EndBlock. Finalises in the last block of the reconstruction window (height
 * reconstructEnd − 1) or any later one, so the seed is in state from height reconstructEnd on.
 */
export function endBlock(state: BeaconState, input: EndBlockInput): BeaconTransition {
  if (state.result !== null || input.height < state.schedule.reconstructEnd - 1) return { state, events: [] };
  return finalizeBeacon(state, input);
}

/** Why the dealers settled so far would give a fallback seed, or null when their secrets make the seed. */
function fallbackReasonOf(state: BeaconState): FallbackReason | null {
  const included = state.dealers.filter((d) => d.status === 'revealed' || d.status === 'reconstructed');
  const includedWeight = included.reduce((s, d) => s + BigInt(findMember(state, d.dealer)?.weight ?? '0'), 0n);
  if (included.length < state.params.minDealers) return 'too_few_dealers';
  if (!exceedsFraction(includedWeight, BigInt(state.totalWeight), state.params.minDealerWeight))
    return 'too_little_weight';
  return null;
}

/**
 * Whether the seed is computable from the state after the block at `height` (the Race opens its window right after
 * it, issue 11 item 2): final, or in the window's last block (finalised there), or no commit can still be
 * excluded by a complaint and every committed dealer's secret is public (revealed or reconstructed) with enough of
 * them for a real seed. A fallback seed hashes the finalising block and so is never known before that block.
 */
export function seedDetermined(state: BeaconState, height: number): boolean {
  if (state.result !== null || height >= state.schedule.reconstructEnd - 1) return true;
  if (height < state.schedule.complaintEnd) return false;
  return state.dealers.every((d) => d.status !== 'committed') && fallbackReasonOf(state) === null;
}

/**
 * Refuses before the last block of the reconstruction window unless the seed is already determined (every secret
 * settled, seedDetermined): until then not every secret is settled.
 */
export function finalizeBeacon(state: BeaconState, input: EndBlockInput): BeaconTransition {
  const { height } = input;
  if (!Number.isSafeInteger(height) || height < 0) fail('malformed', 'height must be a non-negative integer');
  if (state.result !== null) fail('already_final', `the beacon of epoch ${state.epoch} is final`);
  if (height < state.schedule.reconstructEnd - 1 && !seedDetermined(state, height)) {
    fail(
      'out_of_window',
      `the seed of epoch ${state.epoch} settles at height ${state.schedule.reconstructEnd - 1}, not ${height}`,
    );
  }
  const lastBlockHash = toBytes(input.lastBlockHash, 'lastBlockHash', 32);
  const next = structuredClone(state);
  const events: BeaconEvent[] = [];
  for (const rec of next.dealers) {
    if (rec.status !== 'committed') continue;
    rec.status = 'excluded';
    rec.exclusion = { reason: 'not_recovered', complainer: null, fault: null };
    events.push({
      type: 'beacon_dealer_excluded',
      epoch: next.epoch,
      height,
      dealer: rec.dealer,
      reason: 'not_recovered',
    });
  }
  const included = next.dealers.filter((d) => d.status === 'revealed' || d.status === 'reconstructed');
  const includedWeight = included.reduce((s, d) => s + BigInt(findMember(next, d.dealer)?.weight ?? '0'), 0n);
  const reason = fallbackReasonOf(next);
  let result: BeaconResult;
  if (reason !== null) {
    const seed = fallbackSeed(next.epoch, parseHex(next.previousSeed, 'previousSeed', 32), lastBlockHash);
    result = { seed: toHexLower(seed), fallback: true, dealers: [], height, lastBlockHash: toHexLower(lastBlockHash) };
    events.push({
      type: 'beacon_fallback',
      epoch: next.epoch,
      height,
      reason,
      dealers: included.length,
      dealerWeight: includedWeight.toString(),
      totalWeight: next.totalWeight,
      previousSeed: next.previousSeed,
      lastBlockHash: result.lastBlockHash,
    });
  } else {
    const seed = combineSecrets(
      next.epoch,
      included.map((d) => ({ dealer: d.dealer, secret: parseHex(d.secret, 'secret', 32) })),
    );
    result = {
      seed: toHexLower(seed),
      fallback: false,
      dealers: included.map((d) => d.dealer),
      height,
      lastBlockHash: toHexLower(lastBlockHash),
    };
  }
  next.result = result;
  // The escrow material has served its purpose; keep the store small.
  for (const rec of next.dealers) {
    rec.feldman = [];
    rec.shares = [];
    rec.published = [];
  }
  events.push({
    type: 'beacon_final',
    epoch: next.epoch,
    height,
    seed: result.seed,
    fallback: result.fallback,
    dealers: result.dealers,
  });
  return { state: next, events };
}

/** The seed, or a refusal while the beacon is not final. */
export function beaconSeed(state: BeaconState): Uint8Array {
  if (state.result === null) fail('not_final', `the beacon of epoch ${state.epoch} is not final`);
  return parseHex(state.result.seed, 'seed', 32);
}

export function isBeaconError(e: unknown): e is BeaconError {
  return e instanceof BeaconError;
}
