import { BaseAccount, ModuleAccount, Params as ProtoParams } from 'cosmjs-types/cosmos/auth/v1beta1/auth';
import { PubKey as Secp256k1PubKey } from 'cosmjs-types/cosmos/crypto/secp256k1/keys';
import { Any } from 'cosmjs-types/google/protobuf/any';
import {
  BaseVestingAccount,
  ContinuousVestingAccount,
  DelayedVestingAccount,
} from 'cosmjs-types/cosmos/vesting/v1beta1/vesting';
import { coinFromProto, coinToProto } from '../../chain/types/coins.js';
import type { Vesting } from './vesting.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { toBech32 } from '../../chain/crypto/address.js';
import { utf8 } from '../../chain/store/kv.js';

export const BASE_ACCOUNT_URL = '/cosmos.auth.v1beta1.BaseAccount';
export const MODULE_ACCOUNT_URL = '/cosmos.auth.v1beta1.ModuleAccount';
export const CONTINUOUS_VESTING_URL = '/cosmos.vesting.v1beta1.ContinuousVestingAccount';
export const DELAYED_VESTING_URL = '/cosmos.vesting.v1beta1.DelayedVestingAccount';
export const SECP256K1_PUBKEY_URL = '/cosmos.crypto.secp256k1.PubKey';

export interface Account {
  address: string;
  /** 33-byte compressed secp256k1 key, set by the account's first tx. */
  pubKey?: Uint8Array;
  accountNumber: bigint;
  sequence: bigint;
  /** Present for module accounts (fee_collector, gov, …). */
  module?: { name: string; permissions: string[] };
  /** Present for vesting accounts (the founders' allocation): locked coins cannot be sent. */
  vesting?: Vesting;
}

export interface AuthParams {
  maxMemoCharacters: bigint;
  txSigLimit: bigint;
  txSizeCostPerByte: bigint;
  sigVerifyCostEd25519: bigint;
  sigVerifyCostSecp256k1: bigint;
}

export const DEFAULT_AUTH_PARAMS: AuthParams = {
  maxMemoCharacters: 256n,
  txSigLimit: 7n,
  txSizeCostPerByte: 10n,
  sigVerifyCostEd25519: 590n,
  sigVerifyCostSecp256k1: 1000n,
};

export const FEE_COLLECTOR = 'fee_collector';

const moduleAddresses = new Map<string, string>();

/** The SDK's module address: sha256(module name)[:20]. Memoized: block hooks ask for the same few names every block. */
export function moduleAddress(name: string): string {
  let a = moduleAddresses.get(name);
  if (a === undefined) {
    a = toBech32(sha256(utf8(name)).subarray(0, 20));
    moduleAddresses.set(name, a);
  }
  return a;
}

export function pubKeyToAny(pub: Uint8Array): Any {
  return Any.fromPartial({ typeUrl: SECP256K1_PUBKEY_URL, value: Secp256k1PubKey.encode({ key: pub }).finish() });
}

function baseAccountProto(a: Account): BaseAccount {
  return BaseAccount.fromPartial({
    address: a.address,
    pubKey: a.pubKey ? pubKeyToAny(a.pubKey) : undefined,
    accountNumber: a.accountNumber,
    sequence: a.sequence,
  });
}

/** Accounts are stored as the Any that queries return, so a query is a plain read. */
export function accountToAny(a: Account): Any {
  if (a.module) {
    return Any.fromPartial({
      typeUrl: MODULE_ACCOUNT_URL,
      value: ModuleAccount.encode({
        baseAccount: baseAccountProto(a),
        name: a.module.name,
        permissions: a.module.permissions,
      }).finish(),
    });
  }
  if (a.vesting) return vestingToAny(a, a.vesting);
  return Any.fromPartial({ typeUrl: BASE_ACCOUNT_URL, value: BaseAccount.encode(baseAccountProto(a)).finish() });
}

function vestingToAny(a: Account, v: Vesting): Any {
  const base = BaseVestingAccount.fromPartial({
    baseAccount: baseAccountProto(a),
    originalVesting: v.originalVesting.map(coinToProto),
    endTime: v.endTime,
  });
  if (v.kind === 'delayed')
    return Any.fromPartial({
      typeUrl: DELAYED_VESTING_URL,
      value: DelayedVestingAccount.encode({ baseVestingAccount: base }).finish(),
    });
  return Any.fromPartial({
    typeUrl: CONTINUOUS_VESTING_URL,
    value: ContinuousVestingAccount.encode({ baseVestingAccount: base, startTime: v.startTime }).finish(),
  });
}

function fromVesting(kind: Vesting['kind'], b: BaseVestingAccount | undefined, startTime: bigint): Account {
  return {
    ...fromBase(b?.baseAccount ?? BaseAccount.fromPartial({})),
    vesting: {
      kind,
      originalVesting: (b?.originalVesting ?? []).map(coinFromProto),
      startTime,
      endTime: b?.endTime ?? 0n,
    },
  };
}

function fromBase(b: BaseAccount): Account {
  let pubKey: Uint8Array | undefined;
  if (b.pubKey && b.pubKey.typeUrl === SECP256K1_PUBKEY_URL) pubKey = Secp256k1PubKey.decode(b.pubKey.value).key;
  return { address: b.address, pubKey, accountNumber: b.accountNumber, sequence: b.sequence };
}

export function accountFromAny(any: Any): Account {
  if (any.typeUrl === BASE_ACCOUNT_URL) return fromBase(BaseAccount.decode(any.value));
  if (any.typeUrl === MODULE_ACCOUNT_URL) {
    const m = ModuleAccount.decode(any.value);
    return {
      ...fromBase(m.baseAccount ?? BaseAccount.fromPartial({})),
      module: { name: m.name, permissions: m.permissions },
    };
  }
  if (any.typeUrl === CONTINUOUS_VESTING_URL) {
    const c = ContinuousVestingAccount.decode(any.value);
    return fromVesting('continuous', c.baseVestingAccount, c.startTime);
  }
  if (any.typeUrl === DELAYED_VESTING_URL) {
    const d = DelayedVestingAccount.decode(any.value);
    return fromVesting('delayed', d.baseVestingAccount, 0n);
  }
  throw new Error(`unsupported account type ${any.typeUrl}`);
}

export function paramsToProto(p: AuthParams): ProtoParams {
  return ProtoParams.fromPartial(p);
}

export function paramsFromProto(p: ProtoParams): AuthParams {
  return {
    maxMemoCharacters: p.maxMemoCharacters,
    txSigLimit: p.txSigLimit,
    txSizeCostPerByte: p.txSizeCostPerByte,
    sigVerifyCostEd25519: p.sigVerifyCostEd25519,
    sigVerifyCostSecp256k1: p.sigVerifyCostSecp256k1,
  };
}
