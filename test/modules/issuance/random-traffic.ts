/**
 * Random traffic through the issuance module's money flow on a bare Context (no BaseApp, so a million operations
 * fit in minutes): paid inference, gas fees, block ends (day top-ups, epoch releases), gov burns, guard changes,
 * training-fund spending, bridge deposits, pool purchases and sell-backs,
 * with the cap, pot and bank balance-sum invariants checked after every operation. Used by the fast-check test and
 * by scripts/issuance-random-run.ts. Randomness is a seeded generator: a failing seed replays.
 */
import { Context } from '../../../chain/app/context.js';
import { SortedStore } from '../../../chain/store/sorted-store.js';
import { newInfiniteGasMeter } from '../../../chain/tx/gas.js';
import { EventManager } from '../../../chain/types/events.js';
import { silentLogger } from '../../../chain/util/log.js';
import { AuthKeeper } from '../../../modules/auth/keeper.js';
import { FEE_COLLECTOR, moduleAddress } from '../../../modules/auth/types.js';
import { BankKeeper } from '../../../modules/bank/keeper.js';
import { BankModule } from '../../../modules/bank/module.js';
import { initIssuanceGenesis, defaultIssuanceGenesis } from '../../../modules/issuance/genesis.js';
import { issuanceInvariants } from '../../../modules/issuance/invariants.js';
import { IssuanceKeeper } from '../../../modules/issuance/keeper.js';
import {
  bridgeDeposit,
  buyFromLiquidityPool,
  issuanceEndBlock,
  sellToLiquidityPool,
  settleInferenceFee,
} from '../../../modules/issuance/money-flow.js';
import { DEFAULT_QUOTE_DENOM as QUOTE } from '../../../modules/issuance/params.js';
import { SdkError } from '../../../chain/types/errors.js';
import { CORE_INCENTIVE, icons } from '../../../modules/issuance/supply.js';
import { TRAINING_FUND_ACCOUNT } from '../../../modules/issuance/keys.js';
import { testKey } from '../../chain/tx/fixtures.js';

const ESCROW = 'inference_escrow';
const nicoin = (amount: bigint) => [{ denom: 'nicoin', amount }];
const LOG = silentLogger();

/** A deliver Context at `height` over `store`, as a block's would be, with no gas limit. */
export function bareContext(store: SortedStore, height: number): Context {
  const block = { chainId: 'issuance-sim', height, timeNs: 0n, proposerAddress: new Uint8Array(0) };
  return new Context(store, block, newInfiniteGasMeter(), new EventManager(), 'deliver', LOG);
}

/** splitmix32: a small seeded generator (test randomness must replay). */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export interface TrafficResult {
  ops: number;
  height: number;
  coreMinted: bigint;
  supply: bigint;
  counts: Record<string, number>;
}

export class IssuanceTraffic {
  readonly auth = new AuthKeeper();
  readonly bank = new BankKeeper(this.auth);
  private readonly store = new SortedStore();
  private readonly rand: () => number;
  private readonly accounts = [1, 2, 3, 4, 5, 6].map((i) => testKey(i).address);
  /** Race weights of the first four accounts; the last two only pay. */
  private readonly weights = [5n, 3n, 1n, 1n];
  private height = 1;
  readonly keeper: IssuanceKeeper;
  private readonly invariants;
  readonly counts: Record<string, number> = {};

  constructor(
    seed: number,
    private readonly o = { blocksPerDay: 10n, daysPerYear: 50n, epochLength: 7 },
  ) {
    this.rand = generator(seed);
    this.keeper = new IssuanceKeeper({
      bank: this.bank,
      accounts: this.auth,
      weights: {
        participants: () => this.accounts.slice(0, 4).map((address, i) => ({ address, weight: this.weights[i]! })),
        isEpochEnd: (ctx) => ctx.block.height % this.o.epochLength === 0,
        weightOf: (_ctx, a) => this.weights[this.accounts.indexOf(a)] ?? 0n,
      },
    });
    const ctx = this.ctx();
    for (const a of this.accounts) {
      this.auth.createAccount(ctx, a);
      this.bank.setGenesisBalance(ctx, a, nicoin(icons(10_000_000n)));
    }
    this.bank.setSupply(ctx, { denom: 'nicoin', amount: icons(60_000_000n) });
    const g = defaultIssuanceGenesis();
    initIssuanceGenesis(ctx, this.keeper, {
      ...g,
      params: { ...g.params, bridge: this.accounts[5]! },
      calendar: { blocks_per_day: String(this.o.blocksPerDay), days_per_year: String(this.o.daysPerYear) },
    });
    this.invariants = [...issuanceInvariants(this.keeper), ...new BankModule(this.bank).invariants()];
  }

  private ctx(): Context {
    return bareContext(this.store, this.height);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[this.rand() % xs.length]!;
  }

  /** An amount up to the payer's balance, spread over many magnitudes (one nicoin to everything). */
  private amountOf(balance: bigint): bigint {
    if (balance === 0n) return 0n;
    const digits = BigInt(this.rand() % 19);
    const cap = 10n ** digits;
    const a = (BigInt(this.rand()) * cap) / 0xffffffffn + 1n;
    return a > balance ? balance : a;
  }

  private balance(ctx: Context, a: string): bigint {
    return this.bank.getBalance(ctx, a, 'nicoin', false).amount;
  }

