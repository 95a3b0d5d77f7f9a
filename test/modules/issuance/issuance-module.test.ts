import { Any } from 'cosmjs-types/google/protobuf/any';
import { ProposalStatus, VoteOption } from 'cosmjs-types/cosmos/gov/v1/gov';
import { MsgSubmitProposalResponse } from 'cosmjs-types/cosmos/gov/v1/tx';
import { QueryProposalRequest, QueryProposalResponse } from 'cosmjs-types/cosmos/gov/v1/query';
import { govAddress } from '../../../modules/gov/authority.js';
import { MsgUpdateParams } from '../../../proto/gen/race/issuance/v1/tx.js';
import { QueryPoolResponse } from '../../../proto/gen/race/issuance/v1/query.js';
import { dailyMinimum } from '../../../modules/issuance/minimum-issuance.js';
import { FOUNDERS } from '../../../modules/issuance/supply.js';
import { DEFAULT_ISSUANCE_PARAMS, issuanceParamsToProto } from '../../../modules/issuance/params.js';
import { msgResponses, SECOND, TestChain, testAccount, testGovParams } from '../gov/harness.js';
import {
  finish,
  keeperOf,
  P_IN,
  P_OUT,
  FEE,
  registerMsg,
  report,
  request,
  start,
  startChain,
} from '../inference/inference-chain.js';
import {
  allocations,
  blocksTo,
  fundBalance,
  ICON,
  issuanceGenesis,
  phase,
  potBalance,
  supply,
} from './issuance-chain.js';

const alice = testAccount('issuance alice');
const bob = testAccount('issuance bob');
const dev = testAccount('issuance dev');
const relay = testAccount('issuance relay');
const ex = testAccount('issuance executor');

let chain: TestChain | undefined;
afterEach(async () => {
  if (chain) {
    expect(chain.app.checkInvariants()).toEqual([]);
    await chain.stop();
  }
  chain = undefined;
});

