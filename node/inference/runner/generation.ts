/**
 * One generation as an async iterator of tokens. Each step is requested only after the consumer has taken
 * the previous token, so cancel() (or leaving a for-await loop) stops it before the next forward pass and
 * frees the sequence's KV cache: a disconnected client costs at most the step already in flight.
 */
import type { ValidGenerateRequest } from './requests.js';
import { SamplerRng, chooseToken, logSoftmax, topLogprobs, type TokenLogprob } from './sampling.js';

export interface GeneratedToken {
  id: number;
  /** log p(id) under the model's own distribution (temperature 1, no nucleus cut), as scoreSequence reports it. */
  logprob: number;
  /** The topLogprobs most likely tokens under that distribution, most likely first. */
  top: TokenLogprob[];
}

/** 'error': a forward pass failed, and the iterator threw its error. */
export type FinishReason = 'stop' | 'length' | 'cancelled' | 'error';

/** What a generation needs from the runner: forward passes over one sequence's KV cache. */
export interface SequenceModel {
  readonly vocab: number;
  readonly contextLength: number;
  readonly eosId: number;
  /** A new, empty sequence (KV cache); release() frees it. */
  newSequence(): number;
  /** Appends ids to sequence seq and returns the logits of the last one. */
  forwardLast(seq: number, ids: number[]): Promise<Float32Array>;
  release(seq: number): void;
}

export class Generation implements AsyncIterable<GeneratedToken> {
  finishReason: FinishReason | null = null;
  private cancelled = false;
  private started = false;

  /** seed: the one sampling used (absent for greedy generations). */
  constructor(
    private readonly req: ValidGenerateRequest,
    private readonly model: SequenceModel,
  ) {}

  get seed(): number | undefined {
    return this.req.seed;
  }

  /** Stops before the next forward pass; the iterator then ends with finishReason 'cancelled'. */
  cancel(): void {
    this.cancelled = true;
  }

  [Symbol.asyncIterator](): AsyncIterator<GeneratedToken> {
    if (this.started) throw new Error('a generation can be iterated only once');
    this.started = true;
    return this.run();
  }

  private async *run(): AsyncGenerator<GeneratedToken> {
    const { req, model } = this;
    const rng = req.temperature > 0 ? new SamplerRng(req.seed!) : null;
    const generated: number[] = [];
    if (this.cancelled) return this.finish('cancelled');
    // Taken only once iteration starts, so a generation never iterated holds no cache.
    const seq = model.newSequence();
    try {
      let logits = await model.forwardLast(seq, req.promptIds);
      while (true) {
        // Cancelled while the pass was in flight: nobody wants its token.
        if (this.cancelled) return this.finish('cancelled');
        const logprobs = logSoftmax(logits, 0, model.vocab);
        const id = chooseToken(logprobs, req, rng);
        generated.push(id);
        yield { id, logprob: logprobs[id], top: topLogprobs(logprobs, req.topLogprobs) };
        if ((id === model.eosId && !req.ignoreEos) || req.stop.some((s) => endsWith(generated, s)))
          return this.finish('stop');
        if (generated.length === req.maxTokens || req.promptIds.length + generated.length === model.contextLength)
          return this.finish('length');
        if (this.cancelled) return this.finish('cancelled');
        logits = await model.forwardLast(seq, [id]);
      }
    } catch (err) {
      this.finish('error');
      throw err;
    } finally {
      // Also reached when the consumer leaves its loop early (return()).
      if (this.finishReason === null) this.finishReason = 'cancelled';
      model.release(seq);
    }
  }

  private finish(reason: FinishReason): void {
    this.finishReason = reason;
  }
}

function endsWith(ids: number[], tail: number[]): boolean {
  if (tail.length > ids.length) return false;
  const off = ids.length - tail.length;
  return tail.every((t, i) => ids[off + i] === t);
}
