import type { Context } from '../../chain/app/context.js';
import { isValidAddress } from '../../chain/crypto/address.js';
import type { AuthKeeper } from './keeper.js';
import { coinFromProto, coinToProto, validateCoins, type Coin } from '../../chain/types/coins.js';
import type { Vesting } from './vesting.js';
import {
  BASE_ACCOUNT_URL,
  CONTINUOUS_VESTING_URL,
  DELAYED_VESTING_URL,
  DEFAULT_AUTH_PARAMS,
  MODULE_ACCOUNT_URL,
  SECP256K1_PUBKEY_URL,
  type Account,
  type AuthParams,
} from './types.js';
import { toBase64 } from '../../chain/types/bytes.js';

/** The SDK's auth genesis JSON: params with int64 as strings, accounts as Any JSON with "@type". */
export interface AuthGenesis {
  params: Record<keyof typeof PARAM_KEYS, string>;
  accounts: AccountJson[];
}

interface BaseAccountJson {
  address: string;
  pub_key: { '@type': string; key: string } | null;
  account_number: string;
  sequence: string;
}

interface BaseVestingJson {
  base_account: BaseAccountJson;
  original_vesting: Array<{ denom: string; amount: string }>;
  delegated_free: Array<{ denom: string; amount: string }>;
  delegated_vesting: Array<{ denom: string; amount: string }>;
  end_time: string;
}

type AccountJson =
  | ({ '@type': typeof BASE_ACCOUNT_URL } & BaseAccountJson)
  | { '@type': typeof MODULE_ACCOUNT_URL; base_account: BaseAccountJson; name: string; permissions: string[] }
  | { '@type': typeof CONTINUOUS_VESTING_URL; base_vesting_account: BaseVestingJson; start_time: string }
  | { '@type': typeof DELAYED_VESTING_URL; base_vesting_account: BaseVestingJson };

const PARAM_KEYS = {
  max_memo_characters: 'maxMemoCharacters',
  tx_sig_limit: 'txSigLimit',
  tx_size_cost_per_byte: 'txSizeCostPerByte',
  sig_verify_cost_ed25519: 'sigVerifyCostEd25519',
  sig_verify_cost_secp256k1: 'sigVerifyCostSecp256k1',
} as const;

function paramsToJson(p: AuthParams): AuthGenesis['params'] {
  const out = {} as AuthGenesis['params'];
  for (const [json, key] of Object.entries(PARAM_KEYS)) out[json as keyof typeof PARAM_KEYS] = p[key].toString();
  return out;
}

function paramsFromJson(j: Partial<AuthGenesis['params']> | undefined): AuthParams {
  const out = { ...DEFAULT_AUTH_PARAMS };
  for (const [json, key] of Object.entries(PARAM_KEYS)) {
    const v = j?.[json as keyof typeof PARAM_KEYS];
    if (v === undefined) continue;
    if (!/^[0-9]+$/.test(String(v)))
      throw new Error(`auth param ${json} must be a non-negative integer string, got ${JSON.stringify(v)}`);
    out[key] = BigInt(v);
  }
  return out;
}

function baseToJson(a: Account): BaseAccountJson {
  return {
    address: a.address,
    pub_key: a.pubKey ? { '@type': SECP256K1_PUBKEY_URL, key: toBase64(a.pubKey) } : null,
    account_number: a.accountNumber.toString(),
    sequence: a.sequence.toString(),
  };
}

function baseFromJson(j: BaseAccountJson): Account {
  if (!j || !isValidAddress(j.address)) throw new Error(`invalid account address ${j?.address}`);
  if (!/^[0-9]+$/.test(String(j.account_number ?? '0')) || !/^[0-9]+$/.test(String(j.sequence ?? '0'))) {
    throw new Error(`account ${j.address}: account_number and sequence must be integer strings`);
  }
  let pubKey: Uint8Array | undefined;
  if (j.pub_key) {
    if (j.pub_key['@type'] !== SECP256K1_PUBKEY_URL)
      throw new Error(`account ${j.address}: unsupported pub_key type ${j.pub_key['@type']}`);
    pubKey = Uint8Array.from(Buffer.from(j.pub_key.key, 'base64'));
    if (pubKey.length !== 33) throw new Error(`account ${j.address}: pub_key must be 33 bytes`);
  }
  return {
    address: j.address,
    pubKey,
    accountNumber: BigInt(j.account_number ?? '0'),
    sequence: BigInt(j.sequence ?? '0'),
  };
}

