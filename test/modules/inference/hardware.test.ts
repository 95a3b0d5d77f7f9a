import { hardwareIneligibility } from '../../../modules/inference/hardware.js';

const strict = { allowCpuExecutors: false, minGpuMemoryGb: 16n };
const gpu = (name: string, memoryBytes: bigint) => ({ name, memoryBytes });

describe('executor hardware eligibility (appendix D)', () => {
  it('accepts NVIDIA GPUs with at least 16 GB each, as drivers report them', () => {
    expect(
      hardwareIneligibility({ deviceKind: 'cuda', gpus: [gpu('NVIDIA H200', 150_000_000_000n)] }, strict),
    ).toBeUndefined();
    // A 16 GB card reports 16376 MiB: above 16 decimal GB.
    expect(
      hardwareIneligibility(
        { deviceKind: 'cuda', gpus: [gpu('NVIDIA GeForce RTX 4080', 16376n * 1024n * 1024n)] },
        strict,
      ),
    ).toBeUndefined();
  });

  it('refuses small, non-NVIDIA or missing GPUs, with the reason', () => {
    expect(
      hardwareIneligibility(
        { deviceKind: 'cuda', gpus: [gpu('NVIDIA H200', 150_000_000_000n), gpu('NVIDIA T400', 4_000_000_000n)] },
        strict,
      ),
    ).toMatch(/NVIDIA T400 has .* below min_gpu_memory_gb 16/);
    expect(
      hardwareIneligibility({ deviceKind: 'cuda', gpus: [gpu('AMD Instinct MI300X', 192_000_000_000n)] }, strict),
    ).toMatch(/not an NVIDIA GPU/);
    expect(hardwareIneligibility({ deviceKind: 'cuda', gpus: [] }, strict)).toMatch(/at least one gpu/);
    expect(hardwareIneligibility({ deviceKind: 'rocm', gpus: [] }, strict)).toMatch(/device_kind/);
    expect(hardwareIneligibility(undefined, strict)).toMatch(/required/);
  });

  it('accepts a CPU only where the params allow CPU executors', () => {
    expect(hardwareIneligibility({ deviceKind: 'cpu', gpus: [] }, strict)).toMatch(/allow_cpu_executors = false/);
    expect(
      hardwareIneligibility({ deviceKind: 'cpu', gpus: [] }, { ...strict, allowCpuExecutors: true }),
    ).toBeUndefined();
  });
});
