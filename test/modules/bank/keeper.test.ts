/**
 * The bank keeper on a bare Context over an in-memory store: sends, module accounts, mint and burn, the supply
 * invariant under random operations, denom metadata, and refusal of amounts that are not positive.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Context } from '../../../chain/app/context.js';
import { SortedStore } from '../../../chain/store/sorted-store.js';
import { newInfiniteGasMeter } from '../../../chain/tx/gas.js';
import { SdkError } from '../../../chain/types/errors.js';
import { EventManager } from '../../../chain/types/events.js';
import { silentLogger } from '../../../chain/util/log.js';
import { AuthKeeper } from '../../../modules/auth/keeper.js';
import { moduleAddress } from '../../../modules/auth/types.js';
import { ICON_METADATA } from '../../../modules/bank/denoms.js';
import { BankKeeper } from '../../../modules/bank/keeper.js';
import { BankModule } from '../../../modules/bank/module.js';
import { testKey } from '../../chain/tx/fixtures.js';

const [alice, bob, carol] = [testKey(1).address, testKey(2).address, testKey(3).address];
const MINTER = 'minter_module';
const nicoin = (amount: bigint) => [{ denom: 'nicoin', amount }];

function setup() {
  const auth = new AuthKeeper();
  const bank = new BankKeeper(auth);
  const events = new EventManager();
  const ctx = new Context(
    new SortedStore(),
    { chainId: 'bank-test', height: 1, timeNs: 0n, proposerAddress: new Uint8Array(0) },
    newInfiniteGasMeter(),
    events,
    'deliver',
    silentLogger(),
  );
  const balance = (address: string, denom = 'nicoin') => bank.getBalance(ctx, address, denom, false).amount;
  /** A snapshot of everything the bank and auth stores hold, to show a failed call changed nothing. */
  const snapshot = () =>
    JSON.stringify(
      [...ctx.store.iterate()].map(([k, v]) => [Buffer.from(k).toString('hex'), Buffer.from(v).toString('hex')]),
    );
  return { auth, bank, ctx, events, balance, snapshot };
}

/** The SDK error code a call fails with, or 0. */
function codeOf(fn: () => void): number {
  try {
    fn();
    return 0;
  } catch (e) {
    if (!(e instanceof SdkError)) throw e;
    return e.code;
  }
}

