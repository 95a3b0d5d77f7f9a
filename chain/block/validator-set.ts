import { SimpleValidator, ValidatorSet as PbValidatorSet } from 'cosmjs-types/tendermint/types/validator';
import type { Validator } from '../types/block.js';
import { equalBytes, compareBytes, toHexUpper } from '../types/bytes.js';
import { merkleRoot } from './merkle.js';

/**
 * A weighted validator set with CometBFT's proposer selection (types/validator_set.go): priorities grow by voting
 * power each round, the highest priority proposes and pays the total power back; priorities are kept centred and
 * within a window of 2×total power. Order: power descending, then address ascending. All arithmetic is int64 with
 * clipping, on bigint, so results equal Go's bit for bit.
 */
const MAX_TOTAL_VOTING_POWER = 9_223_372_036_854_775_807n / 8n;
const PRIORITY_WINDOW_SIZE_FACTOR = 2n;
const INT64_MAX = 9_223_372_036_854_775_807n;
const INT64_MIN = -9_223_372_036_854_775_808n;

export interface ValidatorChange {
  address: Uint8Array;
  pubKey: Uint8Array;
  /** 0 removes. */
  votingPower: bigint;
}

function clip(n: bigint): bigint {
  return n > INT64_MAX ? INT64_MAX : n < INT64_MIN ? INT64_MIN : n;
}

function copyValidator(v: Validator): Validator {
  return { address: v.address, pubKey: v.pubKey, votingPower: v.votingPower, proposerPriority: v.proposerPriority };
}

/** CometBFT's CompareProposerPriority: higher priority wins, ties go to the smaller address. */
function morePriority(a: Validator | null, b: Validator): Validator {
  if (a === null) return b;
  if (a.proposerPriority > b.proposerPriority) return a;
  if (a.proposerPriority < b.proposerPriority) return b;
  const c = compareBytes(a.address, b.address);
  if (c < 0) return a;
  if (c > 0) return b;
  throw new Error('two validators with the same address');
}

function byPowerThenAddress(a: Validator, b: Validator): number {
  if (a.votingPower !== b.votingPower) return a.votingPower > b.votingPower ? -1 : 1;
  return compareBytes(a.address, b.address);
}

export class ValidatorSet {
  private constructor(
    private vals: Validator[],
    private proposerCache: Validator | null,
  ) {}

  /** NewValidatorSet: builds from scratch (no removals allowed) and increments priorities once. */
  static fromValidators(list: readonly ValidatorChange[]): ValidatorSet {
    if (list.length === 0) throw new Error('a validator set needs at least one validator');
    const set = new ValidatorSet([], null);
    set.applyChanges(list, false);
    set.incrementProposerPriority(1);
    return set;
  }

  /** Rebuilds a stored set exactly as it was (priorities and proposer untouched). */
  static fromExisting(list: readonly Validator[], proposerAddress?: Uint8Array): ValidatorSet {
    if (list.length === 0) throw new Error('a validator set needs at least one validator');
    const vals = list.map(copyValidator);
    const set = new ValidatorSet(vals, null);
    set.totalVotingPower();
    if (proposerAddress) {
      const p = vals.find((v) => equalBytes(v.address, proposerAddress));
      if (!p) throw new Error(`stored proposer ${toHexUpper(proposerAddress)} is not in the validator set`);
      set.proposerCache = p;
    }
    return set;
  }

  get validators(): readonly Validator[] {
    return this.vals;
  }

  get size(): number {
    return this.vals.length;
  }

  copy(): ValidatorSet {
    const vals = this.vals.map(copyValidator);
    const p = this.proposerCache
      ? (vals.find((v) => equalBytes(v.address, this.proposerCache!.address)) ?? null)
      : null;
    return new ValidatorSet(vals, p);
  }

  totalVotingPower(): bigint {
    let sum = 0n;
    for (const v of this.vals) {
      sum = clip(sum + v.votingPower);
      if (sum > MAX_TOTAL_VOTING_POWER)
        throw new Error(`total voting power ${sum} exceeds maximum ${MAX_TOTAL_VOTING_POWER}`);
    }
    return sum;
  }