  step(): void {
    const ctx = this.ctx();
    const r = this.rand() % 100;
    const payer = this.pick(this.accounts);
    let op: string;
    if (r < 55) {
      op = 'inference';
      const fee = this.amountOf(this.balance(ctx, payer));
      if (fee > 0n) {
        const executor = this.pick(this.accounts.slice(0, 4));
        this.bank.sendCoinsFromAccountToModule(ctx, payer, ESCROW, nicoin(fee));
        const taken = settleInferenceFee(ctx, this.keeper, { executor, fee, feeModule: ESCROW });
        // The executor's pay goes to it at once (verification, issue 14, is not modelled), so money keeps circulating.
        if (fee > taken) this.bank.sendCoins(ctx, moduleAddress(ESCROW), executor, nicoin(fee - taken));
      }
    } else if (r < 65) {
      op = 'gas';
      const fee = this.amountOf(this.balance(ctx, payer));
      if (fee > 0n) this.bank.sendCoinsFromAccountToModule(ctx, payer, FEE_COLLECTOR, nicoin(fee));
    } else if (r < 68) {
      op = 'burn';
      const amount = this.amountOf(this.balance(ctx, payer));
      if (amount > 0n) {
        this.bank.sendCoinsFromAccountToModule(ctx, payer, 'gov', nicoin(amount));
        this.bank.burnCoins(ctx, 'gov', nicoin(amount));
      }
    } else if (r < 69) {
      // The training issue spends the fund; without spending, the fund would end up holding every coin.
      op = 'training';
      const fund = this.balance(ctx, moduleAddress(TRAINING_FUND_ACCOUNT));
      if (fund > 0n) this.bank.sendCoins(ctx, moduleAddress(TRAINING_FUND_ACCOUNT), payer, nicoin(fund));
    } else if (r < 70) {
      op = 'guard';
      const guard = this.pick([
        { num: 0n, den: 1n },
        { num: 1n, den: 3n },
        { num: 1n, den: 1n },
      ]);
      this.keeper.setParams(ctx, { ...this.keeper.getParams(ctx), guardWeight: guard });
    } else if (r < 74) {
      op = 'deposit';
      bridgeDeposit(ctx, this.keeper, this.accounts[5]!, payer, this.amountOf(10n ** 15n));
    } else if (r < 78) {
      const paid = this.amountOf(this.bank.getBalance(ctx, payer, QUOTE, false).amount);
      op =
        paid > 0n && this.refusedBy(() => buyFromLiquidityPool(ctx, this.keeper, payer, paid)) ? 'buy-refused' : 'buy';
    } else if (r < 81) {
      const seller = this.pick(this.accounts.slice(0, 4));
      const n = this.amountOf(this.balance(ctx, seller));
      op = n > 0n && this.refusedBy(() => sellToLiquidityPool(ctx, this.keeper, seller, n)) ? 'sell-refused' : 'sell';
    } else {
      op = 'block';
      issuanceEndBlock(ctx, this.keeper);
      this.height++;
    }
    this.counts[op] = (this.counts[op] ?? 0) + 1;
    this.check();
  }

  /** Pays every account's whole balance as inference fees in per-request mode until the 600 M are minted. */
  exhaust(maxRounds = 10_000): void {
    this.keeper.setParams(this.ctx(), { ...this.keeper.getParams(this.ctx()), guardWeight: { num: 0n, den: 1n } });
    for (let i = 0; i < maxRounds && this.keeper.getTotals(this.ctx()).coreMinted < CORE_INCENTIVE; i++) {
      const ctx = this.ctx();
      for (const payer of this.accounts) {
        const fee = this.balance(ctx, payer);
        if (fee === 0n) continue;
        this.bank.sendCoinsFromAccountToModule(ctx, payer, ESCROW, nicoin(fee));
        const taken = settleInferenceFee(ctx, this.keeper, {
          executor: this.pick(this.accounts.slice(0, 4)),
          fee,
          feeModule: ESCROW,
        });
        // The pending pay goes straight back to the payer here, so money keeps circulating.
        if (fee > taken) this.bank.sendCoins(ctx, moduleAddress(ESCROW), payer, nicoin(fee - taken));
      }
      issuanceEndBlock(ctx, this.keeper);
      this.height++;
      this.check();
    }
  }

  /** True when the call was refused with the pool's own error (sold out, dust, no reserves), which writes nothing. */
  private refusedBy(f: () => void): boolean {
    try {
      f();
      return false;
    } catch (e) {
      if (e instanceof SdkError && e.codespace === 'issuance') return true;
      throw e;
    }
  }

  check(): void {
    const ctx = this.ctx();
    for (const inv of this.invariants) {
      const broken = inv.check(ctx);
      if (broken) throw new Error(`invariant ${inv.name} broken at height ${this.height}: ${broken}`);
    }
  }

  run(ops: number): TrafficResult {
    for (let i = 0; i < ops; i++) this.step();
    const ctx = this.ctx();
    const coreMinted = this.keeper.getTotals(ctx).coreMinted;
    if (coreMinted > CORE_INCENTIVE) throw new Error('core incentive past 600 M');
    return {
      ops,
      height: this.height,
      coreMinted,
      supply: this.bank.getSupply(ctx, 'nicoin').amount,
      counts: this.counts,
    };
  }
}
