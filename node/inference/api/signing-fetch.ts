/**
 * A `fetch` for the official `openai` client that signs every request as the developer (see signed-request.ts):
 *
 *   const client = new OpenAI({ baseURL, apiKey: 'signed', fetch: signingFetch({ privateKey, chainId, relay }) });
 *
 * The client retries a failed request with the same body (header x-stainless-retry-count > 0) and, when asked,
 * an `Idempotency-Key`: such a retry carries the *same* signature as the first attempt, so the relay sees the same
 * request id and never charges twice. A new call signs afresh (a new id), even with an identical body.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { secp256k1PubkeyFromPrivkey } from '../../../chain/crypto/secp256k1.js';
import { signRequest, signatureHeaders, type SignedRequest } from './signed-request.js';

export interface SigningFetchOpts {
  /** The developer's 32-byte secp256k1 private key. */
  privateKey: Uint8Array;
  chainId: string;
  /** The relay's address: `GET {baseURL}/relay` answers it. */
  relay: string;
  /** Injectable clock (ms) and underlying fetch (tests). */
  nowMs?: () => number;
  fetch?: typeof fetch;
}

const RETRY_HEADER = 'x-stainless-retry-count';
const IDEMPOTENCY_HEADER = 'idempotency-key';
const MAX_REMEMBERED = 256;

export function signingFetch(opts: SigningFetchOpts): typeof fetch {
  const pubKey = secp256k1PubkeyFromPrivkey(opts.privateKey);
  const inner = opts.fetch ?? globalThis.fetch;
  const now = opts.nowMs ?? Date.now;
  // Signatures of recent attempts, by idempotency key or body hash, for retries to reuse.
  const recent = new Map<string, SignedRequest>();
  return (async (input: Parameters<typeof fetch>[0], init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    const body =
      typeof init.body === 'string'
        ? new TextEncoder().encode(init.body)
        : init.body instanceof Uint8Array
          ? init.body
          : new Uint8Array(0);
    const idem = headers.get(IDEMPOTENCY_HEADER);
    const key = idem !== null ? `k:${idem}` : `b:${Buffer.from(sha256(body)).toString('hex')}`;
    const isRetry = Number(headers.get(RETRY_HEADER) ?? '0') > 0 || idem !== null;
    let signed = isRetry ? recent.get(key) : undefined;
    if (!signed || Buffer.compare(Buffer.from(signed.requestHash), Buffer.from(sha256(body))) !== 0) {
      signed = signRequest(body, BigInt(now()) * 1_000_000n, opts.privateKey, pubKey, opts);
      recent.delete(key);
      recent.set(key, signed);
      if (recent.size > MAX_REMEMBERED) recent.delete(recent.keys().next().value!);
    }
    for (const [k, v] of Object.entries(signatureHeaders(signed))) headers.set(k, v);
    return inner(input, { ...init, headers, body: init.body });
  }) as typeof fetch;
}
