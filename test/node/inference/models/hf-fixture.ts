/**
 * A small "real" model the tests write themselves (no hub is reachable): a GPT-2-style byte-level BPE tokenizer.json
 * (256 byte symbols, a few merges, <s>/</s> specials), a tokenizer_config.json with a Jinja chat template, and a
 * decoder built by the in-repo builder with that vocabulary size.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildInferenceModel } from '../../../../node/inference/model/build-onnx.js';
import type { InferenceModelConfig } from '../../../../node/inference/model/spec.js';
import { sha256Hex } from '../../../../node/inference/runner/model-cache.js';
import { tokenizerDigest } from '../../../../node/inference/models/tokenizer-digest.js';

/** GPT-2's bytes_to_unicode: every byte gets a printable character, so BPE runs on strings. */
function bytesToUnicode(): string[] {
  const bs: number[] = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++)
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n++);
    }
  const out: string[] = new Array<string>(256);
  bs.forEach((b, i) => (out[b] = String.fromCodePoint(cs[i])));
  return out;
}

const MERGES: [string, string][] = [
  ['h', 'e'],
  ['l', 'l'],
  ['he', 'll'],
  ['hell', 'o'],
  ['Ġ', 'w'],
  ['o', 'r'],
  ['Ġw', 'or'],
];

export const SPECIALS = ['<s>', '</s>', '<|user|>', '<|assistant|>'];

export function tokenizerJson(): string {
  const vocab: Record<string, number> = {};
  let id = 0;
  for (const s of SPECIALS) vocab[s] = id++;
  for (const ch of bytesToUnicode()) vocab[ch] = id++;
  for (const [a, b] of MERGES) vocab[a + b] = id++;
  return JSON.stringify({
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIALS.map((content, i) => ({
      id: i,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges: MERGES.map(([a, b]) => `${a} ${b}`),
    },
  });
}

export const CHAT_TEMPLATE =
  "{{ bos_token }}{% for m in messages %}{{ '<|' + m['role'] + '|>' }}{{ m['content'] }}{{ eos_token }}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>' }}{% endif %}";

export function tokenizerConfigJson(template: unknown = CHAT_TEMPLATE): string {
  return JSON.stringify({ bos_token: '<s>', eos_token: '</s>', chat_template: template });
}

/** 4 specials + 256 bytes + 7 merges. */
export const HF_VOCAB = SPECIALS.length + 256 + MERGES.length;

export const HF_CONFIG: InferenceModelConfig = {
  name: 'tiny-hf',
  vocab: HF_VOCAB,
  dModel: 16,
  layers: 2,
  heads: 2,
  ffn: 32,
  contextLength: 48,
};

export interface WrittenModel {
  id: string;
  onnxSha256: string;
  tokenizerSha256: string;
  contextLength: bigint;
  onnx: Uint8Array;
  files: Record<string, Uint8Array>;
}

export function hfModelFiles(seed = 'hf-fixture'): Omit<WrittenModel, 'id' | 'contextLength'> {
  const onnx = buildInferenceModel(HF_CONFIG, new TextEncoder().encode(seed));
  const tok = Buffer.from(tokenizerJson());
  const cfg = Buffer.from(tokenizerConfigJson());
  return {
    onnx,
    onnxSha256: sha256Hex(onnx),
    tokenizerSha256: tokenizerDigest(tok, cfg),
    files: { 'model.onnx': onnx, 'tokenizer.json': tok, 'tokenizer_config.json': cfg },
  };
}

/** Writes the model under modelsDir/<id>/ and returns what the registry would record for it. */
export function writeHfModel(modelsDir: string, id: string, seed?: string): WrittenModel {
  const m = hfModelFiles(seed);
  const dir = path.join(modelsDir, ...id.split('/'));
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(m.files)) writeFileSync(path.join(dir, name), bytes);
  return { ...m, id, contextLength: 40n };
}
