import { Params as ProtoParams } from 'cosmjs-types/cosmos/auth/v1beta1/auth';
import { Any } from 'cosmjs-types/google/protobuf/any';
import { fromBech32Checked, toBech32 } from '../../chain/crypto/address.js';
import type { Context } from '../../chain/app/context.js';
import { u64Key, readU64Key, type KVStore } from '../../chain/store/kv.js';
import { concatBytes } from '../../chain/types/bytes.js';
import { AUTH_STORE_KEY, AuthPrefix } from './keys.js';
import {
  accountFromAny,
  accountToAny,
  DEFAULT_AUTH_PARAMS,
  moduleAddress,
  paramsFromProto,
  paramsToProto,
  type Account,
  type AuthParams,
} from './types.js';

const p = (prefix: AuthPrefix, ...rest: Uint8Array[]) => concatBytes(Uint8Array.of(prefix), ...rest);

/** Accounts with numbers and sequences, module accounts, and the auth params. */
export class AuthKeeper {
  private store(ctx: Context, metered: boolean): KVStore {
    return metered ? ctx.kv(AUTH_STORE_KEY) : ctx.kvFree(AUTH_STORE_KEY);
  }

  getAccount(ctx: Context, address: string, metered = true): Account | undefined {
    const raw = this.store(ctx, metered).get(p(AuthPrefix.Account, fromBech32Checked(address)));
    return raw ? accountFromAny(Any.decode(raw)) : undefined;
  }

  hasAccount(ctx: Context, address: string): boolean {
    return this.store(ctx, true).has(p(AuthPrefix.Account, fromBech32Checked(address)));
  }

  setAccount(ctx: Context, account: Account, metered = true): void {
    const bytes = Any.encode(accountToAny(account)).finish();
    this.store(ctx, metered).set(p(AuthPrefix.Account, fromBech32Checked(account.address)), bytes);
  }

  /** A new account with the next account number (the SDK's NewAccountWithAddress + SetAccount). */
  createAccount(ctx: Context, address: string): Account {
    const account: Account = { address, accountNumber: this.nextAccountNumber(ctx), sequence: 0n };
    this.setAccount(ctx, account);
    return account;
  }

  /** The module's account, created on first use. */
  getOrCreateModuleAccount(ctx: Context, name: string, permissions: string[] = []): Account {
    const address = moduleAddress(name);
    const existing = this.getAccount(ctx, address, false);
    if (existing) return existing;
    const account: Account = {
      address,
      accountNumber: this.nextAccountNumber(ctx, false),
      sequence: 0n,
      module: { name, permissions },
    };
    this.setAccount(ctx, account, false);
    return account;
  }

  nextAccountNumber(ctx: Context, metered = true): bigint {
    const s = this.store(ctx, metered);
    const raw = s.get(Uint8Array.of(AuthPrefix.GlobalAccountNumber));
    const n = raw ? readU64Key(raw) : 0n;
    s.set(Uint8Array.of(AuthPrefix.GlobalAccountNumber), u64Key(n + 1n));
    return n;
  }

  setNextAccountNumber(ctx: Context, n: bigint): void {
    ctx.kvFree(AUTH_STORE_KEY).set(Uint8Array.of(AuthPrefix.GlobalAccountNumber), u64Key(n));
  }

  /** Every account, ordered by address bytes. */
  *accounts(ctx: Context): Iterable<Account> {
    const start = Uint8Array.of(AuthPrefix.Account);
    const end = Uint8Array.of(AuthPrefix.Account + 1);
    for (const [, v] of ctx.kvFree(AUTH_STORE_KEY).iterate(start, end)) yield accountFromAny(Any.decode(v));
  }

  /** Raw stored Any of an account, for queries (no re-encoding). */
  accountAnyBytes(ctx: Context, address: string): Uint8Array | undefined {
    return ctx.kvFree(AUTH_STORE_KEY).get(p(AuthPrefix.Account, fromBech32Checked(address)));
  }

  accountKeyIterator(ctx: Context): KVStore {
    return ctx.kvFree(AUTH_STORE_KEY);
  }

  getParams(ctx: Context): AuthParams {
    const raw = ctx.kvFree(AUTH_STORE_KEY).get(Uint8Array.of(AuthPrefix.Params));
    return raw ? paramsFromProto(ProtoParams.decode(raw)) : DEFAULT_AUTH_PARAMS;
  }

  setParams(ctx: Context, params: AuthParams): void {
    ctx
      .kvFree(AUTH_STORE_KEY)
      .set(Uint8Array.of(AuthPrefix.Params), ProtoParams.encode(paramsToProto(params)).finish());
  }

  addressFromBytes(bytes: Uint8Array): string {
    return toBech32(bytes);
  }
}
