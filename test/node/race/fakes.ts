/** Fakes for the node-side Race duty tests: a scripted miner, a recording submitter, manual timers, epoch/params builders. */
import { EventEmitter } from 'node:events';
import type { MinerOpts, MinerReady, MinerState, MinerStats } from '../../../race/engine/miner.js';
import type { EpochInfo, Params } from '../../../proto/gen/race/race/v1/types.js';
import type { EncodedMsg } from '../../../node/race/duty-tx.js';
import type { SubmitResult } from '../../../node/race/duty-submitter.js';
import type { MinerLike } from '../../../node/race/miner-duty.js';
import type { Timers } from '../../../node/race/throttle.js';

export class FakeMiner extends EventEmitter implements MinerLike {
  state: MinerState = 'idle';
  stats: MinerStats = { tried: 0, found: 0, noncesPerSec: 0, busyMs: 0, batchSize: 64, nextNonce: 0n };
  readonly calls: string[] = [];
  constructor(readonly opts: MinerOpts) {
    super();
  }
  async start(): Promise<MinerReady> {
    this.calls.push('start');
    this.state = 'running';
    return { device: 'cpu', buildMs: 1, sessionMs: 1, threshold: 1.2, submitBelow: 1.2 };
  }
  async pause(): Promise<void> {
    this.calls.push('pause');
    this.state = 'paused';
  }
  resume(): void {
    this.calls.push('resume');
    this.state = 'running';
  }
  async stop(): Promise<MinerStats> {
    this.calls.push('stop');
    this.state = 'stopped';
    return this.stats;
  }
  prove(...nonces: bigint[]): void {
    for (const nonce of nonces) this.emit('proof', { nonce, distance: 1 });
  }
}

export class RecordingSubmitter {
  readonly sent: Array<{ msgs: EncodedMsg[]; what: string }> = [];
  refuse = false;
  submit = (msgs: EncodedMsg[], what: string): SubmitResult => {
    if (this.refuse) return { ok: false, code: 5, log: 'refused' };
    this.sent.push({ msgs, what });
    return { ok: true, hash: 'H', sequence: BigInt(this.sent.length - 1), bytes: 1 };
  };
  of(typeUrl: string): EncodedMsg[] {
    return this.sent.flatMap((s) => s.msgs).filter((m) => m.typeUrl === typeUrl);
  }
}

export class ManualTimers implements Timers {
  now = 0;
  private queue: Array<{ at: number; fn: () => void; id: number }> = [];
  private id = 0;
  setTimeout(fn: () => void, ms: number): unknown {
    this.queue.push({ at: this.now + ms, fn, id: ++this.id });
    return this.id;
  }
  clearTimeout(h: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== h);
  }
  /** Runs due timers in order, letting promises settle between them. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at);
      const t = this.queue[0];
      if (!t || t.at > end) break;
      this.queue.shift();
      this.now = t.at;
      t.fn();
      for (let i = 0; i < 5; i++) await Promise.resolve();
    }
    this.now = end;
  }
}

export function params(over: Partial<Params> = {}): Params {
  return {
    epochLength: 40n,
    raceBlocks: 10n,
    validationBlocks: 6n,
    beaconCommitBlocks: 3n,
    beaconComplaintBlocks: 2n,
    beaconRevealBlocks: 3n,
    beaconReconstructBlocks: 3n,
    beaconSharePoints: 64,
    beaconGroupSize: 10,
    modelConfig: 'test',
    targetDifficulty: 900n,
    sampleSize: 8,
    validatorsPerParticipant: 3,
    mismatchRatePpm: 100n,
    tolerancePpm: 1000n,
    maxValidators: 100,
    maxBatchNonces: 3,
    maxNoncesPerEpoch: 100000n,
    maxParticipants: 100,
    invalidPenalty: 2n,
    exclusionEpochs: 7n,
    registrationFee: 0n,
    pruneAfterEpochs: 0n,
    maxBlockNonces: 8192,
    ...over,
  };
}

/** Epoch `e` of `params()`: starts at 1 + 40e; race 10 blocks, validation 6. */
export function epochInfo(e: number, over: Partial<EpochInfo> = {}): EpochInfo {
  const s = 1 + 40 * e;
  return {
    epoch: BigInt(e),
    startHeight: BigInt(s),
    raceEndHeight: BigInt(s + 10),
    validationEndHeight: BigInt(s + 16),
    beaconCommitHeight: BigInt(s + 29),
    nextEpochHeight: BigInt(s + 40),
    seed: new Uint8Array(32).fill(e + 1),
    phase: 'race',
    height: BigInt(s),
    seedFallback: false,
    modelConfig: 'test',
    ...over,
  };
}

export const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};
