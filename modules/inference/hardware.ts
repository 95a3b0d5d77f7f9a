import type { Hardware } from '../../proto/gen/race/inference/v1/types.js';
import type { InferenceParams } from './params.js';

const GB = 1_000_000_000n;
const MAX_GPUS = 64;

/**
 * Why a declared hardware cannot execute, or undefined when it can. Appendix D: NVIDIA GPUs with at least
 * min_gpu_memory_gb per GPU (decimal GB: a 16 GB card reports 16376 MiB, below 16 GiB); a CPU only where the params
 * allow CPU executors (devnet, tests).
 */
export function hardwareIneligibility(
  h: Hardware | undefined,
  p: Pick<InferenceParams, 'allowCpuExecutors' | 'minGpuMemoryGb'>,
): string | undefined {
  if (!h) return 'hardware is required';
  if (h.deviceKind === 'cpu') {
    if (h.gpus.length > 0) return 'a cpu executor lists no gpus';
    return p.allowCpuExecutors ? undefined : 'cpu executors are not allowed (allow_cpu_executors = false)';
  }
  if (h.deviceKind !== 'cuda') return `device_kind must be "cuda" or "cpu", got ${JSON.stringify(h.deviceKind)}`;
  if (h.gpus.length === 0) return 'a cuda executor lists at least one gpu';
  if (h.gpus.length > MAX_GPUS) return `at most ${MAX_GPUS} gpus`;
  for (const g of h.gpus) {
    if (!/nvidia/i.test(g.name) || g.name.length > 128) return `gpu ${JSON.stringify(g.name)} is not an NVIDIA GPU`;
    if (g.memoryBytes < p.minGpuMemoryGb * GB)
      return `gpu ${g.name} has ${g.memoryBytes} bytes, below min_gpu_memory_gb ${p.minGpuMemoryGb}`;
  }
  return undefined;
}
