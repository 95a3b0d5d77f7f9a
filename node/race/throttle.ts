/**
 * Test-only knobs of the Race node, read from the environment once at start:
 * - RACE_TEST_MINER_THROTTLE=f (0 < f ≤ 1): the miner works a fraction f of the time (a duty cycle of pause and
 *   resume between batches), so its nonce rate is f of what it would be;
 * - RACE_TEST_FORGE_NONCES=1: the node submits nonces it never found (each real proof's nonce + 1, so counts look
 *   plausible while almost all of them fail validation);
 * - RACE_TEST_LYING_VALIDATOR=1: the node posts the opposite of every check and re-verification verdict (it fails
 *   honest nonces and passes forged ones), so the dispute machine convicts it.
 */
export interface RaceTestKnobs {
  throttle: number;
  forgeNonces: boolean;
  lyingValidator: boolean;
}

export function raceTestKnobs(env: Record<string, string | undefined>): RaceTestKnobs {
  const raw = env.RACE_TEST_MINER_THROTTLE;
  let throttle = 1;
  if (raw !== undefined && raw !== '') {
    throttle = Number(raw);
    if (!Number.isFinite(throttle) || throttle <= 0 || throttle > 1)
      throw new Error(`RACE_TEST_MINER_THROTTLE must be a number in (0, 1], got ${JSON.stringify(raw)}`);
  }
  const forge = env.RACE_TEST_FORGE_NONCES;
  if (forge !== undefined && !['', '0', '1'].includes(forge))
    throw new Error(`RACE_TEST_FORGE_NONCES must be 0 or 1, got ${JSON.stringify(forge)}`);
  const lying = env.RACE_TEST_LYING_VALIDATOR;
  if (lying !== undefined && !['', '0', '1'].includes(lying))
    throw new Error(`RACE_TEST_LYING_VALIDATOR must be 0 or 1, got ${JSON.stringify(lying)}`);
  return { throttle, forgeNonces: forge === '1', lyingValidator: lying === '1' };
}

export interface Pausable {
  pause(): Promise<void>;
  resume(): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Period of the throttle's duty cycle: short against a race window, long against a miner batch (ms). */
const DUTY_PERIOD_MS = 250;

/**
 * Duty cycle: within every period the target works `fraction` of the time and is paused for the rest. Pauses
 * requested by others (user inference) are separate: the throttle only pauses what it resumed itself.
 */
export class DutyCycle {
  private timer: unknown;
  private running = false;
  private stopped = false;

  constructor(
    private readonly opts: { fraction: number; periodMs?: number },
    private readonly deps: { target: Pausable; timers?: Timers },
  ) {}

  start(): void {
    if (this.opts.fraction >= 1) return;
    this.running = true;
    this.schedule(this.workMs(), () => void this.rest());
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) (this.deps.timers ?? realTimers).clearTimeout(this.timer);
    this.timer = undefined;
  }

  private workMs(): number {
    return Math.round((this.opts.periodMs ?? DUTY_PERIOD_MS) * this.opts.fraction);
  }

  private async rest(): Promise<void> {
    if (this.stopped || !this.running) return;
    try {
      await this.deps.target.pause();
    } catch {
      return; // the miner stopped meanwhile
    }
    if (this.stopped) return;
    this.schedule((this.opts.periodMs ?? DUTY_PERIOD_MS) - this.workMs(), () => {
      try {
        this.deps.target.resume();
      } catch {
        return;
      }
      this.schedule(this.workMs(), () => void this.rest());
    });
  }

  private schedule(ms: number, fn: () => void): void {
    if (this.stopped) return;
    this.timer = (this.deps.timers ?? realTimers).setTimeout(fn, ms);
  }
}
