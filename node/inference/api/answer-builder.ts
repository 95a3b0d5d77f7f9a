/**
 * Turns generated tokens into the answer's text, logprobs and (when streaming) chunks. A stop sequence's tokens are
 * held back until it is clear whether they end the answer, because OpenAI leaves the stop sequence out of the text.
 */
import type { Tokenizer } from '../runner/byte-tokenizer.js';
import type { GeneratedToken } from '../runner/generation.js';
import { streamChunk, wireLogprob, type ResponseMeta, type WireTokenLogprob } from './openai-format.js';

export interface AnswerOpts {
  meta: ResponseMeta;
  /** Stop sequences as token ids. */
  stops: number[][];
  /** undefined = no logprobs. */
  topLogprobs: number | undefined;
  /** Chunks go to `emit` (undefined: not streaming). */
  emit?: (chunk: object) => void;
  includeUsage: boolean;
}

export class AnswerBuilder {
  text = '';
  readonly logprobs: WireTokenLogprob[] = [];
  private readonly held: GeneratedToken[] = [];
  private readonly holdLen: number;
  private readonly decoder;
  private readonly names;

  constructor(
    private readonly opts: AnswerOpts,
    tokenizer: Tokenizer,
  ) {
    this.holdLen = Math.max(0, ...opts.stops.map((s) => s.length));
    this.decoder = tokenizer.streamDecoder();
    this.names = { bos: tokenizer.bosId, eos: tokenizer.eosId };
  }

  push(t: GeneratedToken): void {
    this.held.push(t);
    if (this.held.length > this.holdLen) this.release(this.held.splice(0, this.held.length - this.holdLen));
  }

  /** Releases what is held back, minus a stop sequence the generation ended on; returns the text still undecoded. */
  finish(endedOnStop: boolean): string {
    const h = this.held;
    const hit = endedOnStop
      ? this.opts.stops.find((s) => s.length <= h.length && s.every((id, i) => h[h.length - s.length + i]!.id === id))
      : undefined;
    this.release(hit ? h.slice(0, h.length - hit.length) : h);
    const tail = this.decoder.flush();
    this.text += tail;
    return tail;
  }

  private release(ts: GeneratedToken[]): void {
    let piece = '';
    const lps: WireTokenLogprob[] = [];
    for (const t of ts) {
      if (t.id === this.names.eos) continue;
      piece += this.decoder.push(t.id);
      if (this.opts.topLogprobs !== undefined) lps.push(wireLogprob(t, this.names));
    }
    this.text += piece;
    this.logprobs.push(...lps);
    if (this.opts.emit && (piece !== '' || lps.length > 0)) {
      this.opts.emit(
        streamChunk(
          this.opts.meta,
          { text: piece, logprobs: this.opts.topLogprobs !== undefined ? lps : undefined },
          this.opts.includeUsage,
        ),
      );
    }
  }
}