describe('sendCoins', () => {
  it("moves coins, creates the recipient's account and emits the SDK's events in order", () => {
    const { auth, bank, ctx, events, balance } = setup();
    bank.mintCoins(ctx, MINTER, nicoin(100n));
    bank.sendCoinsFromModuleToAccount(ctx, MINTER, alice, nicoin(100n));
    const before = events.events().length;
    expect(auth.hasAccount(ctx, bob)).toBe(false);
    bank.sendCoins(ctx, alice, bob, nicoin(30n));
    expect([balance(alice), balance(bob)]).toEqual([70n, 30n]);
    expect(auth.hasAccount(ctx, bob)).toBe(true);
    expect(
      events
        .events()
        .slice(before)
        .map((e) => [e.type, e.attributes.map((a) => `${a.key}=${a.value}`).join(' ')]),
    ).toEqual([
      ['coin_spent', `spender=${alice} amount=30nicoin`],
      ['coin_received', `receiver=${bob} amount=30nicoin`],
      ['transfer', `recipient=${bob} sender=${alice} amount=30nicoin`],
      ['message', `sender=${alice}`],
    ]);
  });

  it('sending a whole balance leaves no zero entry behind', () => {
    const { bank, ctx } = setup();
    bank.mintCoins(ctx, MINTER, nicoin(5n));
    bank.sendCoinsFromModuleToAccount(ctx, MINTER, alice, nicoin(5n));
    bank.sendCoins(ctx, alice, bob, nicoin(5n));
    expect(bank.getAllBalances(ctx, alice)).toEqual([]);
    expect(bank.allAccountBalances(ctx).map((b) => b.address)).toEqual([bob]);
  });

  it("insufficient funds: code 5 with the SDK's wording, and nothing changes", () => {
    const { bank, ctx, events, snapshot } = setup();
    bank.mintCoins(ctx, MINTER, nicoin(5n));
    bank.sendCoinsFromModuleToAccount(ctx, MINTER, alice, nicoin(5n));
    const state = snapshot();
    const before = events.events().length;
    expect(() => bank.sendCoins(ctx, alice, bob, nicoin(6n))).toThrow(
      'spendable balance 5nicoin is smaller than 6nicoin: insufficient funds',
    );
    expect(codeOf(() => bank.sendCoins(ctx, carol, bob, nicoin(1n)))).toBe(5);
    expect(snapshot()).toBe(state);
    expect(events.events().length).toBe(before);
  });

  it('refuses zero and negative amounts in sends, mints and burns with code 10, changing nothing', () => {
    const { bank, ctx, snapshot } = setup();
    bank.mintCoins(ctx, MINTER, nicoin(50n));
    bank.sendCoinsFromModuleToAccount(ctx, MINTER, alice, nicoin(20n));
    const state = snapshot();
    for (const amount of [0n, -5n]) {
      expect(codeOf(() => bank.sendCoins(ctx, alice, bob, nicoin(amount)))).toBe(10);
      expect(
        codeOf(() =>
          bank.inputOutputCoins(ctx, { address: alice, coins: nicoin(amount) }, [
            { address: bob, coins: nicoin(amount) },
          ]),
        ),
      ).toBe(10);
      expect(codeOf(() => bank.sendCoinsFromModuleToAccount(ctx, MINTER, bob, nicoin(amount)))).toBe(10);
      expect(codeOf(() => bank.mintCoins(ctx, MINTER, nicoin(amount)))).toBe(10);
      expect(codeOf(() => bank.burnCoins(ctx, MINTER, nicoin(amount)))).toBe(10);
    }
    expect(snapshot()).toBe(state);
  });
});

describe('module accounts, mint and burn', () => {
  it('mint creates the module account with the minter permission and raises the supply; burn lowers both', () => {
    const { auth, bank, ctx, events, balance } = setup();
    bank.mintCoins(ctx, MINTER, nicoin(1000n));
    const account = auth.getAccount(ctx, moduleAddress(MINTER), false)!;
    expect(account.module).toEqual({ name: MINTER, permissions: ['minter'] });
    expect(balance(moduleAddress(MINTER))).toBe(1000n);
    expect(bank.getSupply(ctx, 'nicoin').amount).toBe(1000n);
    expect(events.events().map((e) => e.type)).toEqual(['coin_received', 'coinbase']);
    bank.burnCoins(ctx, MINTER, nicoin(400n));
    expect(balance(moduleAddress(MINTER))).toBe(600n);
    expect(bank.getSupply(ctx, 'nicoin').amount).toBe(600n);
    expect(
      events
        .events()
        .map((e) => e.type)
        .slice(2),
    ).toEqual(['coin_spent', 'burn']);
  });

  it('burning more than the module holds is code 5 and leaves the supply alone', () => {
    const { bank, ctx } = setup();
    bank.mintCoins(ctx, MINTER, nicoin(10n));
    expect(codeOf(() => bank.burnCoins(ctx, MINTER, nicoin(11n)))).toBe(5);
    expect(bank.getSupply(ctx, 'nicoin').amount).toBe(10n);
  });

  it("account → module and module → account sends go through the module's address", () => {
    const { bank, ctx, balance } = setup();
    bank.mintCoins(ctx, MINTER, nicoin(10n));
    bank.sendCoinsFromModuleToAccount(ctx, MINTER, alice, nicoin(10n));
    bank.sendCoinsFromAccountToModule(ctx, alice, 'other_module', nicoin(4n));
    expect(balance(moduleAddress('other_module'))).toBe(4n);
    expect(codeOf(() => bank.sendCoinsFromModuleToAccount(ctx, 'other_module', bob, nicoin(5n)))).toBe(5);
  });

  it('inputOutputCoins debits once and credits each output with its own transfer event', () => {
    const { bank, ctx, events, balance } = setup();
    bank.mintCoins(ctx, MINTER, nicoin(10n));
    bank.sendCoinsFromModuleToAccount(ctx, MINTER, alice, nicoin(10n));
    const before = events.events().length;
    bank.inputOutputCoins(ctx, { address: alice, coins: nicoin(7n) }, [
      { address: bob, coins: nicoin(3n) },
      { address: carol, coins: nicoin(4n) },
    ]);
    expect([balance(alice), balance(bob), balance(carol)]).toEqual([3n, 3n, 4n]);
    expect(
      events
        .events()
        .slice(before)
        .map((e) => e.type),
    ).toEqual(['coin_spent', 'coin_received', 'transfer', 'coin_received', 'transfer']);
  });
});

