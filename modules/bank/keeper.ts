import { Metadata, Params as ProtoParams } from 'cosmjs-types/cosmos/bank/v1beta1/bank';
import type { Context } from '../../chain/app/context.js';
import { fromBech32Checked, toBech32 } from '../../chain/crypto/address.js';
import { fromUtf8, lengthPrefixed, prefixEnd, utf8, type KVStore } from '../../chain/store/kv.js';
import { concatBytes } from '../../chain/types/bytes.js';
import { coinsToString, validateCoins, type Coin } from '../../chain/types/coins.js';
import { Errors } from '../../chain/types/errors.js';
import { event } from '../../chain/types/events.js';
import { moduleAddress } from '../auth/types.js';
import { lockedAmount, type Vesting } from '../auth/vesting.js';
import { BANK_STORE_KEY, BankPrefix } from './keys.js';

/** What bank needs from auth (the SDK's expected keeper): accounts exist once they hold funds. */
export interface BankAccountKeeper {
  hasAccount(ctx: Context, address: string): boolean;
  createAccount(ctx: Context, address: string): unknown;
  getOrCreateModuleAccount(ctx: Context, name: string, permissions?: string[]): { address: string };
  /** Vesting accounts (modules/auth/vesting.ts): their locked coins cannot be spent. */
  getAccount?(ctx: Context, address: string, metered?: boolean): { vesting?: Vesting } | undefined;
}

export interface BankParams {
  defaultSendEnabled: boolean;
}

const balanceKey = (addr: Uint8Array, denom: string) =>
  concatBytes(Uint8Array.of(BankPrefix.Balances), lengthPrefixed(addr), utf8(denom));
const supplyKey = (denom: string) => concatBytes(Uint8Array.of(BankPrefix.Supply), utf8(denom));
const metadataKey = (denom: string) => concatBytes(Uint8Array.of(BankPrefix.DenomMetadata), utf8(denom));

/** Amounts are stored as decimal strings, as the SDK's math.Int marshals. */
const encAmount = (a: bigint) => utf8(a.toString());
const decAmount = (b: Uint8Array) => BigInt(fromUtf8(b));

/**
 * Every call that moves coins first validates them as the SDK's keeper does (Coins.IsValid: positive, sorted, no
 * duplicates, code 10): a negative amount would otherwise credit the sender and debit the recipient.
 */
export class BankKeeper {
  constructor(private readonly accounts: BankAccountKeeper) {}

  private kv(ctx: Context, metered: boolean): KVStore {
    return metered ? ctx.kv(BANK_STORE_KEY) : ctx.kvFree(BANK_STORE_KEY);
  }

  getBalance(ctx: Context, address: string, denom: string, metered = true): Coin {
    const raw = this.kv(ctx, metered).get(balanceKey(fromBech32Checked(address), denom));
    return { denom, amount: raw ? decAmount(raw) : 0n };
  }

  getAllBalances(ctx: Context, address: string, metered = false): Coin[] {
    const prefix = concatBytes(Uint8Array.of(BankPrefix.Balances), lengthPrefixed(fromBech32Checked(address)));
    const out: Coin[] = [];
    for (const [k, v] of this.kv(ctx, metered).iterate(prefix, prefixEnd(prefix))) {
      out.push({ denom: fromUtf8(k.subarray(prefix.length)), amount: decAmount(v) });
    }
    return out;
  }

  /** Every (address, balances) pair, ordered by address bytes: genesis export and invariants. */
  allAccountBalances(ctx: Context): Array<{ address: string; coins: Coin[] }> {
    const start = Uint8Array.of(BankPrefix.Balances);
    const out: Array<{ address: string; coins: Coin[] }> = [];
    for (const [k, v] of this.kv(ctx, false).iterate(start, Uint8Array.of(BankPrefix.Balances + 1))) {
      const len = k[1]!;
      const address = toBech32(k.subarray(2, 2 + len));
      const denom = fromUtf8(k.subarray(2 + len));
      const last = out[out.length - 1];
      if (last && last.address === address) last.coins.push({ denom, amount: decAmount(v) });
      else out.push({ address, coins: [{ denom, amount: decAmount(v) }] });
    }
    return out;
  }

