/** The devnet's per-block check: a broken cap or balance sum is reported by an event and a log line, never thrown. */
import { SortedStore } from '../../../chain/store/sorted-store.js';
import { AuthKeeper } from '../../../modules/auth/keeper.js';
import { BankKeeper } from '../../../modules/bank/keeper.js';
import { defaultIssuanceGenesis, initIssuanceGenesis } from '../../../modules/issuance/genesis.js';
import { checkInvariantsInBlock } from '../../../modules/issuance/invariants.js';
import { IssuanceKeeper } from '../../../modules/issuance/keeper.js';
import { FOUNDERS, TOTAL_SUPPLY } from '../../../modules/issuance/supply.js';
import { testKey } from '../../chain/tx/fixtures.js';
import { bareContext } from './random-traffic.js';

function setup(every: string) {
  const auth = new AuthKeeper();
  const bank = new BankKeeper(auth);
  const store = new SortedStore();
  const k = new IssuanceKeeper({
    bank,
    accounts: auth,
    weights: { participants: () => [], isEpochEnd: () => false, weightOf: () => 0n },
  });
  const ctx = bareContext(store, 0);
  bank.setGenesisBalance(ctx, testKey(1).address, [{ denom: 'nicoin', amount: 1000n }]);
  bank.setSupply(ctx, { denom: 'nicoin', amount: 1000n });
  initIssuanceGenesis(ctx, k, { ...defaultIssuanceGenesis(), invariant_check_blocks: every });
  const broken = (height: number) => {
    const c = bareContext(store, height);
    checkInvariantsInBlock(c, k);
    return c.events
      .events()
      .filter((e) => e.type === 'invariant_broken')
      .map((e) => e.attributes.find((a) => a.key === 'invariant')?.value);
  };
  return { bank, ctx, broken };
}

describe('invariants checked in EndBlock (devnets)', () => {
  it('reports nothing while the cap and the balance sum hold', () => {
    expect(setup('1').broken(5)).toEqual([]);
  });

  it('reports a supply above what was issued, and a balance sum that differs from the supply', () => {
    const s = setup('2');
    s.bank.setSupply(s.ctx, { denom: 'nicoin', amount: FOUNDERS + TOTAL_SUPPLY });
    expect(s.broken(4)).toEqual(['supply-cap', 'balance-sum']);
    // Only every second block.
    expect(s.broken(5)).toEqual([]);
  });

  it('never checks with invariant_check_blocks 0 (production: a full scan is O(accounts))', () => {
    const s = setup('0');
    s.bank.setSupply(s.ctx, { denom: 'nicoin', amount: 1n });
    expect(s.broken(4)).toEqual([]);
  });
});
