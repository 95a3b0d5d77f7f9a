/**
 * The built-in model's tokenizer: token i < 256 is byte i of the UTF-8 text, 256 is BOS and 257 is EOS.
 * A character of several bytes spans several tokens, so streamed text goes through a StreamDecoder that
 * holds an incomplete sequence back until its last byte arrives.
 */
import { BOS_ID, BYTE_VOCAB, EOS_ID } from '../model/spec.js';

export interface Tokenizer {
  readonly vocab: number;
  readonly bosId: number;
  readonly eosId: number;
  encode(text: string): number[];
  /** Text of the byte tokens; special tokens are skipped, invalid UTF-8 becomes U+FFFD. */
  decode(ids: readonly number[]): string;
  streamDecoder(): StreamDecoder;
}

export interface StreamDecoder {
  /** Text completed by this token ('' while a multi-byte character is incomplete). */
  push(id: number): string;
  /** Whatever is held back, as U+FFFD (the stream ended mid-character). */
  flush(): string;
}

export const byteTokenizer: Tokenizer = Object.freeze({
  vocab: BYTE_VOCAB + 2,
  bosId: BOS_ID,
  eosId: EOS_ID,
  encode(text: string): number[] {
    if (typeof text !== 'string') throw new Error('byte tokenizer: text must be a string');
    return Array.from(new TextEncoder().encode(text));
  },
  decode(ids: readonly number[]): string {
    return new TextDecoder().decode(Uint8Array.from(byteIds(ids)));
  },
  streamDecoder(): StreamDecoder {
    // TextDecoder's stream mode keeps a trailing partial sequence for the next call.
    const dec = new TextDecoder();
    return {
      push: (id: number) => (byteIds([id]).length === 0 ? '' : dec.decode(Uint8Array.of(id), { stream: true })),
      flush: () => dec.decode(),
    };
  },
});

function byteIds(ids: readonly number[]): number[] {
  const out: number[] = [];
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 0 || id > EOS_ID)
      throw new Error(`byte tokenizer: token id ${String(id)} outside [0, ${EOS_ID}]`);
    if (id < BYTE_VOCAB) out.push(id);
  }
  return out;
}
