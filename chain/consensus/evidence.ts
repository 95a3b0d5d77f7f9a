import { sha256 } from '@noble/hashes/sha2.js';
import { SUBLEVELS, type ChainDb, type SubDb } from '../store/db.js';
import type { DuplicateVoteEvidence, Evidence } from '../types/block.js';
import { equalBytes, toHexUpper } from '../types/bytes.js';
import { decodeEvidence, decodeVote, encodeEvidence, encodeVote } from '../block/proto-codec.js';
import { voteSignBytes } from './sign-bytes.js';
import { verifyEd25519 } from './signer.js';
import type { Vote } from '../types/vote.js';
import type { ValidatorSet } from '../block/validator-set.js';
import { blockIdKey } from './vote-set.js';

/**
 * Equivocation: two votes by one validator at one height/round/type for different blocks. Votes are ordered by block
 * id key so both halves of the network build byte-identical evidence.
 */
export function makeDuplicateVoteEvidence(
  a: Vote,
  b: Vote,
  validators: ValidatorSet,
  timestampNs: bigint,
): DuplicateVoteEvidence {
  const [first, second] = blockIdKey(a.blockId) < blockIdKey(b.blockId) ? [a, b] : [b, a];
  const val = validators.getByAddress(a.validatorAddress);
  if (!val) throw new Error('equivocating validator is not in the validator set');
  return {
    type: 'duplicate_vote',
    voteA: encodeVote(first),
    voteB: encodeVote(second),
    height: a.height,
    validatorAddress: a.validatorAddress,
    validatorPower: val.validator.votingPower,
    totalVotingPower: validators.totalVotingPower(),
    timestampNs,
  };
}

export function evidenceKey(ev: Evidence): string {
  return toHexUpper(sha256(encodeEvidence(ev)));
}

/** Throws a clear error unless `ev` is sound against the validator set of its height. */
export function verifyDuplicateVoteEvidence(
  chainId: string,
  ev: DuplicateVoteEvidence,
  validators: ValidatorSet,
): void {
  const a = decodeVote(ev.voteA);
  const b = decodeVote(ev.voteB);
  if (a.height !== b.height || a.round !== b.round || a.type !== b.type)
    throw new Error('evidence votes differ in height, round or type');
  if (a.height !== ev.height) throw new Error('evidence height does not match its votes');
  if (!equalBytes(a.validatorAddress, b.validatorAddress) || a.validatorIndex !== b.validatorIndex) {
    throw new Error('evidence votes are from different validators');
  }
  if (!equalBytes(a.validatorAddress, ev.validatorAddress))
    throw new Error('evidence validator address does not match its votes');
  if (blockIdKey(a.blockId) >= blockIdKey(b.blockId)) throw new Error('evidence votes are equal or out of order');
  const val = validators.getByAddress(a.validatorAddress);
  if (!val || val.index !== a.validatorIndex)
    throw new Error(`validator ${toHexUpper(a.validatorAddress)} was not in the set at height ${a.height}`);
  if (val.validator.votingPower !== ev.validatorPower)
    throw new Error('evidence validator power does not match the validator set');
  if (validators.totalVotingPower() !== ev.totalVotingPower)
    throw new Error('evidence total voting power does not match the validator set');
  for (const v of [a, b]) {
    if (!verifyEd25519(val.validator.pubKey, voteSignBytes(chainId, v), v.signature))
      throw new Error('evidence vote signature is invalid');
  }
}

/**
 * Evidence waiting to go into a block, and evidence already committed (sublevel `e`), so that none is committed twice.
 */
export class EvidencePool {
  private readonly sub: SubDb;
  private readonly pendingByKey = new Map<string, Evidence>();

  private constructor(private readonly db: ChainDb) {
    this.sub = db.sub(SUBLEVELS.evidence);
  }

  static async open(db: ChainDb): Promise<EvidencePool> {
    const pool = new EvidencePool(db);
    for await (const [k, v] of pool.sub.iterator({
      gte: new TextEncoder().encode('p/'),
      lt: new TextEncoder().encode('p0'),
    })) {
      const ev = decodeEvidence(v as Uint8Array);
      pool.pendingByKey.set(new TextDecoder().decode(k as Uint8Array).slice(2), ev);
    }
    return pool;
  }

  private k(prefix: 'p' | 'c', key: string): Uint8Array {
    return new TextEncoder().encode(`${prefix}/${key}`);
  }

  async isCommitted(ev: Evidence): Promise<boolean> {
    return (await this.sub.get(this.k('c', evidenceKey(ev)))) !== undefined;
  }

  /** Adds verified evidence; false when it is already pending or committed. */
  async add(ev: Evidence): Promise<boolean> {
    const key = evidenceKey(ev);
    if (this.pendingByKey.has(key) || (await this.isCommitted(ev))) return false;
    this.pendingByKey.set(key, ev);
    await this.db.batch([{ type: 'put', sublevel: this.sub, key: this.k('p', key), value: encodeEvidence(ev) }]);
    return true;
  }

  /** Pending evidence for a proposal at `height`, oldest first, within `maxBytes`. */
  pending(height: number, maxBytes: number): Evidence[] {
    const out: Evidence[] = [];
    let size = 0;
    const sorted = [...this.pendingByKey.values()].sort((x, y) => x.height - y.height);
    for (const ev of sorted) {
      if (ev.height >= height) continue;
      const n = encodeEvidence(ev).length;
      if (size + n > maxBytes) break;
      size += n;
      out.push(ev);
    }
    return out;
  }

  get size(): number {
    return this.pendingByKey.size;
  }

  async markCommitted(height: number, evs: readonly Evidence[]): Promise<void> {
    if (evs.length === 0) return;
    const ops = evs.flatMap((ev) => {
      const key = evidenceKey(ev);
      this.pendingByKey.delete(key);
      return [
        { type: 'del' as const, sublevel: this.sub, key: this.k('p', key) },
        {
          type: 'put' as const,
          sublevel: this.sub,
          key: this.k('c', key),
          value: new TextEncoder().encode(String(height)),
        },
      ];
    });
    await this.db.batch(ops, { sync: true });
  }

  /** Drops pending evidence older than the evidence age limit. */
  prune(currentHeight: number, maxAgeNumBlocks: number): void {
    for (const [k, ev] of this.pendingByKey) {
      if (currentHeight - ev.height > maxAgeNumBlocks) this.pendingByKey.delete(k);
    }
  }
}
