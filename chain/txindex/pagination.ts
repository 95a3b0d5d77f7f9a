/** CometBFT's pagination rules for tx_search (rpc/core/env.go), so CosmJS's paging loop terminates. */
export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

export type OrderBy = 'asc' | 'desc';

/** A request that cannot be answered as asked (bad page, order); the message is meant for the client. */
export class SearchRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchRequestError';
  }
}

/** Absent or < 1 → 30; > 100 → 100. */
export function validatePerPage(perPage: number | undefined): number {
  if (perPage === undefined || !Number.isFinite(perPage) || perPage < 1) return DEFAULT_PER_PAGE;
  return Math.min(Math.floor(perPage), MAX_PER_PAGE);
}

/** Page 1 is always valid, even when there are no results; any other page must exist. */
export function validatePage(page: number | undefined, perPage: number, totalCount: number): number {
  if (page === undefined) return 1;
  const pages = Math.max(1, Math.ceil(totalCount / perPage));
  if (!Number.isInteger(page) || page < 1 || page > pages) {
    throw new SearchRequestError(`page should be within [1, ${pages}] range, given ${page}`);
  }
  return page;
}

export function validateOrderBy(orderBy: string | undefined): OrderBy {
  if (orderBy === undefined || orderBy === '' || orderBy === 'asc') return 'asc';
  if (orderBy === 'desc') return 'desc';
  throw new SearchRequestError("expected order_by to be either 'asc' or 'desc' or empty");
}