describe('supply tracking', () => {
  type Op =
    | { kind: 'mint' | 'burn'; denom: number; amount: bigint }
    | { kind: 'send'; from: number; to: number; denom: number; amount: bigint };
  const DENOMS = ['nicoin', 'uatom'];
  const HOLDERS = [moduleAddress(MINTER), alice, bob, carol];
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({
      kind: fc.constantFrom('mint' as const, 'burn' as const),
      denom: fc.nat(1),
      amount: fc.bigInt(1n, 1000n),
    }),
    fc.record({
      kind: fc.constant('send' as const),
      from: fc.nat(3),
      to: fc.nat(3),
      denom: fc.nat(1),
      amount: fc.bigInt(1n, 1000n),
    }),
  );

  it('the sum of all balances equals the total supply after any mix of mints, burns and sends, failed ones included (property)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const { bank, ctx } = setup();
        const module = new BankModule(bank);
        for (const op of ops) {
          const coins = [{ denom: DENOMS[op.denom]!, amount: op.amount }];
          // Each op on its own branch, kept only on success, as a tx's message branch is.
          const b = ctx.branch();
          const [from, to] = op.kind === 'send' ? [HOLDERS[op.from]!, HOLDERS[op.to]!] : ['', ''];
          const code = codeOf(() => {
            if (op.kind === 'mint') bank.mintCoins(b.ctx, MINTER, coins);
            else if (op.kind === 'burn') bank.burnCoins(b.ctx, MINTER, coins);
            else bank.sendCoins(b.ctx, from, to, coins);
          });
          expect([0, 5]).toContain(code);
          if (code === 0) b.commit();
        }
        expect(module.invariants().map((inv) => inv.check(ctx))).toEqual([undefined, undefined]);
        for (const denom of DENOMS) {
          const held = bank
            .allAccountBalances(ctx)
            .reduce((sum, a) => sum + (a.coins.find((c) => c.denom === denom)?.amount ?? 0n), 0n);
          expect(held).toBe(bank.getSupply(ctx, denom).amount);
        }
      }),
    );
  });
});

describe('denom metadata', () => {
  it('is stored by base denom, overwritten by a new entry for the same base, and listed in base order', () => {
    const { bank, ctx } = setup();
    expect(bank.getDenomMetadata(ctx, 'nicoin')).toBeUndefined();
    const atom = {
      ...ICON_METADATA,
      base: 'uatom',
      display: 'atom',
      name: 'Atom',
      symbol: 'ATOM',
      denomUnits: [{ denom: 'uatom', exponent: 0, aliases: [] }],
    };
    bank.setDenomMetadata(ctx, ICON_METADATA);
    bank.setDenomMetadata(ctx, atom);
    expect(bank.getDenomMetadata(ctx, 'nicoin')).toEqual(ICON_METADATA);
    expect(bank.allDenomMetadata(ctx).map((m) => m.base)).toEqual(['nicoin', 'uatom']);
    bank.setDenomMetadata(ctx, { ...atom, symbol: 'ATOM2' });
    expect(bank.getDenomMetadata(ctx, 'uatom')!.symbol).toBe('ATOM2');
    expect(bank.allDenomMetadata(ctx)).toHaveLength(2);
  });
});
