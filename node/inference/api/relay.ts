/**
 * The relay's side of the chain: MsgStartInferences signed with this node's Race hot key (the DutySubmitter, so
 * duty txs and relay txs share one account sequence), then a wait for the block that records the start and names
 * the drawn executor; MsgFinishInferences with the executor's signed usage and the relay's delivered count.
 * One request per start for now; the module batches up to max_batch_size, which a later round can use. When the
 * executor fails, retryAfterExpiry waits out the expiry (a full refund) and re-opens the request with another one.
 */
import { INFERENCE_URLS } from '../../../modules/inference/client/msgs.js';
import { inferenceId } from '../../../modules/inference/start.js';
import { MAX_ATTEMPTS } from '../../../modules/inference/retry.js';
import {
  MsgFinishInferences,
  MsgRetryInferences,
  MsgStartInferences,
  type FinishReport,
  type StartRequest,
} from '../../../proto/gen/race/inference/v1/tx.js';
import { InferenceStatus, type Inference } from '../../../proto/gen/race/inference/v1/types.js';
import type { Logger } from '../../../chain/util/log.js';
import type { DutyTxInput, EncodedMsg } from '../../race/duty-tx.js';
import type { SubmitResult } from '../../race/duty-submitter.js';
import { ApiError, badRequest, unavailable } from './api-error.js';

export interface RelayOpts {
  /** Blocks to wait for a start to be recorded before giving up (the tx failed or was dropped). */
  waitBlocks?: number;
  gasPerMsg?: bigint;
}

export interface RelayDeps {
  address: string;
  submit: (msgs: readonly EncodedMsg[], what: string, gasLimit?: bigint, fee?: DutyTxInput['fee']) => SubmitResult;
  /** Fee coins for a gas limit at this node's minimum gas price. */
  feeFor: (gas: bigint) => DutyTxInput['fee'];
  getInference: (id: Uint8Array) => Inference | undefined;
  /** Resolves after the next committed block. */
  nextBlock: () => Promise<void>;
  log: Logger;
}

export class Relay {
  constructor(
    private readonly opts: RelayOpts,
    private readonly deps: RelayDeps,
  ) {}

  get address(): string {
    return this.deps.address;
  }

  private send(typeUrl: string, value: Uint8Array, what: string): SubmitResult {
    const gas = this.opts.gasPerMsg ?? 400_000n;
    return this.deps.submit([{ typeUrl, value }], what, gas, this.deps.feeFor(gas));
  }

  /** Submits the start and waits for its record; the record names the executor the chain drew. */
  async start(req: StartRequest): Promise<Inference> {
    const id = inferenceId(req.signature);
    // The chain holds this id already: a replayed signature (a retry the handler's cache no longer knows, e.g. after a restart).
    if (this.deps.getInference(id))
      throw badRequest(
        `replayed request: ${Buffer.from(id).toString('hex')} was already started; sign a new request`,
        null,
        'duplicate_request',
      );
    const r = this.send(
      INFERENCE_URLS.startInferences,
      MsgStartInferences.encode({ relay: this.address, requests: [req] }).finish(),
      'inference start',
    );
    if (!r.ok) throw startRefused(r.log);
    for (let i = 0; i < (this.opts.waitBlocks ?? 6); i++) {
      await this.deps.nextBlock();
      const rec = this.deps.getInference(id);
      if (rec) return rec;
    }
    throw unavailable(
      `the start of ${Buffer.from(id).toString('hex')} was not recorded within ${this.opts.waitBlocks ?? 6} blocks; nothing was charged`,
    );
  }

  /**
   * After the executor failed: waits for the chain to expire the request (its escrow refunded in full), then re-opens
   * it with another executor. Undefined when it settled otherwise or has no attempt left: the refund stands.
   */
  async retryAfterExpiry(rec: Inference): Promise<Inference | undefined> {
    const id = rec.id;
    const wait = Number(rec.expiryHeight - rec.startHeight) + (this.opts.waitBlocks ?? 6);
    let cur = this.deps.getInference(id);
    for (let i = 0; i < wait && cur?.status === InferenceStatus.INFERENCE_STATUS_STARTED; i++) {
      await this.deps.nextBlock();
      cur = this.deps.getInference(id);
    }
    if (cur?.status !== InferenceStatus.INFERENCE_STATUS_EXPIRED || cur.attempts >= MAX_ATTEMPTS) return undefined;
    const r = this.send(
      INFERENCE_URLS.retryInferences,
      MsgRetryInferences.encode({ relay: this.address, ids: [id] }).finish(),
      'inference retry',
    );
    if (!r.ok) {
      this.deps.log.warn({ id: Buffer.from(id).toString('hex'), log: r.log }, 'inference retry refused');
      return undefined;
    }
    for (let i = 0; i < (this.opts.waitBlocks ?? 6); i++) {
      await this.deps.nextBlock();
      const next = this.deps.getInference(id);
      if (next?.status === InferenceStatus.INFERENCE_STATUS_STARTED && next.attempts > cur.attempts) return next;
    }
    return undefined;
  }

  /** Submits the finish; settlement lands in the next block (the response does not wait for it). */
  finish(report: FinishReport): void {
    const r = this.send(
      INFERENCE_URLS.finishInferences,
      MsgFinishInferences.encode({ relay: this.address, reports: [report] }).finish(),
      'inference finish',
    );
    if (!r.ok)
      this.deps.log.error(
        { id: Buffer.from(report.id).toString('hex'), log: r.log },
        'inference finish refused; the request will expire and be refunded in full',
      );
  }
}

/** A CheckTx refusal of a start as the API's error: the module's own checks become 4xx, the rest 503. */
function startRefused(log: string): ApiError {
  if (/insufficient funds|insufficient/i.test(log))
    return new ApiError(
      402,
      `insufficient balance for the request's maximum cost: ${log}`,
      'insufficient_quota',
      'insufficient_quota',
    );
  if (/duplicate|already/i.test(log)) return badRequest(`replayed request: ${log}`, null, 'duplicate_request');
  if (/stale|signature|model/i.test(log)) return badRequest(`the chain refused the request: ${log}`);
  return unavailable(`the relay could not submit the start: ${log}`);
}
