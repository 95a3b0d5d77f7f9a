/** The gov harness's chain with an issuance genesis section and helpers that read the issuance module as a client would. */
import { QueryPhaseResponse, QueryAllocationsResponse } from '../../../proto/gen/race/issuance/v1/query.js';
import { moduleAddress } from '../../../modules/auth/types.js';
import { REWARD_POT_ACCOUNT, TRAINING_FUND_ACCOUNT } from '../../../modules/issuance/keys.js';
import { defaultIssuanceGenesis, type IssuanceGenesis } from '../../../modules/issuance/genesis.js';
import { ISSUANCE_QUERY_PREFIX } from '../../../modules/issuance/query-server.js';
import type { TestChain } from '../gov/harness.js';

export const ICON = 1_000_000_000n;

export function issuanceGenesis(o: {
  blocksPerDay?: bigint;
  daysPerYear?: bigint;
  guard?: [bigint, bigint];
}): IssuanceGenesis {
  const g = defaultIssuanceGenesis();
  return {
    ...g,
    params: {
      ...g.params,
      ...(o.guard ? { guard_weight_num: o.guard[0].toString(), guard_weight_den: o.guard[1].toString() } : {}),
    },
    calendar: {
      blocks_per_day: (o.blocksPerDay ?? 86_400n).toString(),
      days_per_year: (o.daysPerYear ?? 365n).toString(),
    },
  };
}

export async function phase(c: TestChain) {
  return QueryPhaseResponse.decode(await c.query(`${ISSUANCE_QUERY_PREFIX}/Phase`, new Uint8Array()));
}

export async function allocations(c: TestChain) {
  return QueryAllocationsResponse.decode(await c.query(`${ISSUANCE_QUERY_PREFIX}/Allocations`, new Uint8Array()));
}

export const potBalance = (c: TestChain) => c.balance(moduleAddress(REWARD_POT_ACCOUNT));
export const fundBalance = (c: TestChain) => c.balance(moduleAddress(TRAINING_FUND_ACCOUNT));
export const supply = (c: TestChain) => c.bank.getSupply(c.app.queryContext(), 'nicoin').amount;

/** Blocks up to `height`, checking every invariant after each (issue item 1: every block in tests). */
export async function blocksTo(c: TestChain, height: number): Promise<void> {
  while (c.height < height) {
    await c.block();
    expect(c.app.checkInvariants()).toEqual([]);
  }
}
