import type { Context } from '../../chain/app/context.js';
import { fromBech32Checked } from '../../chain/crypto/address.js';
import { lengthPrefixed, prefixEnd, readU64Key, u64Key, type KVStore } from '../../chain/store/kv.js';
import { concatBytes } from '../../chain/types/bytes.js';
import {
  Calendar as ProtoCalendar,
  IssuanceState,
  Params,
  PotEntry,
} from '../../proto/gen/race/issuance/v1/issuance.js';
import { PAPER_CALENDAR, type Calendar } from './calendar.js';
import type { IssuanceAccounts, IssuanceBank, IssuanceWeights } from './expected-keepers.js';
import { ISSUANCE_STORE_KEY, IssuancePrefix } from './keys.js';
import { settleInferenceFee } from './money-flow.js';
import {
  calendarFromProto,
  DEFAULT_ISSUANCE_PARAMS,
  issuanceParamsFromProto,
  issuanceParamsToProto,
  type IssuanceParams,
} from './params.js';

export interface IssuanceKeeperDeps {
  bank: IssuanceBank;
  accounts: IssuanceAccounts;
  weights: IssuanceWeights;
}

/** What has been minted so far, in nicoin (proto IssuanceState with bigints). */
export interface IssuanceTotals {
  coreMinted: bigint;
  foundersIssued: bigint;
  dayDemandMinted: bigint;
  feesPaid: bigint;
  topUpMinted: bigint;
  trainingFundReceived: bigint;
  poolSold: bigint;
  poolReserves: bigint;
  poolBoughtBack: bigint;
  additionalIssued: bigint;
}

/** Every nicoin the allocations issued: the bank's supply can never be above it (gov burns make it lower). */
export const issuedTotal = (t: IssuanceTotals): bigint =>
  t.coreMinted + t.foundersIssued + t.poolSold + t.additionalIssued;

export const ZERO_TOTALS: IssuanceTotals = {
  coreMinted: 0n,
  foundersIssued: 0n,
  dayDemandMinted: 0n,
  feesPaid: 0n,
  topUpMinted: 0n,
  trainingFundReceived: 0n,
  poolSold: 0n,
  poolReserves: 0n,
  poolBoughtBack: 0n,
  additionalIssued: 0n,
};

const TOTAL_FIELDS = Object.keys(ZERO_TOTALS) as Array<keyof IssuanceTotals>;

export function totalsToProto(t: IssuanceTotals): IssuanceState {
  return Object.fromEntries(TOTAL_FIELDS.map((f) => [f, t[f].toString()])) as unknown as IssuanceState;
}

export function totalsFromProto(s: IssuanceState): IssuanceTotals {
  return Object.fromEntries(TOTAL_FIELDS.map((f) => [f, BigInt(s[f] || '0')])) as unknown as IssuanceTotals;
}

const potKey = (addr: string) =>
  concatBytes(Uint8Array.of(IssuancePrefix.Pot), lengthPrefixed(fromBech32Checked(addr)));

/** The issuance module's state: params, the genesis calendar, the minted totals and the reward pot's ledger. */
export class IssuanceKeeper {
  constructor(readonly deps: IssuanceKeeperDeps) {}

  /** Unmetered, like the bank's supply: this is bookkeeping of the chain's own, and a paid request's gas stays bounded. */
  private kv(ctx: Context): KVStore {
    return ctx.kvFree(ISSUANCE_STORE_KEY);
  }

  getParams(ctx: Context): IssuanceParams {
    const raw = this.kv(ctx).get(Uint8Array.of(IssuancePrefix.Params));
    return raw ? issuanceParamsFromProto(Params.decode(raw)) : DEFAULT_ISSUANCE_PARAMS;
  }

  setParams(ctx: Context, p: IssuanceParams): void {
    this.kv(ctx).set(Uint8Array.of(IssuancePrefix.Params), Params.encode(issuanceParamsToProto(p)).finish());
  }

  getCalendar(ctx: Context): Calendar {
    const raw = this.kv(ctx).get(Uint8Array.of(IssuancePrefix.Calendar));
    return raw ? calendarFromProto(ProtoCalendar.decode(raw)) : PAPER_CALENDAR;
  }

  /** Genesis only: no message writes the calendar. */
  setCalendar(ctx: Context, c: Calendar): void {
    this.kv(ctx).set(
      Uint8Array.of(IssuancePrefix.Calendar),
      ProtoCalendar.encode({ blocksPerDay: c.blocksPerDay, daysPerYear: c.daysPerYear }).finish(),
    );
  }

  /** Every how many blocks EndBlock checks the invariants (genesis only; devnets 1, production 0). */
  getInvariantCheckBlocks(ctx: Context): bigint {
    const raw = this.kv(ctx).get(Uint8Array.of(IssuancePrefix.InvariantCheck));
    return raw ? readU64Key(raw) : 0n;
  }

  setInvariantCheckBlocks(ctx: Context, n: bigint): void {
    this.kv(ctx).set(Uint8Array.of(IssuancePrefix.InvariantCheck), u64Key(n));
  }

  getTotals(ctx: Context): IssuanceTotals {
    const raw = this.kv(ctx).get(Uint8Array.of(IssuancePrefix.State));
    return raw ? totalsFromProto(IssuanceState.decode(raw)) : ZERO_TOTALS;
  }

  setTotals(ctx: Context, t: IssuanceTotals): void {
    this.kv(ctx).set(Uint8Array.of(IssuancePrefix.State), IssuanceState.encode(totalsToProto(t)).finish());
  }

  updateTotals(ctx: Context, f: (t: IssuanceTotals) => IssuanceTotals): void {
    this.setTotals(ctx, f(this.getTotals(ctx)));
  }

  potEntry(ctx: Context, address: string): bigint {
    const raw = this.kv(ctx).get(potKey(address));
    return raw ? BigInt(PotEntry.decode(raw).amount) : 0n;
  }

  setPotEntry(ctx: Context, address: string, amount: bigint): void {
    if (amount === 0n) this.kv(ctx).delete(potKey(address));
    else this.kv(ctx).set(potKey(address), PotEntry.encode({ address, amount: amount.toString() }).finish());
  }

  /** The inference module's settlement hook (money-flow.ts settleInferenceFee). */
  inferencePaid(ctx: Context, p: { executor: string; fee: bigint; feeModule: string }): bigint {
    return settleInferenceFee(ctx, this, p);
  }

  /** Every address the pot holds coins for, ordered by address bytes. */
  potEntries(ctx: Context): Array<{ address: string; amount: bigint }> {
    const start = Uint8Array.of(IssuancePrefix.Pot);
    return [...this.kv(ctx).iterate(start, prefixEnd(start))].map(([, v]) => {
      const e = PotEntry.decode(v);
      return { address: e.address, amount: BigInt(e.amount) };
    });
  }
}