  /** Voting power strictly above 2/3 of the total: the quorum every commit and polka needs. */
  quorum(): bigint {
    return (this.totalVotingPower() * 2n) / 3n + 1n;
  }

  /** More than 1/3 of the total: enough to include one honest validator. */
  oneThirdPlus(): bigint {
    return this.totalVotingPower() / 3n + 1n;
  }

  getByAddress(address: Uint8Array): { index: number; validator: Validator } | null {
    const index = this.vals.findIndex((v) => equalBytes(v.address, address));
    return index < 0 ? null : { index, validator: this.vals[index]! };
  }

  getByIndex(index: number): Validator | null {
    return Number.isInteger(index) && index >= 0 && index < this.vals.length ? this.vals[index]! : null;
  }

  proposer(): Validator {
    if (this.vals.length === 0) throw new Error('empty validator set has no proposer');
    if (!this.proposerCache) {
      let p: Validator | null = null;
      for (const v of this.vals) p = morePriority(p, v);
      this.proposerCache = p;
    }
    return this.proposerCache!;
  }

  /** The proposer of round `round` at the height this set belongs to (the set itself is not changed). */
  proposerForRound(round: number): Validator {
    if (round === 0) return this.proposer();
    const c = this.copy();
    c.incrementProposerPriority(round);
    return c.proposer();
  }

  incrementProposerPriority(times: number): void {
    if (this.vals.length === 0) throw new Error('empty validator set');
    if (times <= 0) throw new Error('incrementProposerPriority needs a positive count');
    this.rescalePriorities(PRIORITY_WINDOW_SIZE_FACTOR * this.totalVotingPower());
    this.shiftByAvgProposerPriority();
    let proposer: Validator | null = null;
    const total = this.totalVotingPower();
    for (let i = 0; i < times; i++) {
      for (const v of this.vals) v.proposerPriority = clip(v.proposerPriority + v.votingPower);
      let most: Validator | null = null;
      for (const v of this.vals) most = morePriority(most, v);
      most!.proposerPriority = clip(most!.proposerPriority - total);
      proposer = most;
    }
    this.proposerCache = proposer;
  }

  copyIncrementProposerPriority(times: number): ValidatorSet {
    const c = this.copy();
    c.incrementProposerPriority(times);
    return c;
  }

  private rescalePriorities(diffMax: bigint): void {
    if (diffMax <= 0n) return;
    let max = INT64_MIN;
    let min = INT64_MAX;
    for (const v of this.vals) {
      if (v.proposerPriority < min) min = v.proposerPriority;
      if (v.proposerPriority > max) max = v.proposerPriority;
    }
    let diff = max - min;
    if (diff < 0n) diff = -diff;
    const ratio = (diff + diffMax - 1n) / diffMax;
    if (diff > diffMax) for (const v of this.vals) v.proposerPriority = v.proposerPriority / ratio;
  }

  private shiftByAvgProposerPriority(): void {
    const n = BigInt(this.vals.length);
    let sum = 0n;
    for (const v of this.vals) sum += v.proposerPriority;
    // Go's big.Int Div is Euclidean: for a positive divisor it rounds toward negative infinity.
    let avg = sum / n;
    if (sum % n !== 0n && sum < 0n) avg -= 1n;
    for (const v of this.vals) v.proposerPriority = clip(v.proposerPriority - avg);
  }

  /** UpdateWithChangeSet: adds, updates (power 0 removes); new validators start at -1.125×total so re-bonding gains nothing. */
  updateWithChangeSet(changes: readonly ValidatorChange[]): void {
    this.applyChanges(changes, true);
  }

