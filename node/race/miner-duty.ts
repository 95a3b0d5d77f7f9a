/**
 * The miner duty: while the race window of an epoch is open (and this node is a registered participant with mining
 * on), runs race/engine's Miner off the main thread on the epoch's seed and the hot key's node seed, collects its
 * proofs and submits them after every committed block in batches of at most `max_batch_nonces`. It stops the miner
 * `stopLeadBlocks` before the race's last height (the miner acts between batches) so the last batch still lands
 * inside the window, and drops anything left once the window has closed. Pausable for user inference.
 */
import type { Logger } from '../../chain/util/log.js';
import type { FoundProof } from '../../race/engine/miner-protocol.js';
import type { MinerOpts, MinerReady, MinerState, MinerStats } from '../../race/engine/miner.js';
import type { RaceDevice } from '../../race/engine/session.js';
import type { EpochInfo, Params } from '../../proto/gen/race/race/v1/types.js';
import { proofBatchMsg } from './duty-msgs.js';
import type { EncodedMsg } from './duty-tx.js';
import type { SubmitResult } from './duty-submitter.js';
import { ProofBatcher } from './proof-batcher.js';
import { toHexLower } from '../../chain/types/bytes.js';
import { raceConfigFrom } from './race-model.js';
import { DutyCycle, type Timers } from './throttle.js';

export interface MinerLike {
  start(): Promise<MinerReady>;
  pause(): Promise<void>;
  resume(): void;
  stop(): Promise<MinerStats>;
  readonly state: MinerState;
  readonly stats: MinerStats;
  on(event: 'proof', fn: (p: FoundProof) => void): unknown;
  on(event: 'stats', fn: (s: MinerStats) => void): unknown;
  on(event: 'error', fn: (e: Error) => void): unknown;
}

export interface MinerDutyOpts {
  device: RaceDevice;
  threads: number;
  /** Test knob RACE_TEST_MINER_THROTTLE: fraction of the time the miner works. */
  throttle: number;
  /** Test knob RACE_TEST_FORGE_NONCES: submit each proof's nonce + 1, never found. */
  forgeNonces: boolean;
  /** Blocks before the race's end at which the miner is stopped (default 2). */
  stopLeadBlocks?: number;
}

export interface MinerMetrics {
  noncesPerSecond(v: number): void;
  proofsFound(n: number): void;
  proofsSubmitted(n: number): void;
}

export interface MinerDutyDeps {
  address: string;
  publicKey: Uint8Array;
  submit: (msgs: EncodedMsg[], what: string) => SubmitResult;
  /** Nonces already on chain for this participant and epoch (after a restart mid-race). */
  proofNonces: (participant: string, epoch: bigint) => Promise<bigint[]>;
  createMiner: (opts: MinerOpts) => MinerLike;
  log: Logger;
  metrics?: MinerMetrics;
  timers?: Timers;
}

interface EpochRun {
  epoch: bigint;
  raceEnd: number;
  miner: MinerLike | undefined;
  batcher: ProofBatcher;
  cycle: DutyCycle | undefined;
  state: 'starting' | 'mining' | 'stopping' | 'stopped' | 'failed';
  submitted: number;
  stopped: Promise<void> | undefined;
}

export class MinerDuty {
  private run: EpochRun | undefined;
  private userPaused = false;
  /** The last miner start in progress (tests await it). */
  starting: Promise<void> = Promise.resolve();

  constructor(
    private readonly opts: MinerDutyOpts,
    private readonly deps: MinerDutyDeps,
  ) {}

  /** The epoch being mined (or just finished), for status and tests. */
  get current(): { epoch: bigint; state: EpochRun['state']; pending: number; submitted: number } | undefined {
    const r = this.run;
    return r && { epoch: r.epoch, state: r.state, pending: r.batcher.pending, submitted: r.submitted };
  }

  /**
   * After each committed block `height`: start, feed, stop or retire the miner according to the epoch's race window
   * (heights [start_height, race_end_height)); `mining` is the node's [race] mining switch.
   */
  async onBlock(height: number, epoch: EpochInfo, params: Params, registered: boolean, mining: boolean): Promise<void> {
    const next = height + 1;
    const start = Number(epoch.startHeight);
    const raceEnd = Number(epoch.raceEndHeight);
    const mineUntil = raceEnd - (this.opts.stopLeadBlocks ?? 2);
    if (this.run && this.run.epoch !== epoch.epoch) await this.retire('epoch ended');
    if (!this.run && mining && registered && next >= start && next < mineUntil && epoch.seed.length === 32) {
      // The model build may take seconds (paper config): it runs in the background, proofs flow once it is ready.
      this.starting = this.begin(epoch, params, raceEnd);
    }
    const run = this.run;
    if (!run) return;
    if (next >= mineUntil && (run.state === 'mining' || run.state === 'starting')) {
      this.deps.log.info({ epoch: run.epoch.toString(), height }, 'race: stopping the miner before the race ends');
      await this.halt(run);
    }
    if (next < raceEnd) this.flush(run, params);
    else if (run.batcher.pending > 0) {
      this.deps.log.warn(
        { epoch: run.epoch.toString(), dropped: run.batcher.pending },
        'race: the race window closed before these proofs were submitted',
      );
      run.batcher.take();
    }
  }

