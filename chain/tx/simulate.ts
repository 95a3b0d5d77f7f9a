/**
 * What Simulate needs from tx handling. CosmJS simulates with a Tx (wire-identical to TxRaw) holding one EMPTY
 * signature, sign mode UNSPECIFIED and an empty fee; it decodes like any tx, and the ante skips signature checks.
 * Size gas is charged as the SDK's ConsumeGasForTxSizeDecorator does in simulate mode: for every signer whose
 * signature is missing or empty, the size of a full amino StdSignature is added, so simulated gas bounds the real tx.
 */
import { Tx } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import type { SimulateRequest } from 'cosmjs-types/cosmos/tx/v1beta1/service';
import { Errors } from '../types/errors.js';
import { type DecodeOptions, type DecodedTx, decodeTx } from './decode.js';
import { type AuthParams, DEFAULT_AUTH_PARAMS } from './gas.js';

/**
 * Bytes the SDK adds per unsigned signer: len(amino(StdSignature{secp256k1 pubkey, 64-byte sig})) + 6.
 * amino: pub_key field = tag 1 + len 1 + (4-byte type prefix + len 1 + 33-byte key) = 40; signature = 1 + 1 + 64 = 66;
 * 40 + 66 = 106, + 6 = 112.
 */
const SIMULATED_SIGNATURE_BYTES = 112n;

export interface SimulationTx {
  tx: DecodedTx;
  /** The ante must not verify signatures (nor require a sign mode) for a simulated tx. */
  skipSignatureVerification: true;
}

export function decodeSimulateTx(bytes: Uint8Array, opts: DecodeOptions): SimulationTx {
  return { tx: decodeTx(bytes, opts), skipSignatureVerification: true };
}

/** SimulateRequest.tx_bytes, or the deprecated `tx` field encoded (wire-identical to TxRaw). */
export function simulateRequestTxBytes(req: Pick<SimulateRequest, 'tx' | 'txBytes'>): Uint8Array {
  if (req.txBytes && req.txBytes.length > 0) return req.txBytes;
  if (req.tx) return Tx.encode(req.tx).finish();
  throw Errors.InvalidRequest.wrap('empty txBytes is not allowed');
}

function isIncompleteSignature(sig: Uint8Array | undefined): boolean {
  return sig === undefined || sig.length === 0;
}

/** Gas for the tx's size ("txSize"); in simulate mode padded for each signer without a signature. */
export function txSizeGas(tx: DecodedTx, simulate: boolean, params: AuthParams = DEFAULT_AUTH_PARAMS): bigint {
  let gas = params.txSizeCostPerByte * BigInt(tx.bytes.length);
  if (simulate) {
    tx.signers.forEach((_, i) => {
      if (isIncompleteSignature(tx.signatures[i])) gas += SIMULATED_SIGNATURE_BYTES * params.txSizeCostPerByte;
    });
  }
  return gas;
}
