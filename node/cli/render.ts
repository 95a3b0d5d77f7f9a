import { toHex } from '@cosmjs/encoding';
import type { IndexedTx } from '@cosmjs/stargate';
import { BaseAccount, ModuleAccount } from 'cosmjs-types/cosmos/auth/v1beta1/auth';
import { MsgMultiSend, MsgSend } from 'cosmjs-types/cosmos/bank/v1beta1/tx';
import { PubKey } from 'cosmjs-types/cosmos/crypto/secp256k1/keys';
import { Tx } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import type { Any } from 'cosmjs-types/google/protobuf/any';

/** Types the CLI can show inside an Any, by their JSON codec (cosmjs-types, camelCase). */
const ANY_TYPES: Record<string, { decode(b: Uint8Array): unknown; toJSON(m: any): unknown }> = {
  '/cosmos.auth.v1beta1.BaseAccount': BaseAccount,
  '/cosmos.auth.v1beta1.ModuleAccount': ModuleAccount,
  '/cosmos.crypto.secp256k1.PubKey': PubKey,
  '/cosmos.bank.v1beta1.MsgSend': MsgSend,
  '/cosmos.bank.v1beta1.MsgMultiSend': MsgMultiSend,
};

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

/** cosmjs-types JSON (camelCase, Any as {typeUrl,value}) → the SDK's JSON (snake_case, Any as {"@type", …fields}). */
export function toSdkJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toSdkJson);
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  if (typeof obj.typeUrl === 'string' && 'value' in obj && Object.keys(obj).length === 2) return anyJson(obj.typeUrl, obj.value as string);
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [snake(k), toSdkJson(v)]));
}

function anyJson(typeUrl: string, valueB64: string): unknown {
  const codec = ANY_TYPES[typeUrl];
  if (!codec) return { '@type': typeUrl, value: valueB64 };
  const decoded = codec.toJSON(codec.decode(Uint8Array.from(Buffer.from(valueB64, 'base64'))));
  return { '@type': typeUrl, ...(toSdkJson(decoded) as object) };
}

export function anyToSdkJson(any: Any): unknown {
  return anyJson(any.typeUrl, Buffer.from(any.value).toString('base64'));
}

/** An account as `raced query auth account` prints it (the SDK's QueryAccountResponse JSON). */
export function accountJson(any: Any): unknown {
  const j = anyToSdkJson(any) as Record<string, unknown>;
  if (j.pub_key === undefined) j.pub_key = null;
  return { account: j };
}

/** The SDK's TxResponse JSON for an indexed tx. */
export function txResponseJson(tx: IndexedTx, timestamp = ''): Record<string, unknown> {
  return {
    height: String(tx.height),
    txhash: tx.hash,
    codespace: '',
    code: tx.code,
    data: '',
    raw_log: tx.rawLog,
    logs: [],
    info: '',
    gas_wanted: tx.gasWanted.toString(),
    gas_used: tx.gasUsed.toString(),
    tx: { '@type': '/cosmos.tx.v1beta1.Tx', ...(toSdkJson(Tx.toJSON(Tx.decode(tx.tx))) as object) },
    timestamp,
    events: tx.events.map((e) => ({ type: e.type, attributes: e.attributes.map((a) => ({ key: a.key, value: a.value, index: true })) })),
    msg_responses: tx.msgResponses.map((m) => ({ '@type': m.typeUrl, value: toHex(m.value) })),
  };
}

/** A small YAML rendering for `-o text` (the SDK prints YAML by default). */
export function toYaml(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return typeof value === 'string' && (/^[\s]|[:#\n"']|\s$/.test(value) || value === '') ? JSON.stringify(value) : String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return value.map((v) => `\n${indent}- ${toYaml(v, indent + '  ').replace(/^\n\s*/, '')}`).join('');
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return entries
    .map(([k, v]) => {
      const rendered = toYaml(v, indent + '  ');
      const nested = typeof v === 'object' && v !== null && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);
      return `\n${indent}${k}:${nested ? '' : ' '}${nested && !Array.isArray(v) ? rendered : rendered}`;
    })
    .join('');
}

export function yamlDocument(value: unknown): string {
  return toYaml(value).replace(/^\n/, '') + '\n';
}