  private setBalance(ctx: Context, address: string, c: Coin, metered: boolean): void {
    const key = balanceKey(fromBech32Checked(address), c.denom);
    if (c.amount === 0n) this.kv(ctx, metered).delete(key);
    else this.kv(ctx, metered).set(key, encAmount(c.amount));
  }

  /** A vesting account's schedule, read without gas so that sends cost what they did before vesting existed. */
  private vestingOf(ctx: Context, address: string): Vesting | undefined {
    return this.accounts.getAccount?.(ctx, address, false)?.vesting;
  }

  /** Spendable = balances minus a vesting account's locked coins at this block's time. */
  spendableCoins(ctx: Context, address: string): Coin[] {
    const v = this.vestingOf(ctx, address);
    return this.getAllBalances(ctx, address)
      .map((c) => ({ denom: c.denom, amount: c.amount - lockedAmount(v, c.denom, ctx.block.timeNs) }))
      .filter((c) => c.amount > 0n);
  }

  private subUnlocked(ctx: Context, address: string, coins: readonly Coin[], metered: boolean): void {
    const vesting = this.vestingOf(ctx, address);
    for (const c of coins) {
      const have = this.getBalance(ctx, address, c.denom, metered);
      const spendable = have.amount - lockedAmount(vesting, c.denom, ctx.block.timeNs);
      if (spendable < c.amount) {
        throw Errors.InsufficientFunds.wrap(
          `spendable balance ${spendable < 0n ? 0n : spendable}${c.denom} is smaller than ${c.amount}${c.denom}`,
        );
      }
      this.setBalance(ctx, address, { denom: c.denom, amount: have.amount - c.amount }, metered);
    }
    ctx.events.emit(
      event('coin_spent', [
        ['spender', address],
        ['amount', coinsToString(coins)],
      ]),
    );
  }

  private addCoins(ctx: Context, address: string, coins: readonly Coin[], metered: boolean): void {
    for (const c of coins) {
      const have = this.getBalance(ctx, address, c.denom, metered);
      this.setBalance(ctx, address, { denom: c.denom, amount: have.amount + c.amount }, metered);
    }
    ctx.events.emit(
      event('coin_received', [
        ['receiver', address],
        ['amount', coinsToString(coins)],
      ]),
    );
  }

  /** The SDK's SendCoins, with its events in its order; creates the recipient's account if needed. */
  sendCoins(ctx: Context, from: string, to: string, coins: readonly Coin[]): void {
    validateCoins(coins);
    this.subUnlocked(ctx, from, coins, true);
    this.addCoins(ctx, to, coins, true);
    if (!this.accounts.hasAccount(ctx, to)) this.accounts.createAccount(ctx, to);
    ctx.events.emit(
      event('transfer', [
        ['recipient', to],
        ['sender', from],
        ['amount', coinsToString(coins)],
      ]),
    );
    ctx.events.emit(event('message', [['sender', from]]));
  }

  /** MsgMultiSend (the SDK's InputOutputCoins): one debit, then a credit and a transfer event per output. */
  inputOutputCoins(
    ctx: Context,
    input: { address: string; coins: Coin[] },
    outputs: Array<{ address: string; coins: Coin[] }>,
  ): void {
    for (const coins of [input.coins, ...outputs.map((o) => o.coins)]) validateCoins(coins);
    this.subUnlocked(ctx, input.address, input.coins, true);
    for (const o of outputs) {
      this.addCoins(ctx, o.address, o.coins, true);
      if (!this.accounts.hasAccount(ctx, o.address)) this.accounts.createAccount(ctx, o.address);
      ctx.events.emit(
        event('transfer', [
          ['recipient', o.address],
          ['sender', input.address],
          ['amount', coinsToString(o.coins)],
        ]),
      );
    }
  }

