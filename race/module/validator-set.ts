import { toHexLower } from '../../chain/types/bytes.js';

export interface SetCandidate {
  address: string;
  weight: bigint;
  consensusPubKey: Uint8Array;
  excluded: boolean;
}

export interface SetMember {
  consensusPubKey: Uint8Array;
  power: bigint;
}

/** The next validator set: the top `max` non-excluded participants by weight (ties by address), power = weight. */
export function selectValidatorSet(
  candidates: readonly SetCandidate[],
  max: number,
): Array<SetMember & { address: string }> {
  return candidates
    .filter((c) => c.weight > 0n && !c.excluded && c.consensusPubKey.length === 32)
    .sort((a, b) =>
      a.weight !== b.weight
        ? a.weight > b.weight
          ? -1
          : 1
        : a.address < b.address
          ? -1
          : a.address > b.address
            ? 1
            : 0,
    )
    .slice(0, max)
    .map((c) => ({ address: c.address, consensusPubKey: c.consensusPubKey, power: c.weight }));
}

/** Updates that turn `previous` into `next`: changed or new powers, and 0 for every key that leaves. Ordered by key. */
export function validatorSetDiff(previous: readonly SetMember[], next: readonly SetMember[]): SetMember[] {
  const prev = new Map(previous.map((m) => [toHexLower(m.consensusPubKey), m]));
  const nxt = new Map(next.map((m) => [toHexLower(m.consensusPubKey), m]));
  const out: SetMember[] = [];
  for (const [k, m] of nxt)
    if (prev.get(k)?.power !== m.power) out.push({ consensusPubKey: m.consensusPubKey, power: m.power });
  for (const [k, m] of prev) if (!nxt.has(k)) out.push({ consensusPubKey: m.consensusPubKey, power: 0n });
  return out.sort((a, b) => (toHexLower(a.consensusPubKey) < toHexLower(b.consensusPubKey) ? -1 : 1));
}
