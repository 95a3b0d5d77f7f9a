/** The Race query service's ABCI path prefix, on its own so clients (CLI, REST, status) need not load the server. */
export const RACE_QUERY_PREFIX = '/race.race.v1.Query';
