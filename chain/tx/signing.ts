/**
 * What a signature is checked against: the sign bytes of SIGN_MODE_DIRECT (a SignDoc over the exact received
 * body/auth-info bytes) and SIGN_MODE_LEGACY_AMINO_JSON (the StdSignDoc JSON CosmJS and Ledger sign), the sign mode
 * and public key each signer declares, and the SDK's failure texts. Signature checking itself lives in the ante.
 */
import { PubKey as Secp256k1PubKey } from 'cosmjs-types/cosmos/crypto/secp256k1/keys';
import { SignMode, signModeToJSON } from 'cosmjs-types/cosmos/tx/signing/v1beta1/signing';
import { SignDoc, type SignerInfo } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { Errors, type SdkError } from '../types/errors.js';
import { canonicalAminoJson } from './amino-json.js';
import type { DecodedTx } from './decode.js';
import type { AminoMsg, MsgRegistry } from './registry.js';
import { Ed25519PubKeyTypeUrl, MultisigPubKeyTypeUrl, Secp256k1PubKeyTypeUrl } from './schema.js';

export { SignMode };

export type SupportedSignMode = SignMode.SIGN_MODE_DIRECT | SignMode.SIGN_MODE_LEGACY_AMINO_JSON;

export const SECP256K1_PUBKEY_LENGTH = 33;

export interface DirectSignInput {
  bodyBytes: Uint8Array;
  authInfoBytes: Uint8Array;
  chainId: string;
  accountNumber: bigint;
}

/** SignDoc encoding (proto3 canonical: an account number of 0 is omitted), re-using the received byte strings. */
export function directSignBytes(input: DirectSignInput): Uint8Array {
  return SignDoc.encode({
    bodyBytes: input.bodyBytes,
    authInfoBytes: input.authInfoBytes,
    chainId: input.chainId,
    accountNumber: input.accountNumber,
  }).finish();
}

export interface AminoSignInput {
  tx: DecodedTx;
  chainId: string;
  accountNumber: bigint;
  sequence: bigint;
  registry: MsgRegistry;
}

export interface StdSignDoc {
  account_number: string;
  chain_id: string;
  fee: { amount: { amount: string; denom: string }[]; gas: string; granter?: string; payer?: string };
  memo: string;
  msgs: AminoMsg[];
  sequence: string;
  timeout_height?: string;
}

/**
 * The StdSignDoc a legacy amino signer signed. Refused (code 18) where amino JSON cannot cover what the tx carries,
 * as the SDK refuses it: unknown non-critical body fields, extension options, messages without an amino name.
 */
function aminoSignDoc(input: AminoSignInput): StdSignDoc {
  const { tx } = input;
  if (tx.bodyHasUnknownNonCriticals) {
    throw Errors.InvalidRequest.wrap(
      'protobuf transaction contains unknown non-critical fields. This is a transaction malleability issue and SIGN_MODE_LEGACY_AMINO_JSON cannot be used.',
    );
  }
  if (tx.body.extensionOptions.length > 0 || tx.body.nonCriticalExtensionOptions.length > 0) {
    throw Errors.InvalidRequest.wrap('SIGN_MODE_LEGACY_AMINO_JSON does not support protobuf extension options');
  }
  const fee = tx.authInfo.fee;
  const doc: StdSignDoc = {
    account_number: input.accountNumber.toString(),
    chain_id: input.chainId,
    fee: {
      amount: (fee?.amount ?? []).map((c) => ({ amount: c.amount, denom: c.denom })),
      gas: (fee?.gasLimit ?? 0n).toString(),
    },
    memo: tx.body.memo,
    msgs: tx.msgs.map((m) => input.registry.toAmino(m.typeUrl, m.msg)),
    sequence: input.sequence.toString(),
  };
  if (fee?.granter) doc.fee.granter = fee.granter;
  if (fee?.payer) doc.fee.payer = fee.payer;
  if (tx.body.timeoutHeight !== 0n) doc.timeout_height = tx.body.timeoutHeight.toString();
  return doc;
}

