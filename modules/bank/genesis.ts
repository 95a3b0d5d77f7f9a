import type { Metadata } from 'cosmjs-types/cosmos/bank/v1beta1/bank';
import type { Context } from '../../chain/app/context.js';
import { isValidAddress } from '../../chain/crypto/address.js';
import {
  coinFromProto,
  coinsToString,
  coinToProto,
  normalizeCoins,
  validateCoins,
  type Coin,
} from '../../chain/types/coins.js';
import { ICON_METADATA } from './denoms.js';
import type { BankKeeper } from './keeper.js';

/** The SDK's bank genesis JSON (x/bank GenesisState), snake_case as in genesis.json. */
export interface BankGenesis {
  params: { send_enabled: unknown[]; default_send_enabled: boolean };
  balances: Array<{ address: string; coins: Array<{ denom: string; amount: string }> }>;
  supply: Array<{ denom: string; amount: string }>;
  denom_metadata: MetadataJson[];
  send_enabled: unknown[];
}

interface MetadataJson {
  description: string;
  denom_units: Array<{ denom: string; exponent: number; aliases: string[] }>;
  base: string;
  display: string;
  name: string;
  symbol: string;
  uri: string;
  uri_hash: string;
}

export function metadataToJson(m: Metadata): MetadataJson {
  return {
    description: m.description,
    denom_units: m.denomUnits.map((u) => ({ denom: u.denom, exponent: u.exponent, aliases: [...u.aliases] })),
    base: m.base,
    display: m.display,
    name: m.name,
    symbol: m.symbol,
    uri: m.uri,
    uri_hash: m.uriHash,
  };
}

function metadataFromJson(j: MetadataJson): Metadata {
  if (!j || typeof j.base !== 'string' || !Array.isArray(j.denom_units))
    throw new Error('denom_metadata entries need base and denom_units');
  return {
    description: String(j.description ?? ''),
    denomUnits: j.denom_units.map((u) => ({
      denom: String(u.denom),
      exponent: Number(u.exponent),
      aliases: (u.aliases ?? []).map(String),
    })),
    base: j.base,
    display: String(j.display ?? ''),
    name: String(j.name ?? ''),
    symbol: String(j.symbol ?? ''),
    uri: String(j.uri ?? ''),
    uriHash: String(j.uri_hash ?? ''),
  };
}

export function defaultBankGenesis(): BankGenesis {
  return {
    params: { send_enabled: [], default_send_enabled: true },
    balances: [],
    supply: [],
    denom_metadata: [metadataToJson(ICON_METADATA)],
    send_enabled: [],
  };
}

export function initBankGenesis(ctx: Context, keeper: BankKeeper, raw: unknown): void {
  const g = raw as BankGenesis;
  if (!g || typeof g !== 'object') throw new Error('bank genesis must be an object');
  keeper.setParams(ctx, { defaultSendEnabled: g.params?.default_send_enabled ?? true });
  const seen = new Set<string>();
  let total: Coin[] = [];
  for (const b of g.balances ?? []) {
    if (!isValidAddress(b.address)) throw new Error(`invalid balance address ${b.address}`);
    if (seen.has(b.address)) throw new Error(`duplicate balance for address ${b.address}`);
    seen.add(b.address);
    const coins = validateCoins(b.coins.map(coinFromProto)) as Coin[];
    keeper.setGenesisBalance(ctx, b.address, coins);
    total = normalizeCoins([...total, ...coins]);
  }
  const declared = (g.supply ?? []).map(coinFromProto);
  if (declared.length > 0 && coinsToString(normalizeCoins(declared)) !== coinsToString(total)) {
    throw new Error(
      `genesis supply ${coinsToString(declared)} does not equal the sum of balances ${coinsToString(total)}`,
    );
  }
  for (const c of total) keeper.setSupply(ctx, c);
  for (const md of g.denom_metadata ?? []) keeper.setDenomMetadata(ctx, metadataFromJson(md));
}

export function exportBankGenesis(ctx: Context, keeper: BankKeeper): BankGenesis {
  return {
    params: { send_enabled: [], default_send_enabled: keeper.getParams(ctx).defaultSendEnabled },
    balances: keeper.allAccountBalances(ctx).map((b) => ({ address: b.address, coins: b.coins.map(coinToProto) })),
    supply: keeper.totalSupply(ctx).map(coinToProto),
    denom_metadata: keeper.allDenomMetadata(ctx).map(metadataToJson),
    send_enabled: [],
  };
}
