/**
 * Field tables of the protobuf messages a tx can contain: what the SDK's RejectUnknownFields reads from Go
 * descriptors. Generated TS decoders (cosmjs-types) skip unknown fields silently, so the tables are what lets the
 * decoder reject them. Modules pass a table for their messages when they register them (MsgRegistry).
 */

/** Field kinds by wire encoding; `varint` covers (u)int32/64, bool and enums, `fixed*` the fixed-width numbers. */
export type ScalarKind = 'varint' | 'sint' | 'fixed64' | 'fixed32' | 'bytes' | 'string';

/**
 * Which types an Any field may hold: `msg` = registered messages, `pubkey` = public key types,
 * `any` = any registered type, `opaque` = not resolved (tx extension options: rejected or ignored later by the ante).
 */
export type AnyRole = 'msg' | 'pubkey' | 'any' | 'opaque';

export type FieldSpec =
  | { kind: ScalarKind; repeated?: boolean }
  | { kind: 'message'; message: () => MessageSchema; repeated?: boolean }
  | { kind: 'any'; role: AnyRole; repeated?: boolean };

export interface MessageSchema {
  /** Protobuf full name, e.g. "cosmos.bank.v1beta1.MsgSend". */
  fullName: string;
  /** How the SDK's error texts name the Go type (e.g. "*tx.TxBody"); defaults to fullName. */
  goType?: string;
  fields: Readonly<Record<number, FieldSpec>>;
}

export const scalar = (kind: ScalarKind, repeated = false): FieldSpec => ({ kind, repeated });
export const message = (schema: () => MessageSchema, repeated = false): FieldSpec => ({
  kind: 'message',
  message: schema,
  repeated,
});
export const anyOf = (role: AnyRole, repeated = false): FieldSpec => ({ kind: 'any', role, repeated });

const TimestampSchema: MessageSchema = {
  fullName: 'google.protobuf.Timestamp',
  goType: '*types.Timestamp',
  fields: { 1: scalar('varint'), 2: scalar('varint') },
};

export const CoinSchema: MessageSchema = {
  fullName: 'cosmos.base.v1beta1.Coin',
  goType: '*types.Coin',
  fields: { 1: scalar('string'), 2: scalar('string') },
};

export const TxBodySchema: MessageSchema = {
  fullName: 'cosmos.tx.v1beta1.TxBody',
  goType: '*tx.TxBody',
  fields: {
    1: anyOf('msg', true),
    2: scalar('string'),
    3: scalar('varint'),
    4: scalar('varint'),
    5: message(() => TimestampSchema),
    1023: anyOf('opaque', true),
    2047: anyOf('opaque', true),
  },
};

const CompactBitArraySchema: MessageSchema = {
  fullName: 'cosmos.crypto.multisig.v1beta1.CompactBitArray',
  goType: '*types.CompactBitArray',
  fields: { 1: scalar('varint'), 2: scalar('bytes') },
};

const ModeInfoSingleSchema: MessageSchema = {
  fullName: 'cosmos.tx.v1beta1.ModeInfo.Single',
  goType: '*tx.ModeInfo_Single',
  fields: { 1: scalar('varint') },
};

const ModeInfoMultiSchema: MessageSchema = {
  fullName: 'cosmos.tx.v1beta1.ModeInfo.Multi',
  goType: '*tx.ModeInfo_Multi',
  fields: { 1: message(() => CompactBitArraySchema), 2: message(() => ModeInfoSchema, true) },
};

const ModeInfoSchema: MessageSchema = {
  fullName: 'cosmos.tx.v1beta1.ModeInfo',
  goType: '*tx.ModeInfo',
  fields: { 1: message(() => ModeInfoSingleSchema), 2: message(() => ModeInfoMultiSchema) },
};

const SignerInfoSchema: MessageSchema = {
  fullName: 'cosmos.tx.v1beta1.SignerInfo',
  goType: '*tx.SignerInfo',
  fields: { 1: anyOf('pubkey'), 2: message(() => ModeInfoSchema), 3: scalar('varint') },
};

const FeeSchema: MessageSchema = {
  fullName: 'cosmos.tx.v1beta1.Fee',
  goType: '*tx.Fee',
  fields: { 1: message(() => CoinSchema, true), 2: scalar('varint'), 3: scalar('string'), 4: scalar('string') },
};

const TipSchema: MessageSchema = {
  fullName: 'cosmos.tx.v1beta1.Tip',
  goType: '*tx.Tip',
  fields: { 1: message(() => CoinSchema, true), 2: scalar('string') },
};

export const AuthInfoSchema: MessageSchema = {
  fullName: 'cosmos.tx.v1beta1.AuthInfo',
  goType: '*tx.AuthInfo',
  fields: { 1: message(() => SignerInfoSchema, true), 2: message(() => FeeSchema), 3: message(() => TipSchema) },
};

const keyOnly = (fullName: string, goType: string): MessageSchema => ({
  fullName,
  goType,
  fields: { 1: scalar('bytes') },
});

export const Secp256k1PubKeyTypeUrl = '/cosmos.crypto.secp256k1.PubKey';
export const Ed25519PubKeyTypeUrl = '/cosmos.crypto.ed25519.PubKey';
const Secp256r1PubKeyTypeUrl = '/cosmos.crypto.secp256r1.PubKey';
export const MultisigPubKeyTypeUrl = '/cosmos.crypto.multisig.LegacyAminoPubKey';

/**
 * The public key types the SDK's interface registry knows. All of them decode, so that a tx using one gets the
 * ante's "invalid pubkey" (code 8) rather than a parse error; only secp256k1 is accepted for signing.
 */
export const PUBKEY_SCHEMAS: ReadonlyMap<string, MessageSchema> = new Map<string, MessageSchema>([
  [Secp256k1PubKeyTypeUrl, keyOnly('cosmos.crypto.secp256k1.PubKey', '*secp256k1.PubKey')],
  [Ed25519PubKeyTypeUrl, keyOnly('cosmos.crypto.ed25519.PubKey', '*ed25519.PubKey')],
  [Secp256r1PubKeyTypeUrl, keyOnly('cosmos.crypto.secp256r1.PubKey', '*secp256r1.PubKey')],
  [
    MultisigPubKeyTypeUrl,
    {
      fullName: 'cosmos.crypto.multisig.LegacyAminoPubKey',
      goType: '*multisig.LegacyAminoPubKey',
      fields: { 1: scalar('varint'), 2: anyOf('pubkey', true) },
    },
  ],
]);

export function schemaTypeName(schema: MessageSchema): string {
  return schema.goType ?? schema.fullName;
}
