import { accountFromAny } from '@cosmjs/stargate';
import { QueryAccountRequest, QueryAccountResponse } from 'cosmjs-types/cosmos/auth/v1beta1/query';
import { QuerySpendableBalancesRequest, QuerySpendableBalancesResponse } from 'cosmjs-types/cosmos/bank/v1beta1/query';
import { ContinuousVestingAccount } from 'cosmjs-types/cosmos/vesting/v1beta1/vesting';
import { lockedCoins, type Vesting } from '../../../modules/auth/vesting.js';
import { appTypeRegistry } from '../../../node/app/module-list.js';
import { restJsonOf } from '../../../node/rest/json.js';
import { GENESIS_TIME, SECOND, TestChain, testAccount } from '../gov/harness.js';

const ICON = 1_000_000_000n;
const founder = testAccount('vesting founder');
const friend = testAccount('vesting friend');

describe('lockedCoins', () => {
  const v: Vesting = {
    kind: 'continuous',
    originalVesting: [{ denom: 'nicoin', amount: 1000n }],
    startTime: 100n,
    endTime: 200n,
  };
  it('continuous: all locked until the start, linear (locked rounds up), nothing at the end', () => {
    expect(lockedCoins(v, 50n)).toEqual([{ denom: 'nicoin', amount: 1000n }]);
    expect(lockedCoins(v, 100n)).toEqual([{ denom: 'nicoin', amount: 1000n }]);
    expect(lockedCoins(v, 133n)).toEqual([{ denom: 'nicoin', amount: 670n }]);
    expect(lockedCoins(v, 199n)).toEqual([{ denom: 'nicoin', amount: 10n }]);
    expect(lockedCoins(v, 200n)).toEqual([]);
  });
  it('delayed: everything locked until the end', () => {
    const d: Vesting = { ...v, kind: 'delayed' };
    expect(lockedCoins(d, 199n)).toEqual([{ denom: 'nicoin', amount: 1000n }]);
    expect(lockedCoins(d, 200n)).toEqual([]);
  });
});

describe('a founder vesting account (cosmos.vesting.v1beta1.ContinuousVestingAccount)', () => {
  const start = GENESIS_TIME / SECOND;
  const end = start + 1000n;
  let chain: TestChain;
  beforeEach(async () => {
    chain = await new TestChain({
      accounts: [
        { account: founder, balance: 1000n * ICON, weight: 0n },
        { account: friend, balance: 10n * ICON, weight: 0n },
      ],
      blockSeconds: 10n,
      genesis: {
        auth: {
          params: {},
          accounts: [
            {
              '@type': '/cosmos.vesting.v1beta1.ContinuousVestingAccount',
              base_vesting_account: {
                base_account: { address: founder.address, pub_key: null, account_number: '0', sequence: '0' },
                original_vesting: [{ denom: 'nicoin', amount: (1000n * ICON).toString() }],
                delegated_free: [],
                delegated_vesting: [],
                end_time: end.toString(),
              },
              start_time: start.toString(),
            },
            {
              '@type': '/cosmos.auth.v1beta1.BaseAccount',
              address: friend.address,
              pub_key: null,
              account_number: '1',
              sequence: '0',
            },
          ],
        },
      },
    }).start();
  });
  afterEach(async () => {
    expect(chain.app.checkInvariants()).toEqual([]);
    await chain.stop();
  });

  const send = (amount: bigint) => ({
    typeUrl: '/cosmos.bank.v1beta1.MsgSend',
    value: {
      fromAddress: founder.address,
      toAddress: friend.address,
      amount: [{ denom: 'nicoin', amount: amount.toString() }],
    },
  });

  it('CosmJS reads it as a vesting account, with its schedule', async () => {
    const raw = QueryAccountResponse.decode(
      await chain.query(
        '/cosmos.auth.v1beta1.Query/Account',
        QueryAccountRequest.encode({ address: founder.address }).finish(),
      ),
    ).account!;
    expect(raw.typeUrl).toBe('/cosmos.vesting.v1beta1.ContinuousVestingAccount');
    const acc = accountFromAny(raw);
    expect(acc).toMatchObject({ address: founder.address, sequence: 0 });
    expect(Number(acc.accountNumber)).toBe(0);
    const v = ContinuousVestingAccount.decode(raw.value);
    expect(v.startTime).toBe(start);
    expect(v.baseVestingAccount!.endTime).toBe(end);
    expect(v.baseVestingAccount!.originalVesting).toEqual([{ denom: 'nicoin', amount: (1000n * ICON).toString() }]);
    // REST renders it with its type and schedule, as the SDK's gateway does.
    expect(restJsonOf(appTypeRegistry()).render({ account: raw })).toMatchObject({
      account: {
        '@type': '/cosmos.vesting.v1beta1.ContinuousVestingAccount',
        base_vesting_account: {
          base_account: { address: founder.address, pub_key: null },
          original_vesting: [{ denom: 'nicoin', amount: (1000n * ICON).toString() }],
          end_time: end.toString(),
        },
        start_time: start.toString(),
      },
    });
  });

  it('locked coins cannot be sent; vested ones can, and everything once vested; the account keeps its type', async () => {
    // Block 2 at start + 20 s: 2 % vested (20 icon).
    const tooMuch = await chain.exec(founder, [send(100n * ICON)], { expectFailure: true });
    expect(tooMuch.code).toBe(5);
    expect(tooMuch.log).toMatch(/spendable balance 20000000000nicoin is smaller than 100000000000nicoin/);
    expect(chain.balance(founder.address)).toBe(1000n * ICON);
    await chain.exec(founder, [send(20n * ICON)]);
    expect(chain.balance(friend.address)).toBe(30n * ICON);
    const spendable = QuerySpendableBalancesResponse.decode(
      await chain.query(
        '/cosmos.bank.v1beta1.Query/SpendableBalances',
        QuerySpendableBalancesRequest.encode({ address: founder.address }).finish(),
      ),
    );
    expect(BigInt(spendable.balances[0]?.amount ?? '0')).toBeLessThan(20n * ICON);
    await chain.advanceTo((end + 1n) * SECOND);
    await chain.exec(founder, [send(980n * ICON)]);
    expect(chain.balance(founder.address)).toBe(0n);
    const raw = QueryAccountResponse.decode(
      await chain.query(
        '/cosmos.auth.v1beta1.Query/Account',
        QueryAccountRequest.encode({ address: founder.address }).finish(),
      ),
    ).account!;
    expect(raw.typeUrl).toBe('/cosmos.vesting.v1beta1.ContinuousVestingAccount');
    expect(accountFromAny(raw).sequence).toBe(3);
  });

  it('round-trips its genesis', async () => {
    const exported = chain.app.exportGenesis();
    const again = await new TestChain({ accounts: [], genesis: exported as Record<string, unknown> }).start();
    try {
      expect(again.app.exportGenesis().auth).toEqual(exported.auth);
    } finally {
      await again.stop();
    }
  });
});