function vestingToJson(a: Account, v: Vesting): BaseVestingJson {
  return {
    base_account: baseToJson(a),
    original_vesting: v.originalVesting.map(coinToProto),
    delegated_free: [],
    delegated_vesting: [],
    end_time: v.endTime.toString(),
  };
}

/** A vesting account's JSON (the SDK's genesis shape): its original vesting must be valid coins and end after it starts. */
function vestingFromJson(kind: Vesting['kind'], j: BaseVestingJson, start: unknown): Account {
  const account = baseFromJson(j?.base_account);
  const time = (v: unknown, what: string) => {
    if (!/^[0-9]{1,19}$/.test(String(v))) throw new Error(`account ${account.address}: ${what} must be Unix seconds`);
    return BigInt(String(v));
  };
  const endTime = time(j.end_time, 'end_time');
  const startTime = kind === 'continuous' ? time(start, 'start_time') : 0n;
  if (kind === 'continuous' && endTime <= startTime)
    throw new Error(`account ${account.address}: end_time must be after start_time`);
  const originalVesting = validateCoins((j.original_vesting ?? []).map(coinFromProto)) as Coin[];
  if (originalVesting.length === 0) throw new Error(`account ${account.address}: original_vesting is empty`);
  return { ...account, vesting: { kind, originalVesting, startTime, endTime } };
}

export function accountToJson(a: Account): AccountJson {
  if (a.vesting?.kind === 'continuous')
    return {
      '@type': CONTINUOUS_VESTING_URL,
      base_vesting_account: vestingToJson(a, a.vesting),
      start_time: a.vesting.startTime.toString(),
    };
  if (a.vesting) return { '@type': DELAYED_VESTING_URL, base_vesting_account: vestingToJson(a, a.vesting) };
  if (a.module)
    return {
      '@type': MODULE_ACCOUNT_URL,
      base_account: baseToJson(a),
      name: a.module.name,
      permissions: a.module.permissions,
    };
  return { '@type': BASE_ACCOUNT_URL, ...baseToJson(a) };
}

export function defaultAuthGenesis(): AuthGenesis {
  return { params: paramsToJson(DEFAULT_AUTH_PARAMS), accounts: [] };
}

export function initAuthGenesis(ctx: Context, keeper: AuthKeeper, raw: unknown): void {
  const g = raw as AuthGenesis;
  if (!g || typeof g !== 'object') throw new Error('auth genesis must be an object');
  keeper.setParams(ctx, paramsFromJson(g.params));
  const numbers = new Set<bigint>();
  const addresses = new Set<string>();
  let next = 0n;
  for (const j of g.accounts ?? []) {
    let account: Account;
    if (j['@type'] === BASE_ACCOUNT_URL) account = baseFromJson(j);
    else if (j['@type'] === MODULE_ACCOUNT_URL)
      account = {
        ...baseFromJson(j.base_account),
        module: { name: String(j.name), permissions: (j.permissions ?? []).map(String) },
      };
    else if (j['@type'] === CONTINUOUS_VESTING_URL)
      account = vestingFromJson('continuous', j.base_vesting_account, j.start_time);
    else if (j['@type'] === DELAYED_VESTING_URL) account = vestingFromJson('delayed', j.base_vesting_account, 0);
    else throw new Error(`unsupported account type ${(j as { '@type'?: string })['@type']}`);
    if (numbers.has(account.accountNumber)) throw new Error(`duplicate account number ${account.accountNumber}`);
    if (addresses.has(account.address)) throw new Error(`duplicate account ${account.address}`);
    numbers.add(account.accountNumber);
    addresses.add(account.address);
    keeper.setAccount(ctx, account, false);
    if (account.accountNumber >= next) next = account.accountNumber + 1n;
  }
  keeper.setNextAccountNumber(ctx, next);
}

export function exportAuthGenesis(ctx: Context, keeper: AuthKeeper): AuthGenesis {
  const accounts = [...keeper.accounts(ctx)].sort((a, b) => (a.accountNumber < b.accountNumber ? -1 : 1));
  return { params: paramsToJson(keeper.getParams(ctx)), accounts: accounts.map(accountToJson) };
}
