/**
 * Materialises the epoch's model: weights generated from the seed, then either inline initializers in
 * one ModelProto, or (above the protobuf 2 GiB limit, or when asked) an external data file next to a
 * small model.onnx, loaded from disk so that the weights exist only once in memory.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateConfig, weightBytes, type RaceConfig } from './config.js';
import { buildGraph, encodeModel } from './graph.js';
import { ONNX_DTYPE, float32Raw, tensorExternal, tensorRaw } from './onnx-proto.js';
import { weightsKey } from './seeds.js';
import { fillTensor, generateTensor, tensorSpecs } from './weights.js';

/** Inline models must stay below protobuf's 2 GiB; keep headroom for the graph itself. */
export const INLINE_LIMIT_BYTES = 2 ** 31 - 64 * 2 ** 20;
const EXTERNAL_FILE = 'weights.bin';
const ALIGN = 4096;

export type ExternalDataMode = 'auto' | 'always' | 'never';

export interface BuiltModel {
  /** The ModelProto bytes when the weights are inline. */
  bytes?: Uint8Array;
  /** model.onnx path when the weights are external. */
  modelPath?: string;
  /** In-memory external data files that `bytes` refers to (model parts, see model-parts.ts). */
  externalData?: { path: string; data: Uint8Array }[];
  external: boolean;
  /** Deletes the temporary folder of an external model (safe once the session is created). */
  dispose(): void;
}

export interface BuildModelOpts {
  externalData?: ExternalDataMode;
  /** Parent folder for the external files; defaults to the OS temp folder. */
  tmpDir?: string;
}

export function buildModel(config: RaceConfig, epochSeed: Uint8Array, opts: BuildModelOpts = {}): BuiltModel {
  validateConfig(config);
  const key = weightsKey(epochSeed);
  const mode = opts.externalData ?? 'auto';
  const external = mode === 'always' || (mode === 'auto' && weightBytes(config) > INLINE_LIMIT_BYTES);
  if (!external) {
    const graph = buildGraph(config, (t) =>
      tensorRaw(t.name, ONNX_DTYPE.FLOAT, t.shape, float32Raw(generateTensor(key, t))),
    );
    return { bytes: encodeModel(graph), external: false, dispose: () => {} };
  }
  const dir = mkdtempSync(path.join(opts.tmpDir ?? tmpdir(), 'race-model-'));
  try {
    const offsets = writeExternalWeights(config, key, path.join(dir, EXTERNAL_FILE));
    const graph = buildGraph(config, (t) => {
      const [offset, length] = offsets.get(t.name)!;
      return tensorExternal(t.name, ONNX_DTYPE.FLOAT, t.shape, EXTERNAL_FILE, offset, length);
    });
    const modelPath = path.join(dir, 'model.onnx');
    writeFileSync(modelPath, encodeModel(graph));
    return { modelPath, external: true, dispose: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Streams every tensor into one file, tensor by tensor, at page-aligned offsets. */
function writeExternalWeights(config: RaceConfig, key: Uint8Array, file: string): Map<string, [number, number]> {
  const specs = tensorSpecs(config);
  const largest = Math.max(...specs.map((t) => t.size));
  const buf = new Float32Array(largest);
  const offsets = new Map<string, [number, number]>();
  const fd = openSync(file, 'w');
  try {
    let pos = 0;
    for (const t of specs) {
      pos = Math.ceil(pos / ALIGN) * ALIGN;
      const view = buf.subarray(0, t.size);
      fillTensor(key, t, view);
      const bytes = float32Raw(view);
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written, pos + written);
      offsets.set(t.name, [pos, bytes.length]);
      pos += bytes.length;
    }
  } finally {
    closeSync(fd);
  }
  return offsets;
}