describe('issuance genesis: balances are drawn from the founders allocation', () => {
  it('counts every genesis nicoin as founders issued, and exports what it imports', async () => {
    chain = await new TestChain({
      accounts: [
        { account: alice, balance: 1_000_000n * ICON, weight: 3n },
        { account: bob, balance: 5n * ICON, weight: 1n },
      ],
      genesis: { issuance: issuanceGenesis({ blocksPerDay: 4n, daysPerYear: 3n }) },
    }).start();
    const a = await allocations(chain);
    expect(a.allocations.map((x) => [x.name, x.issued])).toEqual([
      ['core_incentive', '0'],
      ['additional_reward', '0'],
      ['liquidity_pool', '0'],
      ['founders', (1_000_005n * ICON).toString()],
    ]);
    expect(a.cap).toBe((10n ** 18n).toString());
    await blocksTo(chain, 9);
    const exported = chain.app.exportGenesis();
    // A fresh app from the whole exported app state exports the same issuance section.
    const third = new TestChain({ accounts: [], genesis: exported as Record<string, unknown> });
    await third.start();
    try {
      expect(third.app.exportGenesis().issuance).toEqual(exported.issuance);
    } finally {
      await third.stop();
    }
  });

  it('refuses genesis balances larger than the founders allocation', async () => {
    await expect(
      new TestChain({
        accounts: [{ account: alice, balance: FOUNDERS + 1n, weight: 1n }],
        genesis: { issuance: issuanceGenesis({}) },
      }).start(),
    ).rejects.toThrow(/more than the founders' allocation/);
  });
});

describe('minimum issuance on a day without traffic', () => {
  it("mints the day's minimum into the pot, earmarked by Race weight after the training share, released at the epoch's end", async () => {
    chain = await new TestChain({
      accounts: [
        { account: alice, balance: 100n * ICON, weight: 3n },
        { account: bob, balance: 100n * ICON, weight: 1n },
      ],
      epochLength: 12n,
      genesis: { issuance: issuanceGenesis({ blocksPerDay: 5n, daysPerYear: 4n }) },
    }).start();
    const before = supply(chain);
    await blocksTo(chain, 4);
    expect(potBalance(chain)).toBe(0n);
    await blocksTo(chain, 5);
    // Year 1 is 50 M over 4 days: 12.5 M on day 0; 20 % to the fund, 10 M split 3:1.
    const day0 = dailyMinimum({ blocksPerDay: 5n, daysPerYear: 4n }, 0n);
    expect(day0).toBe(12_500_000n * ICON);
    expect(supply(chain)).toBe(before + day0);
    expect(fundBalance(chain)).toBe(2_500_000n * ICON);
    expect(potBalance(chain)).toBe(10_000_000n * ICON);
    const p = await phase(chain);
    expect(p).toMatchObject({ phase: 1, coreMinted: day0.toString(), mode: 'daily-budget' });
    expect(chain.balance(alice.address)).toBe(100n * ICON);
    // The epoch (12 blocks) ends within the next day; at its end the pot is released.
    await blocksTo(chain, 12);
    expect(potBalance(chain)).toBe(0n);
    // Days 0 and 1 (blocks 1-10) were both topped up and released with the epoch.
    expect(chain.balance(alice.address)).toBe(100n * ICON + 15_000_000n * ICON);
    expect(chain.balance(bob.address)).toBe(100n * ICON + 5_000_000n * ICON);
    expect(supply(chain)).toBe(before + 2n * day0);
  });

  it('mints nothing on a day when nobody has Race weight', async () => {
    chain = await new TestChain({
      accounts: [{ account: alice, balance: 100n * ICON, weight: 0n }],
      genesis: { issuance: issuanceGenesis({ blocksPerDay: 3n, daysPerYear: 4n }) },
    }).start();
    const before = supply(chain);
    await blocksTo(chain, 7);
    expect(supply(chain)).toBe(before);
    expect((await phase(chain)).coreMinted).toBe('0');
  });
});

describe('inference settlement mints into the pot', () => {
  const accounts = () => [
    { account: dev, balance: 10_000n * ICON, weight: 0n },
    { account: relay, balance: 10n * ICON, weight: 1n },
    { account: ex, balance: 10n * ICON, weight: 10n },
  ];
  const cost = 10n * P_IN + 7n * P_OUT + FEE;

  async function payOne(c: TestChain) {
    await c.exec(ex, [registerMsg(ex)]);
    const [s] = await start(c, relay, [request(dev, relay, c.timeNs)]);
    const executor = [ex, relay].find((a) => a.address === s!.executor)!;
    await finish(c, relay, [report(s!.id, executor, 10n, 7n)]);
    expect(c.app.checkInvariants()).toEqual([]);
    return executor;
  }

  it('phase 1 on the daily budget: the fee mints nothing, the fund gets 20 % of it, fees_paid moves', async () => {
    chain = await startChain({ accounts: accounts(), genesis: { issuance: issuanceGenesis({}) } });
    const before = supply(chain);
    await payOne(chain);
    expect(supply(chain)).toBe(before);
    expect(fundBalance(chain)).toBe(cost / 5n);
    expect(await phase(chain)).toMatchObject({ phase: 1, coreMinted: '0', feesPaid: cost.toString() });
  });

  it('per-request mode (guard 0): a fee F mints 9F in phase 1, the phase moves, the executor is earmarked the net', async () => {
    chain = await startChain({ accounts: accounts(), genesis: { issuance: issuanceGenesis({ guard: [0n, 1n] }) } });
    const before = supply(chain);
    const executor = await payOne(chain);
    expect(supply(chain)).toBe(before + 9n * cost);
    const p = await phase(chain);
    expect(p).toMatchObject({ phase: 1, coreMinted: (9n * cost).toString(), mode: 'per-request' });
    expect(p.mintedInPhase).toBe((9n * cost).toString());
    // Gross 10F: the fund gets 2F (F/5 from the fee, the rest from the subsidy), the executor 9F − (2F − F/5).
    expect(fundBalance(chain)).toBe(2n * cost);
    const pot = keeperOf(chain) && chain.keepers.issuance.potEntry(chain.app.queryContext(), executor.address);
    expect(pot).toBe(9n * cost - (2n * cost - cost / 5n));
    expect(potBalance(chain)).toBe(pot);
  });
});

describe('gov and the training share', () => {
  const ICONS = 100n * ICON;
  function proposal(c: TestChain, p: { trainingShareBps: number; guardWeightNum: bigint; guardWeightDen: bigint }) {
    const params = { ...issuanceParamsToProto(DEFAULT_ISSUANCE_PARAMS), ...p };
    return {
      typeUrl: '/cosmos.gov.v1.MsgSubmitProposal',
      value: {
        messages: [
          Any.fromPartial({
            typeUrl: '/race.issuance.v1.MsgUpdateParams',
            value: MsgUpdateParams.encode({ authority: govAddress(), params }).finish(),
          }),
        ],
        initialDeposit: [{ denom: 'nicoin', amount: (10n * ICON).toString() }],
        proposer: alice.address,
        metadata: '',
        title: 'issuance params',
        summary: 'why',
        expedited: false,
      },
    };
  }
  async function pass(c: TestChain, params: Parameters<typeof proposal>[1]) {
    const r = await c.exec(alice, [proposal(c, params)]);
    const id = MsgSubmitProposalResponse.decode(msgResponses(r)[0]!.value).proposalId;
    await c.exec(alice, [
      {
        typeUrl: '/cosmos.gov.v1.MsgVote',
        value: { proposalId: id, voter: alice.address, option: VoteOption.VOTE_OPTION_YES, metadata: '' },
      },
    ]);
    await c.advanceTo(c.timeNs + 61n * SECOND);
    return QueryProposalResponse.decode(
      await c.query('/cosmos.gov.v1.Query/Proposal', QueryProposalRequest.encode({ proposalId: id }).finish()),
    ).proposal!.status;
  }

  it('refuses a training share change before the end of year 5 and accepts it after; other params change any time', async () => {
    // One block a day, 10 days a year: year 6 starts at block 51.
    chain = await new TestChain({
      accounts: [{ account: alice, balance: ICONS, weight: 1n }],
      govParams: testGovParams(),
      genesis: { issuance: issuanceGenesis({ blocksPerDay: 1n, daysPerYear: 10n }) },
    }).start();
    const ctx = () => chain!.app.queryContext();
    expect(await pass(chain, { trainingShareBps: 1000, guardWeightNum: 1n, guardWeightDen: 3n })).toBe(
      ProposalStatus.PROPOSAL_STATUS_FAILED,
    );
    expect(chain.keepers.issuance.getParams(ctx()).trainingShareBps).toBe(2000n);
    expect(await pass(chain, { trainingShareBps: 2000, guardWeightNum: 1n, guardWeightDen: 4n })).toBe(
      ProposalStatus.PROPOSAL_STATUS_PASSED,
    );
    expect(chain.keepers.issuance.getParams(ctx()).guardWeight).toEqual({ num: 1n, den: 4n });
    await blocksTo(chain, 51);
    expect(await pass(chain, { trainingShareBps: 1000, guardWeightNum: 1n, guardWeightDen: 4n })).toBe(
      ProposalStatus.PROPOSAL_STATUS_PASSED,
    );
    expect(chain.keepers.issuance.getParams(ctx()).trainingShareBps).toBe(1000n);
  });
});

describe('the liquidity pool: bridged quote in, icon out, sell-back at the latest price', () => {
  const QUOTE = 'ubusd';
  const quote = (c: TestChain, a: string) => c.bank.getBalance(c.app.queryContext(), a, QUOTE, false).amount;
  const pool = async (c: TestChain) =>
    QueryPoolResponse.decode(await c.query('/race.issuance.v1.Query/Pool', new Uint8Array()));

  it('sells tranche by tranche, lets only the bridge mint the quote, and only providers sell back', async () => {
    const g = issuanceGenesis({});
    chain = await new TestChain({
      accounts: [
        { account: alice, balance: 2_000_000n * ICON, weight: 1n },
        { account: bob, balance: 10n * ICON, weight: 0n },
        { account: dev, balance: 10n * ICON, weight: 0n },
      ],
      genesis: { issuance: { ...g, params: { ...g.params, bridge: bob.address } } },
    }).start();
    const deposit = (from: typeof bob, amount: bigint) => ({
      typeUrl: '/race.issuance.v1.MsgBridgeDeposit',
      value: { bridge: from.address, recipient: dev.address, amount: amount.toString() },
    });
    // Someone who is not the appointed bridge mints nothing.
    const forged = await chain.exec(alice, [deposit(alice, 10n ** 12n)], { expectFailure: true });
    expect(forged.log).toMatch(/is not the bridge account/);
    expect(quote(chain, dev.address)).toBe(0n);
    await chain.exec(bob, [deposit(bob, 70_000_000_000n)]);
    expect(quote(chain, dev.address)).toBe(70_000_000_000n);

    // $70,000: all of tranche 1 (12 M at $0.005 = $60,000) and 1 M of tranche 2 at $0.01.
    const before = supply(chain);
    await chain.exec(dev, [
      { typeUrl: '/race.issuance.v1.MsgBuyFromPool', value: { buyer: dev.address, quoteAmount: '70000000000' } },
    ]);
    expect(chain.balance(dev.address)).toBe(10n * ICON + 13_000_000n * ICON);
    expect(supply(chain)).toBe(before + 13_000_000n * ICON);
    expect(await pool(chain)).toMatchObject({
      sold: (13_000_000n * ICON).toString(),
      reserves: '70000000000',
      latestPrice: '10000',
      tranche: 2,
      trancheLeft: (11_000_000n * ICON).toString(),
    });
    expect((await allocations(chain)).allocations[2]).toMatchObject({
      name: 'liquidity_pool',
      issued: (13_000_000n * ICON).toString(),
    });

    // A hardware provider sells 1 M back at $0.01: $10,000 out of the reserves; the pool holds the coins.
    const sell = (who: typeof alice, n: bigint) => ({
      typeUrl: '/race.issuance.v1.MsgSellToPool',
      value: { seller: who.address, amount: n.toString() },
    });
    await chain.exec(alice, [sell(alice, 1_000_000n * ICON)]);
    expect(quote(chain, alice.address)).toBe(10_000_000_000n);
    expect(chain.balance(alice.address)).toBe(1_000_000n * ICON);
    expect(await pool(chain)).toMatchObject({ reserves: '60000000000', boughtBack: (1_000_000n * ICON).toString() });
    // No Race weight, no sell-back.
    const outsider = await chain.exec(dev, [sell(dev, ICON)], { expectFailure: true });
    expect(outsider.log).toMatch(/only hardware providers/);
  });
});
