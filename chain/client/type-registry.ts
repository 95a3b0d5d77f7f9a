/**
 * The one type registry: every type URL the chain's modules declare (messages and the other types that sit in Anys),
 * from which REST JSON, CLI rendering, gov proposal parsing and CosmJS's Registry and amino converters are derived.
 */
import type { AminoConverters } from '@cosmjs/stargate';
import type { GeneratedType } from '@cosmjs/proto-signing';
import * as ed25519 from 'cosmjs-types/cosmos/crypto/ed25519/keys';
import * as multisig from 'cosmjs-types/cosmos/crypto/multisig/keys';
import * as secp256k1 from 'cosmjs-types/cosmos/crypto/secp256k1/keys';
import * as txTypes from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { camelKeys, snakeKeys } from '../util/json-case.js';
import type { GeneratedFile, JsonFixup, ModuleClient, MsgDecl } from './module-client.js';

export interface JsonCodec {
  decode(bytes: Uint8Array): unknown;
  toJSON(message: any): unknown;
}

function isCodec(v: unknown): v is JsonCodec {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as JsonCodec).decode === 'function' &&
    typeof (v as JsonCodec).toJSON === 'function'
  );
}

/** `[typeUrl, codec]` for every message a generated file exports, under `/<protobufPackage>.<Name>`. */
export function codecsOf(file: GeneratedFile): Array<[string, JsonCodec]> {
  const pkg = file.protobufPackage;
  if (typeof pkg !== 'string') throw new Error('generated module has no protobufPackage');
  return Object.entries(file)
    .filter(([name, v]) => /^[A-Z]/.test(name) && !name.includes('_') && !name.endsWith('ClientImpl') && isCodec(v))
    .map(([name, v]) => [`/${pkg}.${name}`, v as JsonCodec]);
}

/** Types of the tx format itself, whatever modules the chain has: public keys and the Tx. */
const CHAIN_ANY_TYPES: readonly GeneratedFile[] = [secp256k1, ed25519, multisig, txTypes];

const nullIfAbsent = (o: Record<string, unknown> | undefined, key: string) => {
  if (o && typeof o === 'object' && o[key] === undefined) o[key] = null;
};

const CHAIN_FIXUPS: Record<string, JsonFixup> = {
  '/cosmos.tx.v1beta1.Tx': (o) => nullIfAbsent(o.auth_info as Record<string, unknown> | undefined, 'tip'),
};

export class TypeRegistry {
  private readonly codecs = new Map<string, JsonCodec>();
  private readonly fixups = new Map<string, JsonFixup>();
  private readonly msgs = new Map<string, MsgDecl>();

  constructor(readonly modules: readonly ModuleClient[]) {
    for (const file of CHAIN_ANY_TYPES) for (const [url, c] of codecsOf(file)) this.codecs.set(url, c);
    for (const [url, f] of Object.entries(CHAIN_FIXUPS)) this.fixups.set(url, f);
    for (const m of modules) {
      for (const file of m.anyTypes ?? []) for (const [url, c] of codecsOf(file)) this.codecs.set(url, c);
      for (const [url, f] of Object.entries(m.jsonFixups ?? {})) this.fixups.set(url, f);
      for (const d of m.msgs) {
        // Two modules declaring one message is a wiring bug.
        if (this.msgs.has(d.typeUrl)) throw new Error(`message ${d.typeUrl} declared twice`);
        this.msgs.set(d.typeUrl, d);
        this.codecs.set(d.typeUrl, d.codec);
      }
    }
  }

  /** Every type the REST server and the CLI print inside an Any with "@type". */
  jsonCodecs(): ReadonlyMap<string, JsonCodec> {
    return this.codecs;
  }

  jsonFixups(): ReadonlyMap<string, JsonFixup> {
    return this.fixups;
  }

  msg(typeUrl: string): MsgDecl | undefined {
    return this.msgs.get(typeUrl);
  }

  /** The messages a gov proposal may carry. */
  govMsgs(): MsgDecl[] {
    return [...this.msgs.values()].filter((d) => d.gov);
  }

  /** Entries for CosmJS's Registry (the ts-proto/CJS type pitfall is why the cast is needed, see toolchain-facts §4). */
  cosmjsTypes(): Array<[string, GeneratedType]> {
    return [...this.msgs.values()].map((d) => [d.typeUrl, d.codec as unknown as GeneratedType]);
  }

  /** CosmJS AminoConverters that render exactly what the chain's amino sign mode renders. */
  aminoConverters(): AminoConverters {
    const out: AminoConverters = {};
    for (const d of this.msgs.values()) {
      if (!d.aminoName) continue;
      out[d.typeUrl] = {
        aminoType: d.aminoName,
        toAmino: (m: unknown) => aminoJsonOf(d, m),
        fromAmino: (j: unknown) => (d.fromAmino ? d.fromAmino(j) : d.codec.fromJSON(camelKeys(j))),
      };
    }
    return out;
  }
}

/** A message's amino JSON value as declared (default: toJSON with snake_case keys). */
export function aminoJsonOf<T>(decl: MsgDecl<T>, msg: T): unknown {
  return decl.toAmino ? decl.toAmino(msg) : snakeKeys(decl.codec.toJSON(msg));
}
