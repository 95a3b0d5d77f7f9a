/**
 * Errors with Cosmos SDK codes and codespaces (cosmos-sdk types/errors). The log text of a wrapped error is
 * "<context>: <description>", exactly as the SDK renders `errorsmod.Wrap`, because wallets and scripts regex it.
 */
export class SdkError extends Error {
  constructor(
    readonly codespace: string,
    readonly code: number,
    /** The registered description, e.g. "insufficient funds". */
    readonly description: string,
    /** The full log text. */
    message: string = description,
  ) {
    super(message);
    this.name = 'SdkError';
  }

  /** Same code, with context in front: `wrap("spendable balance 1nicoin is smaller than 2nicoin")`. */
  wrap(context: string): SdkError {
    return new SdkError(this.codespace, this.code, this.description, `${context}: ${this.message}`);
  }

  is(other: SdkError): boolean {
    return this.codespace === other.codespace && this.code === other.code;
  }
}

const sdk = (code: number, description: string) => new SdkError('sdk', code, description);

/** The SDK's registered errors (codespace "sdk"). */
export const Errors = {
  TxDecode: sdk(2, 'tx parse error'),
  InvalidSequence: sdk(3, 'invalid sequence'),
  Unauthorized: sdk(4, 'unauthorized'),
  InsufficientFunds: sdk(5, 'insufficient funds'),
  UnknownRequest: sdk(6, 'unknown request'),
  InvalidAddress: sdk(7, 'invalid address'),
  InvalidPubKey: sdk(8, 'invalid pubkey'),
  UnknownAddress: sdk(9, 'unknown address'),
  InvalidCoins: sdk(10, 'invalid coins'),
  OutOfGas: sdk(11, 'out of gas'),
  MemoTooLarge: sdk(12, 'memo too large'),
  InsufficientFee: sdk(13, 'insufficient fee'),
  TooManySignatures: sdk(14, 'maximum number of signatures exceeded'),
  NoSignatures: sdk(15, 'no signatures supplied'),
  JSONMarshal: sdk(16, 'failed to marshal JSON bytes'),
  JSONUnmarshal: sdk(17, 'failed to unmarshal JSON bytes'),
  InvalidRequest: sdk(18, 'invalid request'),
  TxInMempoolCache: sdk(19, 'tx already in mempool'),
  MempoolIsFull: sdk(20, 'mempool is full'),
  TxTooLarge: sdk(21, 'tx too large'),
  KeyNotFound: sdk(22, 'key not found'),
  WrongPassword: sdk(23, 'invalid account password'),
  InvalidSigner: sdk(24, 'tx intended signer does not match the given signer'),
  InvalidGasAdjustment: sdk(25, 'invalid gas adjustment'),
  InvalidHeight: sdk(26, 'invalid height'),
  InvalidVersion: sdk(27, 'invalid version'),
  InvalidChainID: sdk(28, 'invalid chain-id'),
  InvalidType: sdk(29, 'invalid type'),
  TxTimeoutHeight: sdk(30, 'tx timeout height'),
  UnknownExtensionOptions: sdk(31, 'unknown extension options'),
  WrongSequence: sdk(32, 'incorrect account sequence'),
  PackAny: sdk(33, 'failed packing protobuf message to Any'),
  UnpackAny: sdk(34, 'failed unpacking protobuf message from Any'),
  Logic: sdk(35, 'internal logic error'),
  Conflict: sdk(36, 'conflict'),
  NotSupported: sdk(37, 'feature not supported'),
  NotFound: sdk(38, 'not found'),
  IO: sdk(39, 'Internal IO error'),
  AppConfig: sdk(40, 'error in app.toml'),
  InvalidGasLimit: sdk(41, 'invalid gas limit'),
} as const;

/** Non-SDK failures (a bug, a thrown TypeError) map to the SDK's internal error: codespace "undefined", code 1. */
export const InternalError = new SdkError('undefined', 1, 'internal');

export function toSdkError(err: unknown): SdkError {
  if (err instanceof SdkError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return InternalError.wrap(msg);
}
