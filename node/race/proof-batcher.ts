/** Collects the miner's proofs (distinct nonces) and hands them out in size-bounded batches. Pure. */
export class ProofBatcher {
  private readonly seen = new Set<bigint>();
  private queue: bigint[] = [];

  constructor(private readonly maxNonces: number) {
    if (!Number.isInteger(maxNonces) || maxNonces < 1)
      throw new Error(`proof batch size must be a positive integer, got ${maxNonces}`);
  }

  /** Adds a nonce; a repeat is ignored (the chain would reject it as a duplicate). */
  add(nonce: bigint): boolean {
    if (this.seen.has(nonce)) return false;
    this.seen.add(nonce);
    this.queue.push(nonce);
    return true;
  }

  /** A nonce already on chain (after a restart): never queued again. */
  markDone(nonce: bigint): void {
    this.seen.add(nonce);
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Every distinct nonce added so far. */
  get total(): number {
    return this.seen.size;
  }

  /** Takes up to `maxBatches` batches of at most maxNonces nonces each, oldest first. */
  take(maxBatches = Number.MAX_SAFE_INTEGER): bigint[][] {
    const out: bigint[][] = [];
    while (this.queue.length > 0 && out.length < maxBatches) out.push(this.queue.splice(0, this.maxNonces));
    return out;
  }

  /** Puts a batch back at the front (its submission was refused and may succeed later). */
  putBack(batch: readonly bigint[]): void {
    this.queue = [...batch, ...this.queue];
  }
}
