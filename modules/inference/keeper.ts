import type { Context } from '../../chain/app/context.js';
import { toBech32 } from '../../chain/crypto/address.js';
import { prefixEnd, readU64Key, u64Key, type KVStore } from '../../chain/store/kv.js';
import { EpochStats, Executor, Inference, Params, PendingReward } from '../../proto/gen/race/inference/v1/types.js';
import type {
  AccountSource,
  BankSource,
  ModelSource,
  PriceSource,
  RandomnessSource,
  SettlementHook,
  WeightSource,
} from './expected-keepers.js';
import {
  INFERENCE_STORE_KEY,
  InferencePrefix,
  byRequesterKey,
  byRequesterPrefix,
  executorKey,
  inferenceKey,
  modelExecutorKey,
  modelExecutorsPrefix,
  openKey,
  pendingKey,
  settledKey,
  single,
  statsKey,
  statsPrefix,
} from './keys.js';
import {
  DEFAULT_INFERENCE_PARAMS,
  inferenceParamsFromProto,
  inferenceParamsToProto,
  type InferenceParams,
} from './params.js';

export interface InferenceKeeperDeps {
  bank: BankSource;
  accounts: AccountSource;
  weights: WeightSource;
  prices: PriceSource;
  models: ModelSource;
  randomness: RandomnessSource;
  /** Absent in harnesses without the issuance module: nothing is minted and no training share is taken. */
  issuance?: SettlementHook;
}

function* scan(kv: KVStore, prefix: Uint8Array): Generator<[Uint8Array, Uint8Array]> {
  yield* kv.iterate(prefix, prefixEnd(prefix));
}

export function emptyStats(participant: string, epoch: bigint): EpochStats {
  return {
    epoch,
    participant,
    served: 0n,
    missed: 0n,
    disputed: 0n,
    promptTokens: 0n,
    completionTokens: 0n,
    earned: '0',
    relayed: 0n,
    relayFees: '0',
  };
}

/** Typed access to the inference module's state; the state transitions live in start.ts, finish.ts and end-block.ts. */
export class InferenceKeeper {
  constructor(readonly deps: InferenceKeeperDeps) {}

  kv(ctx: Context): KVStore {
    return ctx.kv(INFERENCE_STORE_KEY);
  }

  getParams(ctx: Context): InferenceParams {
    const raw = this.kv(ctx).get(single(InferencePrefix.Params));
    return raw ? inferenceParamsFromProto(Params.decode(raw)) : DEFAULT_INFERENCE_PARAMS;
  }
  setParams(ctx: Context, p: InferenceParams): void {
    this.kv(ctx).set(single(InferencePrefix.Params), Params.encode(inferenceParamsToProto(p)).finish());
  }

  getExecutor(ctx: Context, address: string): Executor | undefined {
    const raw = this.kv(ctx).get(executorKey(address));
    return raw ? Executor.decode(raw) : undefined;
  }
  /** Writes the executor and keeps the model → executors index in step with its models. */
  setExecutor(ctx: Context, e: Executor): void {
    for (const m of this.getExecutor(ctx, e.address)?.models ?? []) this.kv(ctx).delete(modelExecutorKey(m, e.address));
    this.kv(ctx).set(executorKey(e.address), Executor.encode(e).finish());
    for (const m of e.models) this.kv(ctx).set(modelExecutorKey(m, e.address), new Uint8Array(0));
  }
  /** Addresses serving `model`, ordered by address bytes (the draw's order). */
  executorsOf(ctx: Context, model: string): string[] {
    const skip = modelExecutorsPrefix(model).length;
    return [...scan(this.kv(ctx), modelExecutorsPrefix(model))].map(([k]) =>
      toBech32(k.subarray(skip + 1, skip + 1 + k[skip]!)),
    );
  }
  /** Every declared executor, ordered by address bytes (the draw's order). */
  executors(ctx: Context): Executor[] {
    return [...scan(this.kv(ctx), single(InferencePrefix.Executor))].map(([, v]) => Executor.decode(v));
  }

