/**
 * ONNX Runtime sessions with every option that can change the arithmetic pinned, and the device
 * choice: CUDA when its provider loads, else the CPU provider with a log line (auto), or an error
 * (cuda). `['cuda','cpu']` throws when the CUDA libraries are missing, so we probe and fall back ourselves.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import ort from 'onnxruntime-node';
import type { BuiltModel } from './model-file.js';

export type RaceDevice = 'auto' | 'cuda' | 'cpu';

/** The one logging call the engine makes; a pino Logger satisfies it. */
export interface EngineLog {
  info(obj: Record<string, unknown>, msg: string): void;
}
export type ResolvedDevice = 'cuda' | 'cpu';
export type SpinPolicy = 'during-runs' | 'always' | 'never';

export const RACE_DEVICES: readonly RaceDevice[] = ['auto', 'cuda', 'cpu'];

export function parseDevice(value: string): RaceDevice {
  if ((RACE_DEVICES as readonly string[]).includes(value)) return value as RaceDevice;
  throw new Error(`invalid race device "${value}": use auto, cuda or cpu`);
}

export interface SessionOpts {
  device?: RaceDevice;
  /** intra-op threads of the CPU provider; defaults to 1. */
  threads?: number;
  cudaDeviceId?: number;
  /**
   * When idle intra-op threads spin instead of sleeping. 'during-runs' (the default): spin inside a run,
   * stop when it ends (ORT's session.force_spinning_stop). A model split into parts has a thread pool per
   * part, and with ORT's default ('always') the pools of the parts not running spin against the one that
   * is (measured: 1.7-2.2x the CPU time per batch with 2-8 parts at 2 threads); 'never' wakes the
   * threads for every operator (4 % slower than 'during-runs' on the paper model), and 'always' keeps
   * cores busy for a moment after a run. A model in one session and the MatMul peak use 'always'.
   */
  spinning?: SpinPolicy;
}

export interface RaceSession {
  session: ort.InferenceSession;
  device: ResolvedDevice;
}

let logLevelSet = false;
function quietOrt(): void {
  if (logLevelSet) return;
  // Unused-initializer and fusion notices would otherwise flood stderr.
  ort.env.logLevel = 'error';
  logLevelSet = true;
}

export function sessionOptions(device: ResolvedDevice, opts: SessionOpts): ort.InferenceSession.SessionOptions {
  const threads = opts.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1 || threads > 256)
    throw new Error(`threads must be an integer in [1, 256], got ${threads}`);
  return {
    executionProviders:
      device === 'cuda'
        ? [{ name: 'cuda', deviceId: opts.cudaDeviceId ?? 0 } as ort.InferenceSession.ExecutionProviderConfig]
        : ['cpu'],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    enableCpuMemArena: true,
    logSeverityLevel: 3,
    // Changes no arithmetic (bit-identical either way); see SessionOpts.spinning.
    ...spinConfig(opts.spinning ?? 'during-runs'),
  };
}

function spinConfig(policy: SpinPolicy): Pick<ort.InferenceSession.SessionOptions, 'extra'> {
  switch (policy) {
    case 'always':
      return {};
    case 'never':
      return { extra: { session: { intra_op: { allow_spinning: '0' } } } };
    case 'during-runs':
      return { extra: { session: { intra_op: { allow_spinning: '1' }, force_spinning_stop: '1' } } };
    default:
      throw new Error(`invalid spin policy "${String(policy)}"`);
  }
}

async function open(model: BuiltModel, options: ort.InferenceSession.SessionOptions): Promise<ort.InferenceSession> {
  if (model.modelPath) return ort.InferenceSession.create(model.modelPath, options);
  if (model.externalData)
    return ort.InferenceSession.create(model.bytes!, { ...options, externalData: model.externalData });
  return ort.InferenceSession.create(model.bytes!, options);
}

/**
 * The CUDA provider library beside ORT's binding, or null. Checked before trying CUDA because a failed
 * load prints an ORT error line to stderr, which would alarm CPU-only operators on every start.
 */
export function cudaProviderLibrary(): string | null {
  try {
    const pkg = createRequire(import.meta.url).resolve('onnxruntime-node/package.json');
    const lib = path.join(
      path.dirname(pkg),
      'bin',
      'napi-v6',
      process.platform,
      process.arch,
      'libonnxruntime_providers_cuda.so',
    );
    return existsSync(lib) ? lib : null;
  } catch {
    return null;
  }
}

export async function createRaceSession(model: BuiltModel, opts: SessionOpts, logger: EngineLog): Promise<RaceSession> {
  quietOrt();
  const device = opts.device ?? 'auto';
  if (device !== 'cpu') {
    if (cudaProviderLibrary() === null) {
      const reason = 'libonnxruntime_providers_cuda.so is not installed (see docs/race-engine.md, CUDA)';
      if (device === 'cuda') throw new Error(`race device cuda requested but ${reason}`);
      logger.info({ reason }, 'race: CUDA provider unavailable, falling back to the CPU provider');
      return { session: await open(model, sessionOptions('cpu', opts)), device: 'cpu' };
    }
    try {
      return { session: await open(model, sessionOptions('cuda', opts)), device: 'cuda' };
    } catch (err) {
      const reason = (err as Error).message.split('\n')[0];
      if (device === 'cuda')
        throw new Error(`race device cuda requested but the CUDA provider failed to load: ${reason}`, { cause: err });
      logger.info({ reason }, 'race: CUDA provider unavailable, falling back to the CPU provider');
    }
  }
  return { session: await open(model, sessionOptions('cpu', opts)), device: 'cpu' };
}