  private applyChanges(changes: readonly ValidatorChange[], allowDeletes: boolean): void {
    if (changes.length === 0) return;
    const sorted = [...changes].sort((a, b) => compareBytes(a.address, b.address));
    const updates: Validator[] = [];
    const deletes: ValidatorChange[] = [];
    for (let i = 0; i < sorted.length; i++) {
      const c = sorted[i]!;
      if (i > 0 && equalBytes(c.address, sorted[i - 1]!.address))
        throw new Error(`duplicate validator ${toHexUpper(c.address)} in changes`);
      if (c.votingPower < 0n) throw new Error(`voting power can't be negative: ${c.votingPower}`);
      if (c.votingPower > MAX_TOTAL_VOTING_POWER)
        throw new Error(`voting power can't be higher than ${MAX_TOTAL_VOTING_POWER}`);
      if (c.votingPower === 0n) deletes.push(c);
      else updates.push({ address: c.address, pubKey: c.pubKey, votingPower: c.votingPower, proposerPriority: 0n });
    }
    if (!allowDeletes && deletes.length) throw new Error('cannot create a validator set with zero-power validators');
    const newCount = updates.filter((u) => !this.getByAddress(u.address)).length;
    if (newCount === 0 && this.vals.length === deletes.length)
      throw new Error('applying the validator changes would result in an empty set');
    let removedPower = 0n;
    for (const d of deletes) {
      const cur = this.getByAddress(d.address);
      if (!cur) throw new Error(`failed to find validator ${toHexUpper(d.address)} to remove`);
      removedPower += cur.validator.votingPower;
    }
    const delta = (u: Validator): bigint => u.votingPower - (this.getByAddress(u.address)?.validator.votingPower ?? 0n);
    let tvp = this.vals.reduce((s, v) => s + v.votingPower, 0n) - removedPower;
    for (const u of [...updates].sort((a, b) => (delta(a) < delta(b) ? -1 : delta(a) > delta(b) ? 1 : 0))) {
      tvp += delta(u);
      if (tvp > MAX_TOTAL_VOTING_POWER)
        throw new Error(`total voting power of resulting valset exceeds max ${MAX_TOTAL_VOTING_POWER}`);
    }
    const tvpAfterUpdatesBeforeRemovals = tvp + removedPower;
    for (const u of updates) {
      const cur = this.getByAddress(u.address);
      u.proposerPriority = cur
        ? cur.validator.proposerPriority
        : -(tvpAfterUpdatesBeforeRemovals + (tvpAfterUpdatesBeforeRemovals >> 3n));
    }
    const merged = new Map<string, Validator>();
    for (const v of this.vals) merged.set(toHexUpper(v.address), v);
    for (const u of updates) merged.set(toHexUpper(u.address), u);
    for (const d of deletes) merged.delete(toHexUpper(d.address));
    this.vals = [...merged.values()];
    this.proposerCache = null;
    this.totalVotingPower();
    this.rescalePriorities(PRIORITY_WINDOW_SIZE_FACTOR * this.totalVotingPower());
    this.shiftByAvgProposerPriority();
    this.vals.sort(byPowerThenAddress);
  }

  /** validators_hash: merkle root of SimpleValidator{pub_key, voting_power} per validator, in set order. */
  hash(): Uint8Array {
    return merkleRoot(
      this.vals.map((v) =>
        SimpleValidator.encode({ pubKey: { ed25519: v.pubKey }, votingPower: v.votingPower }).finish(),
      ),
    );
  }

  encode(): Uint8Array {
    return PbValidatorSet.encode({
      validators: this.vals.map((v) => ({
        address: v.address,
        pubKey: { ed25519: v.pubKey },
        votingPower: v.votingPower,
        proposerPriority: v.proposerPriority,
      })),
      proposer: (() => {
        const p = this.proposer();
        return {
          address: p.address,
          pubKey: { ed25519: p.pubKey },
          votingPower: p.votingPower,
          proposerPriority: p.proposerPriority,
        };
      })(),
      totalVotingPower: 0n,
    }).finish();
  }

  static decode(bytes: Uint8Array): ValidatorSet {
    const p = PbValidatorSet.decode(bytes);
    return ValidatorSet.fromExisting(
      p.validators.map((v) => ({
        address: v.address,
        pubKey: v.pubKey.ed25519 ?? new Uint8Array(0),
        votingPower: v.votingPower,
        proposerPriority: v.proposerPriority,
      })),
      p.proposer?.address,
    );
  }
}
