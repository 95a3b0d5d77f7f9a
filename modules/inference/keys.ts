import { fromBech32Checked } from '../../chain/crypto/address.js';
import { lengthPrefixed, u64Key, utf8 } from '../../chain/store/kv.js';
import { concatBytes } from '../../chain/types/bytes.js';

/** The inference module's store key and key prefixes. Numbers are never reused. */
export const INFERENCE_STORE_KEY = 'inference';

/** Module accounts: open requests' escrow, and pay held until the epoch's verification releases it. */
export const ESCROW_ACCOUNT = 'inference_escrow';
export const PENDING_REWARDS_ACCOUNT = 'inference_pending_rewards';

export enum InferencePrefix {
  Params = 0x01,
  /** length-prefixed address → Executor */
  Executor = 0x02,
  /** 32-byte id → Inference */
  Inference = 0x03,
  /** length-prefixed requester ‖ u64 sequence ‖ id → empty (a requester's records, oldest first) */
  ByRequester = 0x04,
  /** u64 expiry height ‖ id → empty: exactly the open (started) requests */
  Open = 0x05,
  /** u64 settle epoch ‖ id → empty: settled records waiting for pruning */
  Settled = 0x06,
  /** length-prefixed participant ‖ u64 epoch → EpochStats */
  EpochStats = 0x07,
  /** u64 epoch ‖ length-prefixed address → PendingReward */
  Pending = 0x08,
  /** → u64 sequence number of the next started request */
  Sequence = 0x09,
  /** length-prefixed model id ‖ length-prefixed address → empty: who serves a model (the draw reads only these) */
  ModelExecutor = 0x0a,
}

const addr = (a: string) => lengthPrefixed(fromBech32Checked(a));
const p = (x: InferencePrefix) => Uint8Array.of(x);

export const executorKey = (a: string) => concatBytes(p(InferencePrefix.Executor), addr(a));
export const inferenceKey = (id: Uint8Array) => concatBytes(p(InferencePrefix.Inference), id);
export const byRequesterPrefix = (requester: string) => concatBytes(p(InferencePrefix.ByRequester), addr(requester));
export const byRequesterKey = (requester: string, seq: bigint, id: Uint8Array) =>
  concatBytes(byRequesterPrefix(requester), u64Key(seq), id);
export const openKey = (expiryHeight: bigint, id: Uint8Array) =>
  concatBytes(p(InferencePrefix.Open), u64Key(expiryHeight), id);
export const settledKey = (epoch: bigint, id: Uint8Array) => concatBytes(p(InferencePrefix.Settled), u64Key(epoch), id);
export const statsPrefix = (participant: string) => concatBytes(p(InferencePrefix.EpochStats), addr(participant));
export const statsKey = (participant: string, epoch: bigint) => concatBytes(statsPrefix(participant), u64Key(epoch));
export const pendingKey = (epoch: bigint, a: string) => concatBytes(p(InferencePrefix.Pending), u64Key(epoch), addr(a));
export const modelExecutorsPrefix = (model: string) =>
  concatBytes(p(InferencePrefix.ModelExecutor), lengthPrefixed(utf8(model)));
export const modelExecutorKey = (model: string, a: string) => concatBytes(modelExecutorsPrefix(model), addr(a));
export const single = p;
