/**
 * models_dir: one folder per registered model, named by its id ('/' in an id nests folders, as Hugging Face repo
 * names do), holding model.onnx, tokenizer.json and optionally tokenizer_config.json. A model whose tokenizer is
 * the built-in byte tokenizer needs only model.onnx. The files are served only when their hashes equal the
 * registry's onnx_sha256 and tokenizer_sha256 (tokenizer-digest.ts), so the chain, not the folder, says what a
 * model is.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { BYTE_TOKENIZER_SHA256 } from '../model/default-registration.js';
import { tokenizerDigest } from './tokenizer-digest.js';

export const MODEL_FILE_NAMES = Object.freeze({
  onnx: 'model.onnx',
  tokenizer: 'tokenizer.json',
  tokenizerConfig: 'tokenizer_config.json',
});
export type ModelFileKind = keyof typeof MODEL_FILE_NAMES;
export const MODEL_FILE_KINDS: readonly ModelFileKind[] = ['onnx', 'tokenizer', 'tokenizerConfig'];

/** Tokenizer files are small; a bigger one is refused before it is read. */
export const MAX_TOKENIZER_FILE_BYTES = 64 << 20;

export interface RegisteredHashes {
  id: string;
  onnxSha256: string;
  tokenizerSha256: string;
}

export interface CheckedModelFiles {
  id: string;
  dir: string;
  onnx: string;
  /** Absent when the model uses the built-in byte tokenizer. */
  tokenizer?: string;
  tokenizerConfig?: string;
}

export class ModelFilesError extends Error {
  /** True when a file is absent (a peer may supply it), false when one is present but wrong. */
  constructor(
    message: string,
    readonly missing = false,
  ) {
    super(message);
    this.name = 'ModelFilesError';
  }
}

export function usesByteTokenizer(m: Pick<RegisteredHashes, 'tokenizerSha256'>): boolean {
  return m.tokenizerSha256 === BYTE_TOKENIZER_SHA256;
}

/** The model's folder; an id whose segments could leave models_dir is refused. */
export function modelDir(modelsDir: string, id: string): string {
  const segments = id.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..'))
    throw new ModelFilesError(`model id ${JSON.stringify(id)} cannot name a folder under models_dir`);
  return path.join(modelsDir, ...segments);
}

export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Checks the model's files against its registered hashes; any missing, oversized or mismatching file is an error naming it. */
export async function checkModelFiles(
  modelsDir: string,
  model: RegisteredHashes,
  limits: { maxModelBytes: number },
): Promise<CheckedModelFiles> {
  const dir = modelDir(modelsDir, model.id);
  const file = (k: ModelFileKind) => path.join(dir, MODEL_FILE_NAMES[k]);
  const onnx = file('onnx');
  if (!existsSync(onnx)) throw new ModelFilesError(`model ${model.id}: ${onnx} does not exist`, true);
  const size = statSync(onnx).size;
  if (size > limits.maxModelBytes)
    throw new ModelFilesError(`model ${model.id}: ${onnx} has ${size} bytes, over the cap of ${limits.maxModelBytes}`);
  const onnxSha = await sha256File(onnx);
  if (onnxSha !== model.onnxSha256)
    throw new ModelFilesError(
      `model ${model.id}: ${onnx} has sha256 ${onnxSha} but the registry says onnx_sha256 ${model.onnxSha256}; not served`,
    );
  const out: CheckedModelFiles = { id: model.id, dir, onnx };
  if (usesByteTokenizer(model)) return out;
  const tok = file('tokenizer');
  if (!existsSync(tok)) throw new ModelFilesError(`model ${model.id}: ${tok} does not exist`, true);
  const cfg = file('tokenizerConfig');
  const read = (f: string) => {
    const n = statSync(f).size;
    if (n > MAX_TOKENIZER_FILE_BYTES)
      throw new ModelFilesError(`model ${model.id}: ${f} has ${n} bytes, over the cap of ${MAX_TOKENIZER_FILE_BYTES}`);
    return readFileSync(f);
  };
  const hasCfg = existsSync(cfg);
  const digest = tokenizerDigest(read(tok), hasCfg ? read(cfg) : undefined);
  if (digest !== model.tokenizerSha256)
    throw new ModelFilesError(
      `model ${model.id}: tokenizer files (${hasCfg ? 'tokenizer.json + tokenizer_config.json' : 'tokenizer.json'}) have digest ${digest} but the registry says tokenizer_sha256 ${model.tokenizerSha256}; not served`,
    );
  out.tokenizer = tok;
  if (hasCfg) out.tokenizerConfig = cfg;
  return out;
}