  /** Pre-emption by user work: the miner idles (between batches) until resume(). */
  async pause(): Promise<void> {
    this.userPaused = true;
    const m = this.run?.miner;
    if (m && m.state === 'running') await m.pause();
  }

  resume(): void {
    this.userPaused = false;
    const m = this.run?.miner;
    if (m && (m.state === 'paused' || m.state === 'pausing')) m.resume();
  }

  async stop(): Promise<void> {
    if (this.run) await this.retire('node stopping');
  }

  private async begin(epoch: EpochInfo, params: Params, raceEnd: number): Promise<void> {
    const maxBatch = Math.max(1, Number(params.maxBatchNonces) || 1);
    const run: EpochRun = {
      epoch: epoch.epoch,
      raceEnd,
      miner: undefined,
      batcher: new ProofBatcher(maxBatch),
      cycle: undefined,
      state: 'starting',
      submitted: 0,
      stopped: undefined,
    };
    this.run = run;
    let startNonce = 0n;
    try {
      const onChain = await this.deps.proofNonces(this.deps.address, epoch.epoch);
      if (run.state !== 'starting') return;
      for (const n of onChain) run.batcher.markDone(n);
      if (onChain.length > 0) startNonce = onChain.reduce((a, b) => (b > a ? b : a)) + 1n;
      const config = raceConfigFrom(params);
      const miner = this.deps.createMiner({
        config,
        epochSeed: epoch.seed,
        publicKey: this.deps.publicKey,
        device: this.opts.device,
        threads: this.opts.threads,
        startNonce,
      });
      run.miner = miner;
      miner.on('proof', (p) => {
        this.deps.metrics?.proofsFound(1);
        run.batcher.add(this.opts.forgeNonces ? p.nonce + 1n : p.nonce);
      });
      miner.on('stats', (s) => this.deps.metrics?.noncesPerSecond(s.noncesPerSec));
      miner.on('error', (e) => {
        run.state = 'failed';
        this.deps.log.error(
          { epoch: run.epoch.toString(), err: e.message },
          'race: the miner failed; no more proofs this epoch',
        );
      });
      this.deps.log.info(
        {
          epoch: epoch.epoch.toString(),
          seed: toHexLower(epoch.seed),
          config: config.name,
          device: this.opts.device,
          raceEnd,
          resumeFrom: startNonce.toString(),
          throttle: this.opts.throttle,
          forge: this.opts.forgeNonces,
        },
        'race: race window open, starting the miner',
      );
      const ready = await miner.start();
      if (run.state !== 'starting') {
        await miner.stop(); // halted while the model was being built
        return;
      }
      run.state = 'mining';
      this.deps.log.info(
        { epoch: epoch.epoch.toString(), device: ready.device, buildMs: ready.buildMs, sessionMs: ready.sessionMs },
        'race: mining',
      );
      if (this.opts.throttle < 1) {
        run.cycle = new DutyCycle(
          { fraction: this.opts.throttle },
          {
            target: {
              pause: () => miner.pause(),
              resume: () => {
                if (!this.userPaused) miner.resume();
              },
            },
            timers: this.deps.timers,
          },
        );
        run.cycle.start();
      }
      if (this.userPaused) await miner.pause();
    } catch (e) {
      run.state = 'failed';
      this.deps.log.error(
        { epoch: epoch.epoch.toString(), err: (e as Error).message },
        'race: could not start the miner; no proofs this epoch',
      );
    }
  }

  private flush(run: EpochRun, params: Params): void {
    void params;
    // Two batches per block at most: the chain takes 4 per participant and block (block-intake.ts), so two flushes
    // that land in the same block still fit; the rest waits in the queue for the next block.
    for (const batch of run.batcher.take(2)) {
      const r = this.deps.submit(
        [proofBatchMsg(this.deps.address, run.epoch, batch)],
        `proof batch of ${batch.length}`,
      );
      if (!r.ok) {
        run.batcher.putBack(batch);
        return;
      }
      run.submitted += batch.length;
      this.deps.metrics?.proofsSubmitted(batch.length);
      this.deps.log.info(
        { epoch: run.epoch.toString(), nonces: batch.length, total: run.submitted },
        'race: proof batch submitted',
      );
    }
  }

  private halt(run: EpochRun): Promise<void> {
    if (!run.stopped) {
      run.cycle?.stop();
      run.state = run.state === 'failed' ? 'failed' : 'stopping';
      const m = run.miner;
      run.stopped = (async () => {
        if (m) {
          try {
            const s = await m.stop();
            // busyMs (wall time inside batches) lets a test compare what the miner achieved with the time it worked.
            this.deps.log.info(
              {
                epoch: run.epoch.toString(),
                tried: s.tried,
                found: s.found,
                busyMs: Math.round(s.busyMs),
                noncesPerSec: Math.round(s.noncesPerSec),
              },
              'race: miner stopped',
            );
          } catch (e) {
            this.deps.log.warn({ err: (e as Error).message }, 'race: error while stopping the miner');
          }
        }
        if (run.state !== 'failed') run.state = 'stopped';
        this.deps.metrics?.noncesPerSecond(0);
      })();
    }
    return run.stopped;
  }

  private async retire(why: string): Promise<void> {
    const run = this.run!;
    this.run = undefined;
    await this.halt(run);
    this.deps.log.info(
      { epoch: run.epoch.toString(), submitted: run.submitted, unsent: run.batcher.pending, why },
      'race: epoch race done',
    );
  }
}
