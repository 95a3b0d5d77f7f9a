/**
 * Who pays for a request: the developer's secp256k1 signature over the module's request sign bytes (chain id, this
 * relay's address, sha256 of the exact body bytes, a nanosecond timestamp), carried in three headers. The same
 * bytes the chain verifies in MsgStartInferences (modules/inference/sign-bytes.ts), so a request that passes here
 * passes there, and one that fails here is refused before anything is charged.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { addressBytesFromSecp256k1, toBech32 } from '../../../chain/crypto/address.js';
import { signSecp256k1, verifySecp256k1 } from '../../../chain/crypto/secp256k1.js';
import { requestSignBytes } from '../../../modules/inference/sign-bytes.js';
import { unauthorized } from './api-error.js';

export const SIGNATURE_HEADERS = {
  pubKey: 'x-race-pubkey',
  timestamp: 'x-race-timestamp',
  signature: 'x-race-signature',
} as const;

export interface SignedRequest {
  requesterPubKey: Uint8Array;
  requester: string;
  requestHash: Uint8Array;
  requestTimeNs: bigint;
  signature: Uint8Array;
}

export interface RelayIdentity {
  chainId: string;
  relay: string;
}

/** Signs a body as the developer would (the api-key path and the client helper both use it). */
export function signRequest(
  body: Uint8Array,
  timeNs: bigint,
  privKey: Uint8Array,
  pubKey: Uint8Array,
  id: RelayIdentity,
): SignedRequest {
  const requestHash = sha256(body);
  const signature = signSecp256k1(requestSignBytes(id.chainId, id.relay, requestHash, timeNs), privKey);
  return {
    requesterPubKey: pubKey,
    requester: toBech32(addressBytesFromSecp256k1(pubKey)),
    requestHash,
    requestTimeNs: timeNs,
    signature,
  };
}

export function signatureHeaders(s: SignedRequest): Record<string, string> {
  return {
    [SIGNATURE_HEADERS.pubKey]: Buffer.from(s.requesterPubKey).toString('base64'),
    [SIGNATURE_HEADERS.timestamp]: s.requestTimeNs.toString(),
    [SIGNATURE_HEADERS.signature]: Buffer.from(s.signature).toString('base64'),
  };
}

export const hasSignatureHeaders = (h: Record<string, string | string[] | undefined>): boolean =>
  h[SIGNATURE_HEADERS.signature] !== undefined;

function b64(v: string | string[] | undefined, name: string, len: number): Uint8Array {
  if (typeof v !== 'string' || !/^[A-Za-z0-9+/]+=*$/.test(v)) throw unauthorized(`${name}: expected base64`);
  const bytes = new Uint8Array(Buffer.from(v, 'base64'));
  if (bytes.length !== len) throw unauthorized(`${name}: expected ${len} bytes, got ${bytes.length}`);
  return bytes;
}

/**
 * Checks the signature headers against the exact body. `nowNs` is this node's clock: the chain checks the same
 * window against block time, so a stale request is refused here before it could be started.
 */
export function verifySignedRequest(
  headers: Record<string, string | string[] | undefined>,
  body: Uint8Array,
  id: RelayIdentity,
  nowNs: bigint,
  windowSeconds: bigint,
): SignedRequest {
  const pubKey = b64(headers[SIGNATURE_HEADERS.pubKey], SIGNATURE_HEADERS.pubKey, 33);
  const signature = b64(headers[SIGNATURE_HEADERS.signature], SIGNATURE_HEADERS.signature, 64);
  const ts = headers[SIGNATURE_HEADERS.timestamp];
  if (typeof ts !== 'string' || !/^[0-9]{1,20}$/.test(ts))
    throw unauthorized(`${SIGNATURE_HEADERS.timestamp}: expected Unix time in nanoseconds`);
  const timeNs = BigInt(ts);
  const window = windowSeconds * 1_000_000_000n;
  if (timeNs + window < nowNs || timeNs > nowNs + window)
    throw unauthorized(
      `stale request: its timestamp is more than ${windowSeconds}s from this node's clock; sign it again`,
    );
  const requestHash = sha256(body);
  let ok: boolean;
  try {
    ok = verifySecp256k1(signature, requestSignBytes(id.chainId, id.relay, requestHash, timeNs), pubKey);
  } catch {
    ok = false;
  }
  if (!ok)
    throw unauthorized(
      `bad signature: it does not sign sha256(body), ${SIGNATURE_HEADERS.timestamp} and this relay (${id.relay}) on ${id.chainId}`,
    );
  return {
    requesterPubKey: pubKey,
    requester: toBech32(addressBytesFromSecp256k1(pubKey)),
    requestHash,
    requestTimeNs: timeNs,
    signature,
  };
}
