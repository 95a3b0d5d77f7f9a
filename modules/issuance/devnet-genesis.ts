import { moduleAddress } from '../auth/types.js';
import { defaultIssuanceGenesis, type IssuanceGenesis } from './genesis.js';
import { TRAINING_FUND_ACCOUNT } from './keys.js';
import { icons } from './supply.js';

/** What the devnet seeds the training fund with (from the founders' allocation, like every genesis balance). */
export const DEVNET_TRAINING_FUND = icons(100_000n);

/**
 * The devnet's issuance genesis: a short calendar (one block a second, so a "day" is 10 minutes and a "year" 365 of
 * them) and no self-dealing guard. The devnet has one participant, which is every request's payer and executor, so
 * the guard protects nothing there, and per-request subsidy makes `raced query issuance phase` move with each paid
 * request. Testnets and mainnet keep the paper's guard (docs/issuance.md, "Self-dealing").
 */
export function devnetIssuanceGenesis(): IssuanceGenesis {
  const g = defaultIssuanceGenesis();
  return {
    ...g,
    params: { ...g.params, guard_weight_num: '0', guard_weight_den: '1' },
    calendar: { blocks_per_day: '600', days_per_year: '365' },
    // The devnet's state is small: check the cap and the balance sum every block.
    invariant_check_blocks: '1',
  };
}

export const trainingFundAddress = (): string => moduleAddress(TRAINING_FUND_ACCOUNT);
