/**
 * RaceService: the node's part in the Race. After every committed block it reads its duties from the Race module
 * (Query/Duties) and drives, in order: registration as a participant (a new node with mining on), the miner duty
 * (race window), the validator duty (validation window) and beacon participation (beacon windows). Blocks are
 * handled one at a time, in order; a failure in one duty is logged and never reaches consensus.
 */
import type { Logger } from '../../chain/util/log.js';
import type { QueryDutiesResponse } from '../../proto/gen/race/race/v1/query.js';
import type { BeaconDuty } from './beacon-duty.js';
import { registerParticipantMsg } from './duty-msgs.js';
import type { DutySubmitter } from './duty-submitter.js';
import type { MinerDuty } from './miner-duty.js';
import type { RaceChain } from './race-chain.js';
import type { RaceKey } from './race-key.js';
import type { ValidatorDuty } from './validator-duty.js';

/** Blocks to wait for a registration to show before sending it again. */
const REGISTER_RETRY_BLOCKS = 5;

export interface RaceServiceOpts {
  /** [race] mining: a plain full node (false) neither registers nor mines; it still does duties it is assigned. */
  mining: boolean;
  /** 32-byte ed25519 consensus key (priv_validator_key.json) that receives the voting power. */
  consensusPubKey: Uint8Array;
  /** [race] operator: the operator address the node names when it registers ("" = none; see operator.ts). */
  operator?: string;
}

export interface RaceServiceDeps {
  key: RaceKey;
  chain: RaceChain;
  submitter: DutySubmitter;
  miner: MinerDuty;
  validator: ValidatorDuty;
  beacon: BeaconDuty;
  log: Logger;
}

export class RaceService {
  private queue: Promise<void> = Promise.resolve();
  private latest = 0;
  private stopped = false;
  private registeredAt: number | undefined;
  private lastEpoch: bigint | undefined;
  private unavailableLogged = false;

  constructor(
    private readonly opts: RaceServiceOpts,
    private readonly deps: RaceServiceDeps,
  ) {}

  start(): void {
    this.deps.log.info(
      { address: this.deps.key.address, mining: this.opts.mining },
      'race: node races under this participant address (config/race_key.json)',
    );
  }

  /** Called by the node after each committed block; returns at once (the work is queued). */
  onBlockCommitted(height: number): void {
    if (this.stopped) return;
    this.latest = Math.max(this.latest, height);
    this.queue = this.queue
      .then(() => this.tick(height))
      .catch((e: Error) => this.deps.log.error({ height, err: e.message }, 'race: duty tick failed'));
  }

  /** The block handled last (tests wait on it). */
  async settled(): Promise<void> {
    await this.queue;
  }

  /** The signer of this node's Race hot key, shared with the inference relay so that both keep one account sequence. */
  get submitter(): DutySubmitter {
    return this.deps.submitter;
  }

  /** User work pre-empts the miner (between its batches). */
  pause(): Promise<void> {
    return this.deps.miner.pause();
  }

  resume(): void {
    this.deps.miner.resume();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.queue;
    await this.deps.miner.stop();
    await this.deps.validator.idle;
  }

  private async tick(height: number): Promise<void> {
    if (this.stopped) return;
    this.deps.submitter.onBlockCommitted();
    // Behind by several blocks (e.g. block sync): only the newest one matters for duties.
    if (height < this.latest) return;
    let duties: QueryDutiesResponse;
    try {
      duties = await this.deps.chain.duties(this.deps.key.address);
    } catch (e) {
      if (!this.unavailableLogged)
        this.deps.log.warn({ err: (e as Error).message }, 'race: the Race module does not answer; no Race duties');
      this.unavailableLogged = true;
      return;
    }
    const epoch = duties.epoch;
    if (!epoch) return;
    if (epoch.epoch !== this.lastEpoch) {
      this.lastEpoch = epoch.epoch;
      this.deps.log.info(
        {
          epoch: epoch.epoch.toString(),
          start: epoch.startHeight.toString(),
          raceEnd: epoch.raceEndHeight.toString(),
          validationEnd: epoch.validationEndHeight.toString(),
          next: epoch.nextEpochHeight.toString(),
          fallbackSeed: epoch.seedFallback,
          registered: duties.registered,
        },
        'race: new epoch',
      );
    }
    this.register(height, duties);
    const params = await this.deps.chain.params();
    await this.guard('miner', () =>
      this.deps.miner.onBlock(height, epoch, params, duties.registered, this.opts.mining),
    );
    await this.guard('validator', () => this.deps.validator.onBlock(height, epoch, params, duties.validations));
    await this.guard('beacon', () => this.deps.beacon.onBlock(height, duties.beaconMember));
  }

  private register(height: number, duties: QueryDutiesResponse): void {
    if (duties.registered || !this.opts.mining) return;
    if (this.registeredAt !== undefined && height - this.registeredAt < REGISTER_RETRY_BLOCKS) return;
    const msg = registerParticipantMsg(
      this.deps.key.address,
      this.deps.key.pubKey,
      this.opts.consensusPubKey,
      this.opts.operator,
    );
    const r = this.deps.submitter.submit([msg], 'participant registration');
    if (r.ok) {
      this.registeredAt = height;
      this.deps.log.info({ address: this.deps.key.address }, 'race: registering as a Race participant');
    }
  }

  private async guard(what: string, fn: () => Promise<void> | void): Promise<void> {
    try {
      await fn();
    } catch (e) {
      this.deps.log.error({ duty: what, err: (e as Error).message }, 'race: duty failed for this block');
    }
  }
}
