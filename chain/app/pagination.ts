import type { PageRequest, PageResponse } from 'cosmjs-types/cosmos/base/query/v1beta1/pagination';
import { invalidArgument } from './router.js';
import { toHexLower } from '../types/bytes.js';

const DEFAULT_LIMIT = 100n;
const MAX_LIMIT = 1000n;

/**
 * The SDK's pagination over an ordered list whose items have byte keys: `key` (resume after next_key) or `offset`,
 * `limit` (default 100), `count_total`, `reverse`. next_key is the key of the first item not returned.
 */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => Uint8Array,
  req: PageRequest | undefined,
): { page: T[]; pagination: PageResponse } {
  const list = req?.reverse ? [...items].reverse() : items;
  if (req && req.key.length > 0 && req.offset > 0n) throw invalidArgument('either offset or key is expected, got both');
  const limit = req && req.limit > 0n ? req.limit : DEFAULT_LIMIT;
  if (limit > MAX_LIMIT) throw invalidArgument(`limit ${limit} is above the maximum ${MAX_LIMIT}`);
  let start = 0;
  if (req && req.key.length > 0) {
    const hex = toHexLower(req.key);
    start = list.findIndex((it) => toHexLower(keyOf(it)) === hex);
    if (start < 0) start = list.length;
  } else if (req && req.offset > 0n) {
    start = Number(req.offset > BigInt(list.length) ? BigInt(list.length) : req.offset);
  }
  const end = Math.min(list.length, start + Number(limit));
  const page = list.slice(start, end);
  const next = end < list.length ? keyOf(list[end]!) : new Uint8Array(0);
  // The SDK counts the total only on request when paging by key, and always on offset paging.
  const total = !req || req.countTotal || req.key.length === 0 ? BigInt(list.length) : 0n;
  return { page, pagination: { nextKey: next, total } };
}
