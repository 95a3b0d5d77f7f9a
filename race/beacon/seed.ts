import { utf8ToBytes } from '@noble/hashes/utils.js';
import { u32be, u64be } from './bytes.js';
import { BEACON_DOMAIN, taggedHash } from './hash.js';

/** H(commit-domain ‖ epoch ‖ dealer ‖ secret): bound to the dealer and epoch so it cannot be copied or replayed. */
export function commitmentHash(epoch: number, dealer: string, secret: Uint8Array): Uint8Array {
  return taggedHash(BEACON_DOMAIN.commit, u64be(epoch), utf8ToBytes(dealer), secret);
}

/** seed = H(seed-domain ‖ epoch ‖ count ‖ (dealer ‖ secret) in dealer order). */
export function combineSecrets(
  epoch: number,
  contributions: readonly { dealer: string; secret: Uint8Array }[],
): Uint8Array {
  const parts: Uint8Array[] = [u64be(epoch), u32be(contributions.length)];
  for (const c of contributions) parts.push(utf8ToBytes(c.dealer), c.secret);
  return taggedHash(BEACON_DOMAIN.seed, ...parts);
}

/** Used only when too few dealers took part; the events say so, since a proposer can grind a block hash. */
export function fallbackSeed(epoch: number, previousSeed: Uint8Array, lastBlockHash: Uint8Array): Uint8Array {
  return taggedHash(BEACON_DOMAIN.fallback, u64be(epoch), previousSeed, lastBlockHash);
}