  sendCoinsFromAccountToModule(ctx: Context, from: string, module: string, coins: readonly Coin[]): void {
    validateCoins(coins);
    const acc = this.accounts.getOrCreateModuleAccount(ctx, module);
    this.sendCoins(ctx, from, acc.address, coins);
  }

  sendCoinsFromModuleToAccount(ctx: Context, module: string, to: string, coins: readonly Coin[]): void {
    this.sendCoins(ctx, moduleAddress(module), to, coins);
  }

  mintCoins(ctx: Context, module: string, coins: readonly Coin[]): void {
    validateCoins(coins);
    const acc = this.accounts.getOrCreateModuleAccount(ctx, module, ['minter']);
    this.addCoins(ctx, acc.address, coins, false);
    for (const c of coins)
      this.setSupply(ctx, { denom: c.denom, amount: this.getSupply(ctx, c.denom).amount + c.amount });
    ctx.events.emit(
      event('coinbase', [
        ['minter', acc.address],
        ['amount', coinsToString(coins)],
      ]),
    );
  }

  burnCoins(ctx: Context, module: string, coins: readonly Coin[]): void {
    validateCoins(coins);
    const address = moduleAddress(module);
    this.subUnlocked(ctx, address, coins, false);
    for (const c of coins)
      this.setSupply(ctx, { denom: c.denom, amount: this.getSupply(ctx, c.denom).amount - c.amount });
    ctx.events.emit(
      event('burn', [
        ['burner', address],
        ['amount', coinsToString(coins)],
      ]),
    );
  }

  /** Genesis import: balances are written without events or gas. */
  setGenesisBalance(ctx: Context, address: string, coins: readonly Coin[]): void {
    for (const c of coins) this.setBalance(ctx, address, c, false);
  }

  getSupply(ctx: Context, denom: string): Coin {
    const raw = ctx.kvFree(BANK_STORE_KEY).get(supplyKey(denom));
    return { denom, amount: raw ? decAmount(raw) : 0n };
  }

  setSupply(ctx: Context, c: Coin): void {
    if (c.amount === 0n) ctx.kvFree(BANK_STORE_KEY).delete(supplyKey(c.denom));
    else ctx.kvFree(BANK_STORE_KEY).set(supplyKey(c.denom), encAmount(c.amount));
  }

  totalSupply(ctx: Context): Coin[] {
    const out: Coin[] = [];
    for (const [k, v] of ctx
      .kvFree(BANK_STORE_KEY)
      .iterate(Uint8Array.of(BankPrefix.Supply), Uint8Array.of(BankPrefix.Supply + 1))) {
      out.push({ denom: fromUtf8(k.subarray(1)), amount: decAmount(v) });
    }
    return out;
  }

  getDenomMetadata(ctx: Context, denom: string): Metadata | undefined {
    const raw = ctx.kvFree(BANK_STORE_KEY).get(metadataKey(denom));
    return raw ? Metadata.decode(raw) : undefined;
  }

  setDenomMetadata(ctx: Context, md: Metadata): void {
    ctx.kvFree(BANK_STORE_KEY).set(metadataKey(md.base), Metadata.encode(md).finish());
  }

  allDenomMetadata(ctx: Context): Metadata[] {
    const out: Metadata[] = [];
    const s = Uint8Array.of(BankPrefix.DenomMetadata);
    for (const [, v] of ctx.kvFree(BANK_STORE_KEY).iterate(s, Uint8Array.of(BankPrefix.DenomMetadata + 1)))
      out.push(Metadata.decode(v));
    return out;
  }

  getParams(ctx: Context): BankParams {
    const raw = ctx.kvFree(BANK_STORE_KEY).get(Uint8Array.of(BankPrefix.Params));
    return raw ? { defaultSendEnabled: ProtoParams.decode(raw).defaultSendEnabled } : { defaultSendEnabled: true };
  }

  setParams(ctx: Context, params: BankParams): void {
    ctx
      .kvFree(BANK_STORE_KEY)
      .set(
        Uint8Array.of(BankPrefix.Params),
        ProtoParams.encode({ sendEnabled: [], defaultSendEnabled: params.defaultSendEnabled }).finish(),
      );
  }
}
