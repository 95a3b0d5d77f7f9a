/**
 * The stateless checks the SDK runs on a decoded tx before touching accounts, with its codes and texts, in its
 * order: validateBasicTxMsgs (baseapp), then the ante's RejectExtensionOptions, ValidateBasic, TxTimeoutHeight,
 * ValidateMemo, the fee-grant guard of DeductFee and ValidateSigCount. Each check is exported on its own so an ante
 * can interleave the stateful steps (size gas, fee deduction) exactly where the SDK has them.
 */
import { bech32 } from '@scure/base';
import { LegacyAminoPubKey } from 'cosmjs-types/cosmos/crypto/multisig/keys';
import type { Any } from 'cosmjs-types/google/protobuf/any';
import { Errors } from '../types/errors.js';
import type { DecodedTx, FeeCoin } from './decode.js';
import { type AuthParams, DEFAULT_AUTH_PARAMS } from './gas.js';
import type { MsgRegistry } from './registry.js';
import { MultisigPubKeyTypeUrl } from './schema.js';

/** The SDK's MaxGasWanted: gas limits must fit an int64. */
const MAX_GAS_WANTED = (1n << 63n) - 1n;

export interface ValidateBasicOptions {
  registry: MsgRegistry;
  params?: AuthParams;
  /** Height of the block the tx would land in; when given, timeout_height is checked (code 30). */
  blockHeight?: bigint;
  /** Without the feegrant module a granter is refused, as SDK's DeductFeeDecorator does. */
  feeGrantsEnabled?: boolean;
}

export function validateTxBasic(tx: DecodedTx, opts: ValidateBasicOptions): void {
  const params = opts.params ?? DEFAULT_AUTH_PARAMS;
  checkMsgs(tx, opts.registry);
  checkUnsupportedFields(tx);
  checkExtensionOptions(tx);
  checkTxBasic(tx, opts.registry.bech32Prefix);
  if (opts.blockHeight !== undefined) checkTimeoutHeight(tx, opts.blockHeight);
  checkMemo(tx, params);
  checkFeeGranter(tx, opts.feeGrantsEnabled ?? false);
  checkSigCount(tx, params);
}

/** baseapp validateBasicTxMsgs: at least one message (code 18), then each message's own ValidateBasic. */
export function checkMsgs(tx: DecodedTx, registry: MsgRegistry): void {
  if (tx.msgs.length === 0) throw Errors.InvalidRequest.wrap('must contain at least one message');
  for (const m of tx.msgs) registry.validateBasic(m.typeUrl, m.msg);
}

/** SDK 0.53 fields this chain does not implement, and the deprecated tip: refused rather than silently ignored. */
export function checkUnsupportedFields(tx: DecodedTx): void {
  if (tx.body.unordered) throw Errors.NotSupported.wrap('unordered transactions are not supported');
  if (tx.body.timeoutTimestamp !== undefined) throw Errors.NotSupported.wrap('timeout_timestamp is not supported');
  if (tx.authInfo.tip !== undefined) throw Errors.NotSupported.wrap('tips are not supported');
}

/** Critical extension options are refused (code 31); non-critical ones are ignored, as in the SDK. */
export function checkExtensionOptions(tx: DecodedTx): void {
  if (tx.body.extensionOptions.length > 0) throw Errors.UnknownExtensionOptions;
}

/** The SDK's Tx.ValidateBasic plus the wrapper's signer count check. */
export function checkTxBasic(tx: DecodedTx, bech32Prefix: string): void {
  const fee = tx.fee;
  // The SDK returns an unregistered error here, which reaches clients as an opaque "internal"; 18 says what is wrong.
  if (!fee) throw Errors.InvalidRequest.wrap('missing fee');
  if (fee.gasLimit > MAX_GAS_WANTED) {
    throw Errors.InvalidRequest.wrap(`invalid gas supplied; ${fee.gasLimit} > ${MAX_GAS_WANTED}`);
  }
  if (fee.amount.some((c) => c.amount < 0n)) {
    throw Errors.InsufficientFee.wrap(`invalid fee provided: ${coinsToString(fee.amount)}`);
  }
  if (fee.payer !== '') {
    const problem = bech32Problem(fee.payer, bech32Prefix);
    if (problem) throw Errors.InvalidAddress.wrap(`Invalid fee payer address (${problem})`);
  }
  if (tx.signatures.length === 0) throw Errors.NoSignatures;
  if (tx.signatures.length !== tx.signers.length) {
    throw Errors.Unauthorized.wrap(
      `wrong number of signers; expected ${tx.signers.length}, got ${tx.signatures.length}`,
    );
  }
  if (tx.authInfo.signerInfos.length !== tx.signatures.length) {
    throw Errors.Unauthorized.wrap(
      `invalid number of signer infos; expected ${tx.signatures.length}, got ${tx.authInfo.signerInfos.length}`,
    );
  }
}

export function checkTimeoutHeight(tx: DecodedTx, blockHeight: bigint): void {
  if (tx.timeoutHeight > 0n && blockHeight > tx.timeoutHeight) {
    throw Errors.TxTimeoutHeight.wrap(
      `tx has timed out; timeout height: ${tx.timeoutHeight}, current height: ${blockHeight}`,
    );
  }
}

/** The SDK counts Go's len(memo): UTF-8 bytes, not characters. */
export function checkMemo(tx: DecodedTx, params: AuthParams = DEFAULT_AUTH_PARAMS): void {
  const length = BigInt(Buffer.byteLength(tx.memo, 'utf8'));
  if (length > params.maxMemoCharacters) {
    throw Errors.MemoTooLarge.wrap(
      `maximum number of characters is ${params.maxMemoCharacters} but received ${length} characters`,
    );
  }
}

export function checkFeeGranter(tx: DecodedTx, feeGrantsEnabled: boolean): void {
  if (!feeGrantsEnabled && tx.fee && tx.fee.granter !== '')
    throw Errors.InvalidRequest.wrap('fee grants are not enabled');
}

/** ValidateSigCount: keys in signer infos, multisig keys counted by their sub-keys (code 14). */
export function checkSigCount(tx: DecodedTx, params: AuthParams = DEFAULT_AUTH_PARAMS): void {
  let count = 0n;
  for (const info of tx.authInfo.signerInfos) {
    count += BigInt(countSubKeys(info.publicKey));
    if (count > params.txSigLimit) {
      throw Errors.TooManySignatures.wrap(`signatures: ${count}, limit: ${params.txSigLimit}`);
    }
  }
}

function countSubKeys(pk: Any | undefined): number {
  if (!pk) return 0;
  if (pk.typeUrl !== MultisigPubKeyTypeUrl) return 1;
  return LegacyAminoPubKey.decode(pk.value).publicKeys.reduce((n, sub) => n + countSubKeys(sub), 0);
}

export function coinsToString(coins: readonly FeeCoin[]): string {
  return coins.map((c) => `${c.amount}${c.denom}`).join(',');
}

function bech32Problem(address: string, prefix: string): string | undefined {
  try {
    const { prefix: got, words } = bech32.decode(address as `${string}1${string}`, 90);
    if (got !== prefix) return `invalid Bech32 prefix; expected ${prefix}, got ${got}`;
    const len = bech32.fromWords(words).length;
    if (len !== 20 && len !== 32) return `address length must be 20 or 32 bytes, got ${len}`;
    return undefined;
  } catch (err) {
    return `decoding bech32 failed: ${(err as Error).message}`;
  }
}
