import { toHexLower } from '../../chain/types/bytes.js';
import type { Context } from '../../chain/app/context.js';
import { isValidAddress } from '../../chain/crypto/address.js';
import { camelKeys, snakeKeys } from '../../chain/util/json-case.js';
import {
  EpochStats,
  Executor,
  Inference,
  InferenceStatus,
  Params,
  PendingReward,
} from '../../proto/gen/race/inference/v1/types.js';
import type { InferenceKeeper } from './keeper.js';
import { DEFAULT_INFERENCE_PARAMS, inferenceParamsFromProto, inferenceParamsToProto } from './params.js';

/** The inference genesis JSON: snake_case proto JSON of each record; import and export are exact inverses. */
export interface InferenceGenesis {
  params: unknown;
  executors: unknown[];
  inferences: unknown[];
  epoch_stats: unknown[];
  pending_rewards: unknown[];
  next_sequence: string;
}

const json = <T>(codec: { toJSON(m: T): unknown }, m: T) => snakeKeys(codec.toJSON(m));
const read = <T>(codec: { fromJSON(o: unknown): T }, o: unknown, what: string): T => {
  if (!o || typeof o !== 'object') throw new Error(`${what} must be an object`);
  return codec.fromJSON(camelKeys(o));
};
const list = (v: unknown, what: string): unknown[] => {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new Error(`${what} must be a list`);
  return v;
};

export function defaultInferenceGenesis(): InferenceGenesis {
  return {
    params: json(Params, inferenceParamsToProto(DEFAULT_INFERENCE_PARAMS)),
    executors: [],
    inferences: [],
    epoch_stats: [],
    pending_rewards: [],
    next_sequence: '0',
  };
}

export function initInferenceGenesis(ctx: Context, keeper: InferenceKeeper, raw: unknown): void {
  const g = raw as InferenceGenesis;
  if (!g || typeof g !== 'object') throw new Error('inference genesis must be an object');
  keeper.setParams(ctx, inferenceParamsFromProto(read(Params, g.params, 'params')));
  const addr = (a: string, what: string) => {
    if (!isValidAddress(a)) throw new Error(`${what}: invalid address ${JSON.stringify(a)}`);
  };
  for (const raw of list(g.executors, 'executors')) {
    const e = read(Executor, raw, 'executor');
    addr(e.address, 'executor');
    if (keeper.getExecutor(ctx, e.address)) throw new Error(`duplicate executor ${e.address}`);
    if (e.pubKey.length !== 33) throw new Error(`executor ${e.address}: pub_key must be a 33-byte secp256k1 key`);
    keeper.setExecutor(ctx, e);
  }
  for (const raw of list(g.inferences, 'inferences')) {
    const r = read(Inference, raw, 'inference');
    const hex = toHexLower(r.id);
    if (r.id.length !== 32) throw new Error(`inference id must be 32 bytes, got ${r.id.length}`);
    for (const [a, w] of [
      [r.requester, 'requester'],
      [r.relay, 'relay'],
      [r.executor, 'executor'],
    ] as const)
      addr(a, `inference ${hex} ${w}`);
    if (keeper.hasInference(ctx, r.id)) throw new Error(`duplicate inference ${hex}`);
    if (r.status === InferenceStatus.INFERENCE_STATUS_UNSPECIFIED || r.status === InferenceStatus.UNRECOGNIZED)
      throw new Error(`inference ${hex} has no status`);
    keeper.setInference(ctx, r);
    if (r.status === InferenceStatus.INFERENCE_STATUS_STARTED) keeper.markOpen(ctx, r.expiryHeight, r.id, true);
    else keeper.markSettled(ctx, r.settleEpoch, r.id, true);
  }
  for (const raw of list(g.epoch_stats, 'epoch_stats')) {
    const s = read(EpochStats, raw, 'epoch stats');
    addr(s.participant, 'epoch stats');
    keeper.setStats(ctx, s);
  }
  for (const raw of list(g.pending_rewards, 'pending_rewards')) {
    const p = read(PendingReward, raw, 'pending reward');
    addr(p.address, 'pending reward');
    if (!/^[0-9]{1,77}$/.test(p.amount)) throw new Error(`pending reward of ${p.address} must be an integer amount`);
    keeper.setPending(ctx, p);
  }
  const seq = g.next_sequence ?? '0';
  if (typeof seq !== 'string' || !/^[0-9]{1,20}$/.test(seq))
    throw new Error('next_sequence must be an unsigned integer string');
  keeper.setNextSequence(ctx, BigInt(seq));
}

export function exportInferenceGenesis(ctx: Context, keeper: InferenceKeeper): InferenceGenesis {
  return {
    params: json(Params, inferenceParamsToProto(keeper.getParams(ctx))),
    executors: keeper.executors(ctx).map((e) => json(Executor, e)),
    inferences: keeper.inferences(ctx).map((r) => json(Inference, r)),
    epoch_stats: keeper.allStats(ctx).map((s) => json(EpochStats, s)),
    pending_rewards: keeper.pendingRewards(ctx).map((p) => json(PendingReward, p)),
    next_sequence: keeper.nextSequence(ctx).toString(),
  };
}
