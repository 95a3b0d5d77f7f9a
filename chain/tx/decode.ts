/**
 * Strict tx decoding, as the SDK's TxDecoder: size limit, ADR-027 TxRaw, unknown fields rejected in TxRaw and
 * AuthInfo (non-critical ones allowed in TxBody only), every Any resolved through the registry within the SDK's
 * nesting limits. The exact received bytes are kept: signatures are checked over them, never over a re-encoding.
 * Every failure is an SdkError (code 21 for size, code 2 "tx parse error" for the rest, or a module's own error
 * from getSigners); nothing else escapes.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { Any } from 'cosmjs-types/google/protobuf/any';
import { AuthInfo, TxBody } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { Errors, SdkError } from '../types/errors.js';
import { isBytes, toHexUpper } from '../types/bytes.js';
import type { MsgRegistry } from './registry.js';
import { AuthInfoSchema, TxBodySchema } from './schema.js';
import { parseTxRaw } from './tx-raw.js';
import { rejectUnknownFields } from './unknown-fields.js';
import { WireError } from './wire.js';

/** CometBFT's default mempool max_tx_bytes. */
export const DEFAULT_MAX_TX_BYTES = 1024 * 1024;
/** The SDK's math.Int bound for coin amounts. */
const MAX_AMOUNT_BITS = 256;

export interface DecodeOptions {
  registry: MsgRegistry;
  /** Defaults to DEFAULT_MAX_TX_BYTES. */
  maxTxBytes?: number;
}

export interface FeeCoin {
  denom: string;
  /** May be negative here; validateTxBasic rejects that with the SDK's code 13. */
  amount: bigint;
}

export interface DecodedFee {
  amount: FeeCoin[];
  gasLimit: bigint;
  payer: string;
  granter: string;
}

export interface DecodedMsg {
  typeUrl: string;
  any: Any;
  msg: unknown;
}

export interface DecodedTx {
  /** The exact bytes received (a private copy); the tx hash is over these. */
  bytes: Uint8Array;
  hash: Uint8Array;
  /** Upper-case hex, as CometBFT shows it. */
  hashHex: string;
  bodyBytes: Uint8Array;
  authInfoBytes: Uint8Array;
  signatures: Uint8Array[];
  body: TxBody;
  authInfo: AuthInfo;
  msgs: DecodedMsg[];
  /** Required signers: distinct msg signers in order of first appearance, then the fee payer if set. */
  signers: string[];
  /** Absent fee field → undefined (validateTxBasic rejects it); CosmJS's simulate sends an empty one. */
  fee: DecodedFee | undefined;
  memo: string;
  timeoutHeight: bigint;
  /** TxBody carried unknown non-critical fields: allowed, but not with SIGN_MODE_LEGACY_AMINO_JSON. */
  bodyHasUnknownNonCriticals: boolean;
}

export function txHash(bytes: Uint8Array): Uint8Array {
  return sha256(bytes);
}

export function txHashHex(bytes: Uint8Array): string {
  return toHexUpper(sha256(bytes));
}

export function decodeTx(input: Uint8Array, opts: DecodeOptions): DecodedTx {
  const maxTxBytes = opts.maxTxBytes ?? DEFAULT_MAX_TX_BYTES;
  if (!isBytes(input)) throw Errors.TxDecode.wrap('tx bytes must be a byte array');
  if (input.length > maxTxBytes) {
    throw Errors.TxTooLarge.wrap(`tx too large. Max size is ${maxTxBytes}, but got ${input.length}`);
  }
  if (input.length === 0) throw Errors.TxDecode.wrap('tx bytes are empty');
  try {
    return decodeChecked(new Uint8Array(input), opts.registry);
  } catch (err) {
    if (err instanceof SdkError) throw err;
    throw Errors.TxDecode.wrap(err instanceof Error ? err.message : String(err));
  }
}

function decodeChecked(bytes: Uint8Array, registry: MsgRegistry): DecodedTx {
  const raw = parseTxRaw(bytes);
  const bodyHasUnknownNonCriticals = rejectUnknownFields(raw.bodyBytes, TxBodySchema, {
    allowUnknownNonCriticals: true,
    resolver: registry,
  });
  rejectUnknownFields(raw.authInfoBytes, AuthInfoSchema, { allowUnknownNonCriticals: false, resolver: registry });

  const body = TxBody.decode(raw.bodyBytes);
  const authInfo = AuthInfo.decode(raw.authInfoBytes);
  const msgs = body.messages.map((any) => ({ ...registry.decodeAny(any), any }));
  const fee = authInfo.fee
    ? {
        amount: authInfo.fee.amount.map((c) => ({ denom: c.denom, amount: parseAmount(c.amount) })),
        gasLimit: authInfo.fee.gasLimit,
        payer: authInfo.fee.payer,
        granter: authInfo.fee.granter,
      }
    : undefined;
  const hash = sha256(bytes);
  return {
    bytes,
    hash,
    hashHex: toHexUpper(hash),
    bodyBytes: raw.bodyBytes,
    authInfoBytes: raw.authInfoBytes,
    signatures: raw.signatures,
    body,
    authInfo,
    msgs,
    signers: registry.txSigners(msgs, fee?.payer ?? ''),
    fee,
    memo: body.memo,
    timeoutHeight: body.timeoutHeight,
    bodyHasUnknownNonCriticals,
  };
}

/** Decimal integers only (math.Int also takes "0x…" and "1_000"; no client sends those). */
function parseAmount(text: string): bigint {
  if (!/^-?[0-9]{1,100}$/.test(text)) throw new WireError(`invalid coin amount "${text.slice(0, 40)}"`);
  const value = BigInt(text);
  const magnitude = value < 0n ? -value : value;
  if (magnitude.toString(2).length > MAX_AMOUNT_BITS) throw new WireError(`coin amount out of range: ${text}`);
  return value;
}