  getInference(ctx: Context, id: Uint8Array): Inference | undefined {
    const raw = this.kv(ctx).get(inferenceKey(id));
    return raw ? Inference.decode(raw) : undefined;
  }
  hasInference(ctx: Context, id: Uint8Array): boolean {
    return this.kv(ctx).has(inferenceKey(id));
  }
  /** Writes the record and its requester index entry. */
  setInference(ctx: Context, r: Inference): void {
    this.kv(ctx).set(inferenceKey(r.id), Inference.encode(r).finish());
    this.kv(ctx).set(byRequesterKey(r.requester, r.sequence, r.id), new Uint8Array(0));
  }
  deleteInference(ctx: Context, r: Inference): void {
    this.kv(ctx).delete(inferenceKey(r.id));
    this.kv(ctx).delete(byRequesterKey(r.requester, r.sequence, r.id));
  }
  /** Every record, ordered by id (genesis export). */
  inferences(ctx: Context): Inference[] {
    return [...scan(this.kv(ctx), single(InferencePrefix.Inference))].map(([, v]) => Inference.decode(v));
  }
  /** A requester's records, oldest first. */
  inferencesOf(ctx: Context, requester: string): Inference[] {
    const out: Inference[] = [];
    for (const [k] of scan(this.kv(ctx), byRequesterPrefix(requester))) {
      const r = this.getInference(ctx, k.subarray(k.length - 32));
      if (r) out.push(r);
    }
    return out;
  }

  markOpen(ctx: Context, expiryHeight: bigint, id: Uint8Array, open: boolean): void {
    if (open) this.kv(ctx).set(openKey(expiryHeight, id), new Uint8Array(0));
    else this.kv(ctx).delete(openKey(expiryHeight, id));
  }
  /** Open requests in expiry order, at most `limit`, with expiry height ≤ `upTo` (all when undefined). */
  openIds(ctx: Context, upTo?: bigint, limit = Number.MAX_SAFE_INTEGER): Uint8Array[] {
    const end = upTo === undefined ? prefixEnd(single(InferencePrefix.Open)) : openKey(upTo + 1n, new Uint8Array(0));
    const out: Uint8Array[] = [];
    for (const [k] of this.kv(ctx).iterate(single(InferencePrefix.Open), end)) {
      if (out.length >= limit) break;
      out.push(k.slice(9));
    }
    return out;
  }

  markSettled(ctx: Context, epoch: bigint, id: Uint8Array, settled: boolean): void {
    if (settled) this.kv(ctx).set(settledKey(epoch, id), new Uint8Array(0));
    else this.kv(ctx).delete(settledKey(epoch, id));
  }
  /** Settled records of epochs ≤ `upTo`, oldest epoch first, at most `limit`. */
  settledUpTo(ctx: Context, upTo: bigint, limit: number): Array<{ epoch: bigint; id: Uint8Array }> {
    const out: Array<{ epoch: bigint; id: Uint8Array }> = [];
    for (const [k] of this.kv(ctx).iterate(single(InferencePrefix.Settled), settledKey(upTo + 1n, new Uint8Array(0)))) {
      if (out.length >= limit) break;
      out.push({ epoch: readU64Key(k, 1), id: k.slice(9) });
    }
    return out;
  }

  getStats(ctx: Context, participant: string, epoch: bigint): EpochStats {
    const raw = this.kv(ctx).get(statsKey(participant, epoch));
    return raw ? EpochStats.decode(raw) : emptyStats(participant, epoch);
  }
  setStats(ctx: Context, s: EpochStats): void {
    this.kv(ctx).set(statsKey(s.participant, s.epoch), EpochStats.encode(s).finish());
  }
  /** Applies `f` to a participant's stats of the current epoch. */
  updateStats(ctx: Context, participant: string, f: (s: EpochStats) => EpochStats): void {
    this.setStats(ctx, f(this.getStats(ctx, participant, this.deps.weights.currentEpoch(ctx))));
  }
  statsOf(ctx: Context, participant: string): EpochStats[] {
    return [...scan(this.kv(ctx), statsPrefix(participant))].map(([, v]) => EpochStats.decode(v));
  }
  allStats(ctx: Context): EpochStats[] {
    return [...scan(this.kv(ctx), single(InferencePrefix.EpochStats))].map(([, v]) => EpochStats.decode(v));
  }

  getPending(ctx: Context, epoch: bigint, address: string): PendingReward | undefined {
    const raw = this.kv(ctx).get(pendingKey(epoch, address));
    return raw ? PendingReward.decode(raw) : undefined;
  }
  setPending(ctx: Context, r: PendingReward): void {
    this.kv(ctx).set(pendingKey(r.epoch, r.address), PendingReward.encode(r).finish());
  }
  pendingRewards(ctx: Context): PendingReward[] {
    return [...scan(this.kv(ctx), single(InferencePrefix.Pending))].map(([, v]) => PendingReward.decode(v));
  }

  /** The sequence number the next started request gets. */
  nextSequence(ctx: Context): bigint {
    const raw = this.kv(ctx).get(single(InferencePrefix.Sequence));
    return raw ? readU64Key(raw) : 0n;
  }
  setNextSequence(ctx: Context, n: bigint): void {
    this.kv(ctx).set(single(InferencePrefix.Sequence), u64Key(n));
  }
}
