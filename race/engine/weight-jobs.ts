/**
 * Pure planning for parallel weight generation: where each tensor of a model part sits in its buffer,
 * and how the filling splits into equal jobs for several threads (cut at ChaCha20 block boundaries).
 */
import { BLOCK_WORDS } from './prng.js';
import type { TensorKind, TensorSpec } from './weights.js';

/** Tensor offsets are aligned to 4 KiB (1024 float32). */
export const PLACE_ALIGN_ELEMENTS = 1024;

export interface PlacedTensor {
  spec: TensorSpec;
  /** Element offset in the part's Float32 buffer. */
  offset: number;
}

export interface Placement {
  tensors: PlacedTensor[];
  /** Elements the buffer needs. */
  elements: number;
}

/** Elements [start, start + count) of one tensor, written at `offset` of the buffer. */
export interface FillJob {
  kind: TensorKind;
  layer: number;
  scale: number;
  size: number;
  start: number;
  count: number;
  offset: number;
}

export function placeTensors(specs: readonly TensorSpec[]): Placement {
  let pos = 0;
  const tensors = specs.map((spec) => {
    pos = Math.ceil(pos / PLACE_ALIGN_ELEMENTS) * PLACE_ALIGN_ELEMENTS;
    const placed = { spec, offset: pos };
    pos += spec.size;
    return placed;
  });
  return { tensors, elements: pos };
}

/**
 * Splits the filling of every placed tensor into `parts` lists of about equal element counts. Every
 * job starts at a multiple of 16 elements of its tensor, so it can seek its stream directly.
 */
export function splitFillJobs(placement: Placement, parts: number): FillJob[][] {
  if (!Number.isInteger(parts) || parts < 1) throw new Error(`parts must be a positive integer, got ${parts}`);
  const total = placement.tensors.reduce((a, t) => a + t.spec.size, 0);
  const quota = Math.max(BLOCK_WORDS, Math.ceil(total / parts / BLOCK_WORDS) * BLOCK_WORDS);
  const out: FillJob[][] = Array.from({ length: parts }, () => []);
  let part = 0;
  let room = quota;
  for (const { spec, offset } of placement.tensors) {
    let start = 0;
    while (start < spec.size) {
      if (room <= 0 && part < parts - 1) {
        part++;
        room = quota;
      }
      const rest = spec.size - start;
      let count = part === parts - 1 ? rest : Math.min(rest, room);
      // A cut inside a tensor must leave the next job at a block boundary.
      if (count < rest) count -= count % BLOCK_WORDS;
      if (count === 0) {
        room = 0;
        continue;
      }
      out[part].push({
        kind: spec.kind,
        layer: spec.layer,
        scale: spec.scale,
        size: spec.size,
        start,
        count,
        offset: offset + start,
      });
      start += count;
      room -= count;
    }
  }
  return out;
}
