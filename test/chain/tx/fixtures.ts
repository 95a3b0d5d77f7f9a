/** Shared helpers for the chain/tx tests: a registry with the bank messages, hand-built protobuf, CosmJS-built txs. */
import { MsgMultiSend, MsgSend } from 'cosmjs-types/cosmos/bank/v1beta1/tx';
import { AuthInfo, Fee, TxBody, TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { PubKey } from 'cosmjs-types/cosmos/crypto/secp256k1/keys';
import { SignMode } from 'cosmjs-types/cosmos/tx/signing/v1beta1/signing';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bech32 } from '@scure/base';
import {
  MSG_MULTI_SEND_TYPE_URL,
  MSG_SEND_TYPE_URL,
  MsgMultiSendSchema,
  MsgSendSchema,
  bankMsgMultiSendAmino,
  bankMsgSendAmino,
} from '../../../chain/tx/amino-bank.js';
import { MsgRegistry } from '../../../chain/tx/registry.js';
import { encodeVarint } from '../../../chain/tx/wire.js';

export const MNEMONIC =
  'economy stock theory fatal elder harbor betray wasp final emotion task crumble siren bottom lizard educate guess current outdoor pair theory focus wife stone';

export function bankRegistry(prefix = 'race'): MsgRegistry {
  const registry = new MsgRegistry({ bech32Prefix: prefix });
  registry.register<MsgSend>({
    typeUrl: MSG_SEND_TYPE_URL,
    decode: (b) => MsgSend.decode(b),
    encode: (m) => MsgSend.encode(m).finish(),
    getSigners: (m) => [m.fromAddress],
    schema: MsgSendSchema,
    ...bankMsgSendAmino,
  });
  registry.register<MsgMultiSend>({
    typeUrl: MSG_MULTI_SEND_TYPE_URL,
    decode: (b) => MsgMultiSend.decode(b),
    encode: (m) => MsgMultiSend.encode(m).finish(),
    getSigners: (m) => m.inputs.map((i) => i.address),
    schema: MsgMultiSendSchema,
    ...bankMsgMultiSendAmino,
  });
  return registry;
}

export const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
export const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** One length-delimited field. */
export function lenField(fieldNumber: number, payload: Uint8Array): Uint8Array {
  return concat(encodeVarint((fieldNumber << 3) | 2), encodeVarint(payload.length), payload);
}

export function varintField(fieldNumber: number, value: number | bigint): Uint8Array {
  return concat(encodeVarint(fieldNumber * 8), encodeVarint(value));
}

export const utf8 = (s: string) => new TextEncoder().encode(s);

export function anyBytes(typeUrl: string, value: Uint8Array): Uint8Array {
  return concat(lenField(1, utf8(typeUrl)), lenField(2, value));
}

/** A deterministic test key and its bech32 address. */
export function testKey(seed: number, prefix = 'race'): { priv: Uint8Array; pub: Uint8Array; address: string } {
  const priv = sha256(utf8(`race tx test key ${seed}`));
  const pub = secp256k1.getPublicKey(priv, true);
  const address = bech32.encode(prefix, bech32.toWords(ripemd160(sha256(pub))));
  return { priv, pub, address };
}

export function signBytes(bytes: Uint8Array, priv: Uint8Array): Uint8Array {
  return secp256k1.sign(bytes, priv, { prehash: true, lowS: true, format: 'compact' });
}

export function verify(sig: Uint8Array, bytes: Uint8Array, pub: Uint8Array): boolean {
  return secp256k1.verify(sig, bytes, pub, { prehash: true, lowS: true, format: 'compact' });
}

export interface SimpleTxOptions {
  from?: string[];
  memo?: string;
  signerPubkeys?: Uint8Array[];
  mode?: SignMode;
  signatures?: Uint8Array[];
  timeoutHeight?: bigint;
  gasLimit?: bigint;
  feeAmount?: { denom: string; amount: string }[];
  extensionOptions?: { typeUrl: string; value: Uint8Array }[];
  nonCriticalExtensionOptions?: { typeUrl: string; value: Uint8Array }[];
}

/** A MsgSend tx (one message per `from` address) encoded with cosmjs-types, unsigned unless signatures are given. */
export function simpleTx(opts: SimpleTxOptions = {}): {
  bytes: Uint8Array;
  bodyBytes: Uint8Array;
  authInfoBytes: Uint8Array;
} {
  const from = opts.from ?? [testKey(1).address];
  const body = TxBody.fromPartial({
    messages: from.map((f) => ({
      typeUrl: MSG_SEND_TYPE_URL,
      value: MsgSend.encode({
        fromAddress: f,
        toAddress: testKey(99).address,
        amount: [{ denom: 'nicoin', amount: '5' }],
      }).finish(),
    })),
    memo: opts.memo ?? '',
    timeoutHeight: opts.timeoutHeight ?? 0n,
    extensionOptions: opts.extensionOptions ?? [],
    nonCriticalExtensionOptions: opts.nonCriticalExtensionOptions ?? [],
  });
  const pubkeys = opts.signerPubkeys ?? from.map((_, i) => testKey(i + 1).pub);
  const authInfo = AuthInfo.fromPartial({
    signerInfos: pubkeys.map((pk) => ({
      publicKey: { typeUrl: '/cosmos.crypto.secp256k1.PubKey', value: PubKey.encode({ key: pk }).finish() },
      modeInfo: { single: { mode: opts.mode ?? SignMode.SIGN_MODE_DIRECT } },
      sequence: 0n,
    })),
    fee: Fee.fromPartial({
      amount: opts.feeAmount ?? [{ denom: 'nicoin', amount: '2000' }],
      gasLimit: opts.gasLimit ?? 200000n,
    }),
  });
  const bodyBytes = TxBody.encode(body).finish();
  const authInfoBytes = AuthInfo.encode(authInfo).finish();
  const signatures = opts.signatures ?? pubkeys.map(() => new Uint8Array(64).fill(1));
  return { bytes: TxRaw.encode({ bodyBytes, authInfoBytes, signatures }).finish(), bodyBytes, authInfoBytes };
}

export function txRawBytes(bodyBytes: Uint8Array, authInfoBytes: Uint8Array, signatures: Uint8Array[]): Uint8Array {
  return TxRaw.encode({ bodyBytes, authInfoBytes, signatures }).finish();
}
