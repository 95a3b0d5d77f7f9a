import { createHash } from 'node:crypto';

export type VerifyFn = (signature: Uint8Array, signBytes: Uint8Array, pubKey: Uint8Array) => boolean;
export type VerifyAsyncFn = (signature: Uint8Array, signBytes: Uint8Array, pubKey: Uint8Array) => Promise<boolean>;

/** One signature to check: what the ante would verify for one signer of a tx. */
export interface VerifyJob {
  signature: Uint8Array;
  signBytes: Uint8Array;
  pubKey: Uint8Array;
}

export interface VerifyCacheStats {
  hits: number;
  misses: number;
  /** Signatures verified ahead of execution by verifyMany (on libuv's thread pool where the verifier allows). */
  preVerified: number;
}

/**
 * Remembers signatures already verified so each is checked once per node: CheckTx, a block's parallel pre-verification
 * and DeliverTx of the same tx then pay for one ECDSA verification between them. A verification is a pure function of
 * (signature, sign bytes, public key) and the key hashes all three, so only successes are cached and a cached success
 * never vouches for another key, message or signature.
 */
export class VerifyCache {
  private readonly ok = new Set<string>();
  readonly stats: VerifyCacheStats = { hits: 0, misses: 0, preVerified: 0 };

  constructor(
    private readonly opts: { capacity: number },
    private readonly deps: { verify: VerifyFn; verifyAsync?: VerifyAsyncFn },
  ) {}

  /** The synchronous check the ante calls: a cache hit, else a verification on this thread. */
  readonly verify: VerifyFn = (signature, signBytes, pubKey) => {
    const key = cacheKey(signature, signBytes, pubKey);
    if (this.ok.has(key)) {
      this.stats.hits++;
      return true;
    }
    this.stats.misses++;
    const valid = this.deps.verify(signature, signBytes, pubKey);
    if (valid) this.remember(key);
    return valid;
  };

  /**
   * Verifies the jobs not yet cached concurrently and caches the valid ones; invalid ones are simply not cached, so
   * the ante later verifies them again and rejects them with its own error. Never throws.
   */
  async verifyMany(jobs: readonly VerifyJob[]): Promise<void> {
    const verifyAsync = this.deps.verifyAsync ?? (async (s, m, p) => this.deps.verify(s, m, p));
    const todo = new Map<string, VerifyJob>();
    for (const j of jobs) {
      const key = cacheKey(j.signature, j.signBytes, j.pubKey);
      if (!this.ok.has(key)) todo.set(key, j);
    }
    await Promise.all(
      [...todo].map(async ([key, j]) => {
        const valid = await verifyAsync(j.signature, j.signBytes, j.pubKey).catch(() => false);
        if (valid) {
          this.stats.preVerified++;
          this.remember(key);
        }
      }),
    );
  }

  size(): number {
    return this.ok.size;
  }

  private remember(key: string): void {
    if (this.ok.size >= this.opts.capacity) this.ok.delete(this.ok.values().next().value!);
    this.ok.add(key);
  }
}

function cacheKey(signature: Uint8Array, signBytes: Uint8Array, pubKey: Uint8Array): string {
  // Length prefixes keep (signature, key) splits unambiguous; the sign bytes come last and need none.
  return createHash('sha256')
    .update(Uint8Array.of(signature.length))
    .update(signature)
    .update(Uint8Array.of(pubKey.length))
    .update(pubKey)
    .update(signBytes)
    .digest('base64');
}

/** A caching verify function for callers that need no batch verification (consensus votes). */
export function cachedVerifier(verify: VerifyFn, capacity = 50_000): VerifyFn {
  return new VerifyCache({ capacity }, { verify }).verify;
}
