/**
 * Model files cached on disk: built once from (config, seed), then checked by sha256 on every load. The
 * expected hash is the caller's (e.g. a pinned or on-chain one) or else the sidecar written at build
 * time; a file that does not match is refused, never silently rebuilt, so corruption is seen.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildInferenceModel } from '../model/build-onnx.js';
import { validateModelConfig, type InferenceModelConfig } from '../model/spec.js';

export interface ModelFile {
  path: string;
  sha256: string;
  config: InferenceModelConfig;
}

export interface EnsureModelOpts {
  dir: string;
  config: InferenceModelConfig;
  seed: Uint8Array;
  /** Hex sha256 the file must have; defaults to the sidecar of an earlier build. */
  expectedSha256?: string;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** name-<16 hex of sha256(config ‖ seed)>.onnx: a different config or seed never reuses a file. */
export function modelFileName(config: InferenceModelConfig, seed: Uint8Array): string {
  const { name, vocab, dModel, layers, heads, ffn, contextLength } = config;
  const id = createHash('sha256')
    .update(JSON.stringify({ name, vocab, dModel, layers, heads, ffn, contextLength }))
    .update(seed)
    .digest('hex');
  return `${name}-${id.slice(0, 16)}.onnx`;
}

export function ensureModelFile(opts: EnsureModelOpts): ModelFile {
  validateModelConfig(opts.config);
  if (opts.expectedSha256 !== undefined && !/^[0-9a-f]{64}$/.test(opts.expectedSha256))
    throw new Error(
      `expected model sha256 must be 64 lowercase hex digits, got ${JSON.stringify(opts.expectedSha256)}`,
    );
  const file = path.join(opts.dir, modelFileName(opts.config, opts.seed));
  const sidecar = `${file}.sha256`;
  if (existsSync(file)) {
    const expected = opts.expectedSha256 ?? (existsSync(sidecar) ? readFileSync(sidecar, 'utf8').trim() : null);
    if (expected === null)
      throw new Error(`model file ${file} has no ${path.basename(sidecar)} to check it against; delete it to rebuild`);
    const actual = sha256Hex(readFileSync(file));
    if (actual !== expected)
      throw new Error(`model file ${file} is corrupt: sha256 ${actual}, expected ${expected}; delete it to rebuild`);
    return { path: file, sha256: actual, config: opts.config };
  }
  const bytes = buildInferenceModel(opts.config, opts.seed);
  const sha256 = sha256Hex(bytes);
  if (opts.expectedSha256 !== undefined && sha256 !== opts.expectedSha256) {
    throw new Error(
      `built model ${opts.config.name} has sha256 ${sha256}, expected ${opts.expectedSha256}: this build's model definition differs from the one pinned`,
    );
  }
  mkdirSync(opts.dir, { recursive: true });
  // Sidecar first, each renamed into place: a model file never exists without its hash.
  writeAtomic(sidecar, `${sha256}\n`);
  writeAtomic(file, bytes);
  return { path: file, sha256, config: opts.config };
}

function writeAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}
