/**
 * The registration point for message types: each module registers its Msgs here (codec, signers, stateless checks,
 * amino name), and the decoder, the ante and the sign modes look them up by type URL.
 */
import type { Any } from 'cosmjs-types/google/protobuf/any';
import { Errors, SdkError } from '../types/errors.js';
import { equalBytes } from '../types/bytes.js';
import { type AnyRole, type MessageSchema, PUBKEY_SCHEMAS } from './schema.js';
import type { AnyResolver, ResolvedAny } from './unknown-fields.js';

export interface MsgType<T = any> {
  /** "/cosmos.bank.v1beta1.MsgSend". */
  typeUrl: string;
  decode(bytes: Uint8Array): T;
  encode(msg: T): Uint8Array;
  /** Bech32 addresses that must sign, in order (the msg's cosmos.msg.v1.signer fields). */
  getSigners(msg: T): string[];
  /** Stateless checks run before the ante (the SDK's ValidateBasic); throws an SdkError. */
  validateBasic?(msg: T): void;
  /** Amino type name, e.g. "cosmos-sdk/MsgSend"; required for SIGN_MODE_LEGACY_AMINO_JSON. */
  aminoName?: string;
  /** The msg's amino JSON `value` (snake_case, int64 as strings, empty fields omitted) exactly as the client renders it. */
  toAminoJson?(msg: T): unknown;
  /**
   * Field table used to reject unknown fields as the SDK does. Without it the decoder instead requires the payload
   * to be canonical (decode → encode gives the same bytes), which also rejects unknown fields.
   */
  schema?: MessageSchema;
}

/** A non-Msg type that may sit in an Any inside a message (an authz Authorization, a proposal content, …). */
export interface AnyType<T = any> {
  typeUrl: string;
  decode?(bytes: Uint8Array): T;
  encode?(msg: T): Uint8Array;
  schema?: MessageSchema;
}

export interface DecodedAny<T = unknown> {
  typeUrl: string;
  msg: T;
}

export interface AminoMsg {
  type: string;
  value: unknown;
}

export interface MsgRegistryOptions {
  /** Account address prefix, used to check fee payer addresses. */
  bech32Prefix?: string;
}

export class MsgRegistry implements AnyResolver {
  readonly bech32Prefix: string;
  private readonly msgs = new Map<string, MsgType>();
  private readonly others = new Map<string, AnyType>();

  constructor(opts: MsgRegistryOptions = {}) {
    this.bech32Prefix = opts.bech32Prefix ?? 'race';
  }

  /** Registering a type URL twice is a wiring bug, so it throws. */
  register<T>(type: MsgType<T>): void {
    this.assertFree(type.typeUrl);
    this.msgs.set(type.typeUrl, type as MsgType);
  }

  registerAnyType<T>(type: AnyType<T>): void {
    this.assertFree(type.typeUrl);
    if (!type.schema && !(type.decode && type.encode)) {
      throw new Error(`${type.typeUrl}: register a schema or a decode/encode pair`);
    }
    this.others.set(type.typeUrl, type as AnyType);
  }

  has(typeUrl: string): boolean {
    return this.msgs.has(typeUrl);
  }

  get(typeUrl: string): MsgType | undefined {
    return this.msgs.get(typeUrl);
  }

  typeUrls(): string[] {
    return [...this.msgs.keys()].sort();
  }

  /** Unknown type URL → code 2 `unable to resolve type URL <url>: tx parse error`; a failing decoder → code 2 too. */
  decodeAny<T = unknown>(any: Pick<Any, 'typeUrl' | 'value'>): DecodedAny<T> {
    const type = this.msgs.get(any.typeUrl);
    if (!type) throw Errors.TxDecode.wrap(`unable to resolve type URL ${any.typeUrl}`);
    try {
      return { typeUrl: any.typeUrl, msg: type.decode(any.value) as T };
    } catch (err) {
      throw Errors.TxDecode.wrap(`decoding ${any.typeUrl}: ${(err as Error).message}`);
    }
  }

  encodeAsAny(typeUrl: string, msg: unknown): Any {
    const type = this.msgs.get(typeUrl);
    if (!type) throw Errors.PackAny.wrap(`no message type registered for ${typeUrl}`);
    return { typeUrl, value: type.encode(msg) };
  }

  signersOf(typeUrl: string, msg: unknown): string[] {
    const type = this.msgs.get(typeUrl);
    if (!type) throw Errors.TxDecode.wrap(`unable to resolve type URL ${typeUrl}`);
    const signers = type.getSigners(msg);
    if (signers.length === 0) throw Errors.InvalidRequest.wrap(`${typeUrl} declares no signers`);
    return signers;
  }

  /**
   * The tx's required signers, as SDK 0.50's Tx.GetSigners: the distinct signers of its messages in order of first
   * appearance, then the fee payer if one is set and not already among them.
   */
  txSigners(msgs: readonly DecodedAny[], feePayer = ''): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    const add = (addr: string) => {
      const key = addr.toLowerCase();
      if (seen.has(key)) return;
      seen.add(key);
      out.push(addr);
    };
    for (const m of msgs) for (const s of this.signersOf(m.typeUrl, m.msg)) add(s);
    if (feePayer !== '') add(feePayer);
    return out;
  }

  validateBasic(typeUrl: string, msg: unknown): void {
    this.msgs.get(typeUrl)?.validateBasic?.(msg);
  }

  /** {type, value} for the amino sign doc; a type without amino support → code 18. */
  toAmino(typeUrl: string, msg: unknown): AminoMsg {
    const type = this.msgs.get(typeUrl);
    if (!type?.aminoName || !type.toAminoJson) {
      throw Errors.InvalidRequest.wrap(`${typeUrl} does not support SIGN_MODE_LEGACY_AMINO_JSON`);
    }
    return { type: type.aminoName, value: type.toAminoJson(msg) };
  }

  resolve(typeUrl: string, role: AnyRole): ResolvedAny | undefined {
    if (role === 'pubkey') {
      const schema = PUBKEY_SCHEMAS.get(typeUrl);
      return schema ? { schema } : undefined;
    }
    const type: MsgType | AnyType | undefined =
      this.msgs.get(typeUrl) ?? (role === 'any' ? this.others.get(typeUrl) : undefined);
    if (!type) return undefined;
    if (type.schema) return { schema: type.schema };
    const { decode, encode } = type;
    if (!decode || !encode) return undefined;
    return { canonical: (value) => isCanonical(value, decode, encode) };
  }

  private assertFree(typeUrl: string): void {
    if (!typeUrl.startsWith('/')) throw new Error(`type URL must start with "/": ${typeUrl}`);
    if (this.msgs.has(typeUrl) || this.others.has(typeUrl)) throw new Error(`type URL already registered: ${typeUrl}`);
  }
}

function isCanonical(value: Uint8Array, decode: (b: Uint8Array) => unknown, encode: (m: any) => Uint8Array): boolean {
  try {
    return equalBytes(encode(decode(value)), value);
  } catch (err) {
    if (err instanceof SdkError) throw err;
    return false;
  }
}
