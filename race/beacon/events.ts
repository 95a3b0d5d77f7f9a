import type { Hex } from './messages.js';

export type ShareFault = 'undecryptable' | 'malformed' | 'invalid_share';
export type ExclusionReason = 'bad_share' | 'not_recovered' | 'commitment_mismatch';
export type FallbackReason = 'too_few_dealers' | 'too_little_weight';

/** Typed records the module emits as ABCI events (see eventAttributes). Every one names its epoch and height. */
export type BeaconEvent =
  | { type: 'beacon_commit'; epoch: number; height: number; dealer: string }
  | { type: 'beacon_complaint'; epoch: number; height: number; complainer: string; dealer: string; fault: ShareFault }
  | { type: 'beacon_dealer_excluded'; epoch: number; height: number; dealer: string; reason: ExclusionReason }
  | { type: 'beacon_reveal'; epoch: number; height: number; dealer: string }
  | { type: 'beacon_share'; epoch: number; height: number; member: string; dealer: string; points: number }
  | { type: 'beacon_reconstructed'; epoch: number; height: number; dealer: string; points: number }
  | {
      type: 'beacon_fallback';
      epoch: number;
      height: number;
      reason: FallbackReason;
      dealers: number;
      dealerWeight: string;
      totalWeight: string;
      previousSeed: Hex;
      lastBlockHash: Hex;
    }
  | { type: 'beacon_final'; epoch: number; height: number; seed: Hex; fallback: boolean; dealers: string[] };

/** Flat string attributes in declaration order, as ABCI events want them. */
export function eventAttributes(ev: BeaconEvent): { key: string; value: string }[] {
  return Object.entries(ev)
    .filter(([k]) => k !== 'type')
    .map(([key, v]) => ({ key, value: Array.isArray(v) ? v.join(',') : String(v) }));
}
