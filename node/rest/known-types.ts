/**
 * The protobuf types the REST server can print inside an Any with "@type": accounts, public keys, the Cosmos
 * messages we route, and our own race.* messages. A generated file is added whole with one `...codecsOf(module)`:
 * every exported message (anything with decode and toJSON) under `/<protobufPackage>.<Name>`.
 */
import * as authTypes from 'cosmjs-types/cosmos/auth/v1beta1/auth';
import * as authTx from 'cosmjs-types/cosmos/auth/v1beta1/tx';
import * as bankTx from 'cosmjs-types/cosmos/bank/v1beta1/tx';
import * as ed25519 from 'cosmjs-types/cosmos/crypto/ed25519/keys';
import * as multisig from 'cosmjs-types/cosmos/crypto/multisig/keys';
import * as secp256k1 from 'cosmjs-types/cosmos/crypto/secp256k1/keys';
import * as govV1Tx from 'cosmjs-types/cosmos/gov/v1/tx';
import * as govV1beta1Gov from 'cosmjs-types/cosmos/gov/v1beta1/gov';
import * as govV1beta1Tx from 'cosmjs-types/cosmos/gov/v1beta1/tx';
import * as txTypes from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import * as pricingTx from '../../proto/gen/race/pricing/v1/tx.js';
import * as raceTx from '../../proto/gen/race/race/v1/tx.js';
import * as registryTx from '../../proto/gen/race/registry/v1/tx.js';
import type { JsonCodec, JsonFixup, JsonObject } from './json.js';

type GeneratedModule = Record<string, unknown> & { protobufPackage?: unknown };

function isCodec(v: unknown): v is JsonCodec {
  return typeof v === 'object' && v !== null && typeof (v as JsonCodec).decode === 'function' && typeof (v as JsonCodec).toJSON === 'function';
}

/** `[typeUrl, codec]` for every message a generated file exports. */
export function codecsOf(mod: GeneratedModule): Array<[string, JsonCodec]> {
  const pkg = mod.protobufPackage;
  if (typeof pkg !== 'string') throw new Error('generated module has no protobufPackage');
  return Object.entries(mod)
    .filter(([name, v]) => /^[A-Z]/.test(name) && !name.includes('_') && !name.endsWith('ClientImpl') && isCodec(v))
    .map(([name, v]) => [`/${pkg}.${name}`, v as JsonCodec]);
}

export function knownJsonCodecs(): Map<string, JsonCodec> {
  return new Map([
    ...codecsOf(authTypes),
    ...codecsOf(authTx),
    ...codecsOf(bankTx),
    ...codecsOf(secp256k1),
    ...codecsOf(ed25519),
    ...codecsOf(multisig),
    ...codecsOf(govV1Tx),
    ...codecsOf(govV1beta1Gov),
    ...codecsOf(govV1beta1Tx),
    ...codecsOf(txTypes),
    ...codecsOf(pricingTx),
    ...codecsOf(registryTx),
    ...codecsOf(raceTx),
  ]);
}

const nullIfAbsent = (o: JsonObject | undefined, key: string) => {
  if (o && typeof o === 'object' && o[key] === undefined) o[key] = null;
};

/** Unset message fields the gateway prints as null (toJSON leaves them out). */
export function knownJsonFixups(): Map<string, JsonFixup> {
  return new Map<string, JsonFixup>([
    ['/cosmos.auth.v1beta1.BaseAccount', (o) => nullIfAbsent(o, 'pub_key')],
    ['/cosmos.auth.v1beta1.ModuleAccount', (o) => nullIfAbsent(o.base_account as JsonObject | undefined, 'pub_key')],
    ['/cosmos.tx.v1beta1.Tx', (o) => nullIfAbsent(o.auth_info as JsonObject | undefined, 'tip')],
  ]);
}
