/** The additional hardware reward on bare keepers: equal shares for the top miners, replacement, the 4-year total. */
import { SortedStore } from '../../../chain/store/sorted-store.js';
import { AuthKeeper } from '../../../modules/auth/keeper.js';
import { BankKeeper } from '../../../modules/bank/keeper.js';
import { defaultIssuanceGenesis, initIssuanceGenesis } from '../../../modules/issuance/genesis.js';
import { issuanceInvariants } from '../../../modules/issuance/invariants.js';
import { IssuanceKeeper } from '../../../modules/issuance/keeper.js';
import { payHardwareReward } from '../../../modules/issuance/money-flow.js';
import { ADDITIONAL_REWARD, icons } from '../../../modules/issuance/supply.js';
import { testKey } from '../../chain/tx/fixtures.js';
import { bareContext } from './random-traffic.js';

const [big, mid, small, late] = [1, 2, 3, 4].map((i) => testKey(i).address) as [string, string, string, string];

function setup(minWeight: bigint, slots: number) {
  const auth = new AuthKeeper();
  const bank = new BankKeeper(auth);
  const store = new SortedStore();
  const miners = new Map<string, bigint>([
    [big, 50n],
    [mid, 30n],
    [small, 5n],
  ]);
  const k = new IssuanceKeeper({
    bank,
    accounts: auth,
    weights: {
      participants: () => [...miners].map(([address, weight]) => ({ address, weight })),
      isEpochEnd: () => false,
      weightOf: (_c, a) => miners.get(a) ?? 0n,
    },
  });
  const at = (height: number) => bareContext(store, height);
  const g = defaultIssuanceGenesis();
  // 2 blocks a day, 4 days a year: the 4-year schedule is 16 days of 7.5 M.
  initIssuanceGenesis(at(0), k, {
    ...g,
    params: { ...g.params, hardware_reward_min_weight: minWeight.toString(), hardware_reward_slots: slots },
    calendar: { blocks_per_day: '2', days_per_year: '4' },
  });
  const pot = (a: string) => k.potEntry(at(0), a);
  const issued = () => k.getTotals(at(0)).additionalIssued;
  const day = (d: number) => {
    const ctx = at(2 * d);
    payHardwareReward(ctx, k);
    for (const inv of issuanceInvariants(k)) expect(inv.check(ctx)).toBeUndefined();
  };
  return { miners, pot, issued, day, at, k };
}

describe('the additional hardware reward', () => {
  it('pays the top eligible miners equal shares of each day, and exactly 120 M over the four years', () => {
    const s = setup(20n, 2);
    s.day(1);
    expect(s.pot(big)).toBe(icons(3_750_000n));
    expect(s.pot(mid)).toBe(icons(3_750_000n));
    expect(s.pot(small)).toBe(0n);
    for (let d = 2; d <= 20; d++) s.day(d);
    expect(s.issued()).toBe(ADDITIONAL_REWARD);
    expect(s.pot(big) + s.pot(mid)).toBe(ADDITIONAL_REWARD);
  });

  it('a miner that leaves is replaced by the next eligible one, who inherits the rest of the schedule', () => {
    const s = setup(20n, 2);
    s.day(1);
    s.miners.delete(mid);
    s.miners.set(late, 25n);
    for (let d = 2; d <= 16; d++) s.day(d);
    expect(s.pot(mid)).toBe(icons(3_750_000n));
    expect(s.pot(late)).toBe(icons(15n * 3_750_000n));
    expect(s.issued()).toBe(ADDITIONAL_REWARD);
  });

  it("an empty slot's share stays unpaid; with no threshold set nothing is minted", () => {
    const s = setup(40n, 2);
    s.day(1);
    // Only `big` qualifies: its one share is paid, the other stays due.
    expect(s.issued()).toBe(icons(3_750_000n));
    const off = setup(0n, 2);
    off.day(1);
    expect(off.issued()).toBe(0n);
  });
});
