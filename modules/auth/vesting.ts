import type { Coin } from '../../chain/types/coins.js';

/**
 * A cosmos.vesting.v1beta1 schedule (the founders' allocation, issue 15): `originalVesting` unlocks linearly from
 * `startTime` to `endTime` (continuous) or all at `endTime` (delayed). Times are Unix seconds of the block header,
 * the only clock a state transition may read. Delegation fields are kept for the SDK's shape; this chain does not stake.
 */
export interface Vesting {
  kind: 'continuous' | 'delayed';
  originalVesting: Coin[];
  startTime: bigint;
  endTime: bigint;
}

/** The coins still locked at `nowSec`: the SDK's LockedCoins (original vesting minus what has vested). */
export function lockedCoins(v: Vesting, nowSec: bigint): Coin[] {
  if (nowSec >= v.endTime) return [];
  if (v.kind === 'delayed' || nowSec <= v.startTime) return v.originalVesting.map((c) => ({ ...c }));
  const span = v.endTime - v.startTime;
  const elapsed = nowSec - v.startTime;
  // vested = floor(original × elapsed / span), as the SDK truncates; so locked rounds up and never unlocks early.
  return v.originalVesting
    .map((c) => ({ denom: c.denom, amount: c.amount - (c.amount * elapsed) / span }))
    .filter((c) => c.amount > 0n);
}

export function lockedAmount(v: Vesting | undefined, denom: string, nowNs: bigint): bigint {
  if (!v) return 0n;
  return lockedCoins(v, nowNs / 1_000_000_000n).find((c) => c.denom === denom)?.amount ?? 0n;
}