export function aminoSignBytes(input: AminoSignInput): Uint8Array {
  return canonicalAminoJson(aminoSignDoc(input));
}

/** The sign mode a single signer declares; anything but DIRECT or LEGACY_AMINO_JSON → code 4. */
export function signModeOf(info: SignerInfo): SupportedSignMode {
  const modeInfo = info.modeInfo;
  if (!modeInfo) throw Errors.Unauthorized.wrap('signer info has no mode info');
  if (modeInfo.multi) throw Errors.Unauthorized.wrap('multisig signatures are not supported');
  if (!modeInfo.single) throw Errors.Unauthorized.wrap('signer info has no sign mode');
  const mode = modeInfo.single.mode;
  if (mode === SignMode.SIGN_MODE_DIRECT || mode === SignMode.SIGN_MODE_LEGACY_AMINO_JSON) return mode;
  throw Errors.Unauthorized.wrap(`unsupported sign mode ${signModeToJSON(mode)} (${mode})`);
}

/**
 * The 33-byte compressed secp256k1 key a signer info carries, or undefined when it carries none (the account's
 * stored key is used then). Other key types or sizes → code 8.
 */
export function pubKeyFromSignerInfo(info: SignerInfo): Uint8Array | undefined {
  const any = info.publicKey;
  if (!any) return undefined;
  switch (any.typeUrl) {
    case Secp256k1PubKeyTypeUrl: {
      let key: Uint8Array;
      try {
        key = Secp256k1PubKey.decode(any.value).key;
      } catch {
        throw Errors.InvalidPubKey.wrap('malformed secp256k1 public key');
      }
      if (key.length !== SECP256K1_PUBKEY_LENGTH || (key[0] !== 2 && key[0] !== 3)) {
        throw Errors.InvalidPubKey.wrap(`invalid secp256k1 public key: want 33 compressed bytes, got ${key.length}`);
      }
      return key;
    }
    case Ed25519PubKeyTypeUrl:
      throw Errors.InvalidPubKey.wrap('ED25519 public keys are unsupported');
    case MultisigPubKeyTypeUrl:
      throw Errors.InvalidPubKey.wrap('multisig public keys are not supported');
    default:
      throw Errors.InvalidPubKey.wrap(`unrecognized public key type: ${any.typeUrl}`);
  }
}

export interface SignerData {
  chainId: string;
  accountNumber: bigint;
  /** The account's current sequence (amino signs over it; DIRECT carries it in auth info). */
  sequence: bigint;
}

/** Sign mode and sign bytes for signer `index` of a decoded tx. */
export function signBytesFor(
  tx: DecodedTx,
  index: number,
  data: SignerData,
  registry: MsgRegistry,
): { mode: SupportedSignMode; signBytes: Uint8Array } {
  const info = tx.authInfo.signerInfos[index];
  if (!info) throw Errors.Unauthorized.wrap(`no signer info for signer ${index}`);
  const mode = signModeOf(info);
  if (mode === SignMode.SIGN_MODE_DIRECT) {
    return {
      mode,
      signBytes: directSignBytes({ bodyBytes: tx.bodyBytes, authInfoBytes: tx.authInfoBytes, ...data }),
    };
  }
  return { mode, signBytes: aminoSignBytes({ tx, registry, ...data }) };
}

/** The SDK's (0.50) code 4 text; for amino signers it also names the sequence, which amino signs over. */
export function signatureVerificationFailed(opts: {
  accountNumber: bigint;
  sequence: bigint;
  chainId: string;
  legacyAmino: boolean;
}): SdkError {
  return Errors.Unauthorized.wrap(
    opts.legacyAmino
      ? `signature verification failed; please verify account number (${opts.accountNumber}), sequence (${opts.sequence}) and chain-id (${opts.chainId})`
      : `signature verification failed; please verify account number (${opts.accountNumber}) and chain-id (${opts.chainId})`,
  );
}
