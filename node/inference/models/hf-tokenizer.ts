/**
 * A Hugging Face tokenizer.json (+ tokenizer_config.json) as the runner's Tokenizer, through the pure-JS
 * @huggingface/tokenizers. BOS and EOS come from the config's bos_token / eos_token (EOS is required: it ends every
 * reply). Streamed text is decoded the way Hugging Face's text-generation servers do it: the new tokens are decoded
 * together with the ones shown last (decoders such as Metaspace need the left context for spacing), and text that
 * ends in an incomplete byte sequence (U+FFFD) is held back until a later token completes it.
 */
import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import type { StreamDecoder, Tokenizer } from '../runner/byte-tokenizer.js';

export interface TokenizerConfigJson {
  bos_token?: unknown;
  eos_token?: unknown;
  chat_template?: unknown;
}

export interface HfTokenizerParts {
  tokenizer: Tokenizer;
  /** The id to put before a plain completion prompt, when the model has one. */
  bos: number | undefined;
  bosToken: string | undefined;
  eosToken: string;
  config: TokenizerConfigJson;
  hf: HfTokenizer;
}

export class TokenizerFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenizerFileError';
  }
}

/** An AddedToken-style {content} or a plain string, as tokenizer_config.json writes them. */
function tokenName(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { content?: unknown }).content === 'string')
    return (v as { content: string }).content;
  return undefined;
}

function parseJson(text: string, file: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new TokenizerFileError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new TokenizerFileError(`${file} must be a JSON object`);
  return v as Record<string, unknown>;
}

export function loadHfTokenizer(tokenizerJson: string, tokenizerConfigJson?: string): HfTokenizerParts {
  const tj = parseJson(tokenizerJson, 'tokenizer.json');
  const config = (
    tokenizerConfigJson === undefined ? {} : parseJson(tokenizerConfigJson, 'tokenizer_config.json')
  ) as TokenizerConfigJson;
  if (!tj.model || typeof tj.model !== 'object') throw new TokenizerFileError('tokenizer.json has no model section');
  let hf: HfTokenizer;
  try {
    hf = new HfTokenizer(tj, config);
  } catch (e) {
    throw new TokenizerFileError(`tokenizer.json could not be loaded: ${(e as Error).message}`);
  }
  const vocab = Math.max(-1, ...hf.get_vocab(true).values()) + 1;
  const idOf = (name: string | undefined, what: string): number | undefined => {
    if (name === undefined) return undefined;
    const id = hf.token_to_id(name);
    if (id === undefined) throw new TokenizerFileError(`${what} ${JSON.stringify(name)} is not in the vocabulary`);
    return id;
  };
  const eosToken = tokenName(config.eos_token);
  if (eosToken === undefined)
    throw new TokenizerFileError('tokenizer_config.json must name eos_token: it ends every reply');
  const eos = idOf(eosToken, 'eos_token')!;
  const bosToken = tokenName(config.bos_token);
  const bos = idOf(bosToken, 'bos_token');
  const checkIds = (ids: readonly number[]) => {
    for (const id of ids)
      if (!Number.isInteger(id) || id < 0 || id >= vocab)
        throw new Error(`tokenizer: token id ${String(id)} outside [0, ${vocab})`);
  };
  const decode = (ids: readonly number[]) => {
    checkIds(ids);
    if (ids.length === 0) return '';
    return hf.decode([...ids], { skip_special_tokens: true, clean_up_tokenization_spaces: false });
  };
  const tokenizer: Tokenizer = Object.freeze({
    vocab,
    bosId: bos ?? eos,
    eosId: eos,
    encode(text: string): number[] {
      if (typeof text !== 'string') throw new Error('tokenizer: text must be a string');
      return hf.encode(text, { add_special_tokens: false }).ids;
    },
    decode,
    streamDecoder: () => streamDecoder(decode),
  });
  return { tokenizer, bos, bosToken, eosToken, config, hf };
}

function streamDecoder(decode: (ids: readonly number[]) => string): StreamDecoder {
  const ids: number[] = [];
  let prefix = 0;
  let read = 0;
  return {
    push(id: number): string {
      ids.push(id);
      const before = decode(ids.slice(prefix, read));
      const now = decode(ids.slice(prefix));
      if (now.length <= before.length || now.endsWith('\uFFFD')) return '';
      const text = now.slice(before.length);
      // The tokens just shown become the next window's left context.
      prefix = read;
      read = ids.length;
      return text;
    },
    flush(): string {
      const before = decode(ids.slice(prefix, read));
      const now = decode(ids.slice(prefix));
      read = ids.length;
      return now.length > before.length ? now.slice(before.length) : '';
    },
  };
}
