import { toHexLower } from '../../chain/types/bytes.js';
import { parseHex, toBytes } from './bytes.js';
import { proveDleq } from './dleq.js';
import { sharedPointFor } from './ecies.js';
import { fail } from './errors.js';
import type { BeaconMember } from './group.js';
import { complaintContext, judgeShares, type ShareVerdict } from './judge.js';
import type { MsgBeaconComplaint, MsgBeaconShare } from './messages.js';
import { bytesToScalar, decodePoint, encodePoint, G, scalarToBytes } from './scalar.js';
import { findDealer, findMember, type BeaconState, type DealerRecord } from './state.js';
import type { BeaconRandomness } from './dealer.js';

/** A member's view of one dealer's shares: the secret key never leaves the node. */
interface Opened {
  member: BeaconMember;
  rec: DealerRecord;
  secretKey: bigint;
  R: ReturnType<typeof decodePoint>;
  verdict: ShareVerdict;
}

function open(state: BeaconState, dealer: string, memberAddress: string, secretKey: Uint8Array | string): Opened {
  const member = findMember(state, memberAddress);
  if (!member) fail('not_member', `${memberAddress} is not in the beacon group of epoch ${state.epoch}`);
  const rec = findDealer(state, dealer);
  if (!rec) fail('unknown_dealer', `${dealer} did not commit in epoch ${state.epoch}`);
  const sk = bytesToScalar(toBytes(secretKey, 'secretKey', 32), 'secretKey', true);
  if (toHexLower(encodePoint(G.multiply(sk))) !== member.pubKey)
    fail('not_member', `the secret key is not ${memberAddress}'s beacon key`);
  const sealed = rec.shares.find((s) => s.recipient === memberAddress);
  if (!sealed) fail('not_applicable', `${dealer} dealt no shares to ${memberAddress}`);
  const R = decodePoint(parseHex(sealed.ephemeralPubKey, 'ephemeralPubKey', 33), 'ephemeralPubKey');
  const verdict = judgeShares(state.epoch, rec, member, sharedPointFor(sk, R));
  return { member, rec, secretKey: sk, R, verdict };
}

/** Off-chain: decrypt and check the shares `dealer` dealt to this member (a bad verdict means: complain). */
export function openShares(
  state: BeaconState,
  dealer: string,
  member: string,
  secretKey: Uint8Array | string,
): ShareVerdict {
  return open(state, dealer, member, secretKey).verdict;
}

/** Off-chain: the complaint that proves the dealer's shares to this member are bad. */
export function buildComplaint(
  state: BeaconState,
  dealer: string,
  member: string,
  secretKey: Uint8Array | string,
  deps: BeaconRandomness,
): MsgBeaconComplaint {
  const o = open(state, dealer, member, secretKey);
  if (o.verdict.ok) fail('complaint_unfounded', `the shares ${dealer} dealt to ${member} verify`);
  const { S, proof } = proveDleq(o.secretKey, o.R, complaintContext(state.epoch, dealer, member), deps.randomBytes);
  return {
    kind: 'complaint',
    epoch: state.epoch,
    complainer: member,
    dealer,
    sharedPoint: toHexLower(encodePoint(S)),
    proof: toHexLower(proof),
  };
}

/** Off-chain: this member's shares of a dealer that did not reveal, for the reconstruction window. */
export function buildShareMsg(
  state: BeaconState,
  dealer: string,
  member: string,
  secretKey: Uint8Array | string,
): MsgBeaconShare {
  const o = open(state, dealer, member, secretKey);
  if (!o.verdict.ok) fail('bad_share', `the shares ${dealer} dealt to ${member} do not verify (${o.verdict.fault})`);
  return {
    kind: 'share',
    epoch: state.epoch,
    member,
    dealer,
    values: o.verdict.values.map((v) => toHexLower(scalarToBytes(v))),
  };
}

/** Dealers whose secrets still need this member's shares: committed, not revealed, not excluded. */
export function dealersAwaitingShares(state: BeaconState, member: string): string[] {
  return state.dealers
    .filter((d) => d.status === 'committed' && d.dealer !== member && !d.published.some((p) => p.member === member))
    .map((d) => d.dealer);
}
