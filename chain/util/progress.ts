/**
 * Progress of long work (block sync, Race model build, inference model load): a reporter computes done/total, rate
 * and ETA from an injected clock and hands throttled events to a sink. The process picks the sink once at start
 * (node/cli/progress-sink.ts): a terminal bar when stdout is a TTY, structured `progress` fields in the JSON logs
 * otherwise. Library code only creates reporters, so it never knows which.
 */
export interface ProgressEvent {
  /** What is being done, e.g. "block sync". */
  task: string;
  unit: string;
  done: number;
  /** Unknown totals are null (the bar then shows a count). */
  total: number | null;
  /** Units per second since the reporter started; null until time has passed. */
  rate: number | null;
  /** Seconds left at that rate; null when the total or the rate is unknown. */
  eta_s: number | null;
  elapsed_s: number;
  finished: boolean;
}

export interface ProgressSink {
  update(e: ProgressEvent): void;
}

export interface ProgressOpts {
  task: string;
  unit: string;
  total?: number;
  /** Least time between two events, except the first and the last (default 1000 ms). */
  minIntervalMs?: number;
}

export interface ProgressDeps {
  /** Defaults to the process's sink (setProgressSink). */
  sink?: ProgressSink;
  /** Monotonic milliseconds. */
  now?: () => number;
}

const NO_SINK: ProgressSink = { update: () => {} };
let processSink: ProgressSink = NO_SINK;

/** Set once by the process's entry point; before that, progress goes nowhere (libraries and tests stay quiet). */
export function setProgressSink(sink: ProgressSink | undefined): void {
  processSink = sink ?? NO_SINK;
}

export function progressSink(): ProgressSink {
  return processSink;
}

const isCount = (n: number) => Number.isFinite(n) && n >= 0;

export class Progress {
  private readonly sink: ProgressSink;
  private readonly now: () => number;
  private readonly started: number;
  private readonly minIntervalMs: number;
  private total: number | null;
  private done = 0;
  private lastEmit: number | undefined;
  private finished = false;

  constructor(
    private readonly opts: ProgressOpts,
    deps: ProgressDeps = {},
  ) {
    if (!opts.task) throw new Error('progress needs a task name');
    if (opts.total !== undefined && !isCount(opts.total))
      throw new Error(`progress total of ${opts.task} must be a non-negative number, got ${opts.total}`);
    this.sink = deps.sink ?? processSink;
    this.now = deps.now ?? (() => performance.now());
    this.started = this.now();
    this.total = opts.total ?? null;
    this.minIntervalMs = opts.minIntervalMs ?? 1000;
  }

  /** Sets how much is done (and the total when it moved, as a sync target does); emits at most every minIntervalMs. */
  update(done: number, total?: number): void {
    if (!isCount(done)) throw new Error(`progress of ${this.opts.task} must be a non-negative number, got ${done}`);
    if (total !== undefined) {
      if (!isCount(total))
        throw new Error(`progress total of ${this.opts.task} must be a non-negative number, got ${total}`);
      this.total = total;
    }
    if (this.finished) return;
    this.done = done;
    const t = this.now();
    if (this.lastEmit !== undefined && t - this.lastEmit < this.minIntervalMs) return;
    this.lastEmit = t;
    this.sink.update(this.event(t, false));
  }

  tick(n = 1): void {
    this.update(this.done + n);
  }

  /** The last event, always emitted once (a task that ended early reports where it stopped). */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.sink.update(this.event(this.now(), true));
  }

  private event(t: number, finished: boolean): ProgressEvent {
    const elapsed = Math.max(0, t - this.started) / 1000;
    const rate = elapsed > 0 ? this.done / elapsed : null;
    const left = this.total === null ? null : Math.max(0, this.total - this.done);
    return {
      task: this.opts.task,
      unit: this.opts.unit,
      done: this.done,
      total: this.total,
      rate,
      eta_s: left === null || !rate ? (left === 0 ? 0 : null) : left / rate,
      elapsed_s: elapsed,
      finished,
    };
  }
}
