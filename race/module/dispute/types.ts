/**
 * The data of the dispute machine: plain values in, plain values out, no store. A *claim* is one party's assertion
 * that a set of items is correct (Race: a participant's nonces of one epoch, items = nonces; inference: a task's
 * output, items = the checkable parts of it). Items are distinct string keys (Race: the nonce in decimal).
 */
export interface Claim {
  /** Bytes that name the claim in randomness (Race: the participant's address bytes; inference: the task id). */
  id: Uint8Array;
  claimant: string;
  items: readonly string[];
  /** What the claim is worth when every item holds (Race: the nonce count). */
  value: bigint;
}

/** A validator's weight in force; only weights > 0 take part. */
export interface WeightedParty {
  address: string;
  weight: bigint;
}

/** The committee of one claim: the sampled items and, for each, the checkers who re-run it. */
export interface ClaimPlan {
  claim: Claim;
  /** Sampled items, in the claim's order. */
  items: string[];
  /** checkers[i] re-run items[i]: `checkersPerItem` distinct parties (fewer only when fewer have weight). */
  checkers: string[][];
}

export type Verdict = 'pass' | 'fail';

/** What each checker posted: checker → item → verdict. A missing entry is a check not done. */
export type CheckReports = ReadonlyMap<string, ReadonlyMap<string, Verdict>>;

/** How an item stands after the committee: every assigned checker passed it, or it goes to re-verification. */
export interface ItemStatus {
  item: string;
  checkers: string[];
  disputed: boolean;
  /** Why it is disputed: a checker failed it (member vs claimant, and member vs member when another passed it), or nobody checked it. */
  reason?: 'failed' | 'unchecked';
}

/** Re-verification votes on disputed items: voter → item → verdict. */
export type ReverifyVotes = ReadonlyMap<string, ReadonlyMap<string, Verdict>>;

/** A disputed item after re-verification: only a side holding > 1/2 of the eligible weight decides it. */
export type ItemDecision = 'valid' | 'invalid' | 'undecided';

/** 'double-sign': consensus evidence against its validator (BeginBlock), epoch = the epoch the evidence arrived in. */
export type ConvictionKind = 'forgery' | 'false-validation' | 'false-reverification' | 'double-sign';

/**
 * A binding finding against a participant for the proofs (or tasks) of `epoch`: its weight from that epoch is 0, it
 * is excluded for the `exclusionEpochs` epochs after, and its reputation resets. The rewards issue reads these.
 */
export interface Conviction {
  participant: string;
  epoch: bigint;
  kind: ConvictionKind;
  /** Wrong results counted against it, and how many it had checked or claimed (the evidence in numbers). */
  wrong: number;
  of: number;
  exclusionEpochs: bigint;
}
