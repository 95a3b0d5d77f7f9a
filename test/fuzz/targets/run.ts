/**
 * The fuzz loop shared by the CI tier and the long runner: exec after exec of one target from one seed. The CI tier
 * stops after a fixed count and passes no clock; the runner stops on a time budget and passes a clock, which is the
 * only place a slow input ("hang") is measured.
 */
import { Rng } from './rng.js';
import type { FuzzTarget } from './target.js';

export interface FindingReport {
  kind: 'crash' | 'hang' | 'allocation';
  exec: number;
  message: string;
  input: string;
}

export interface RunResult {
  execs: number;
  crashes: number;
  hangs: number;
  allocations: number;
  /** Inputs slow once but not when run again (a loaded machine descheduling the process): not findings. */
  unconfirmedSlow: number;
  findings: FindingReport[];
}

export interface RunOpts {
  seed: number;
  /** Stop after this many execs (whichever of maxExecs and the deadline comes first). */
  maxExecs?: number;
  /** Milliseconds on `now`'s scale; needs `now`. */
  deadline?: number;
  now?: () => number;
  /** One input taking longer than this (needs `now`) is a hang. */
  hangMs?: number;
  /**
   * Whether a promise settles within the given milliseconds, rejecting if it rejects (the runner passes a timer):
   * an async input still pending after ten times hangMs is abandoned as a hang so the run goes on. A synchronous
   * endless loop cannot be interrupted in-process; the runner's own timeout is what catches that.
   */
  settlesWithin?: (p: Promise<void>, ms: number) => Promise<boolean>;
  /** Heap in use above this many bytes after an input is an unbounded allocation (checked every 256 execs). */
  maxHeapBytes?: number;
  heapUsed?: () => number;
  /** Findings kept in full (the counters go on). */
  keepFindings?: number;
}

class HangError extends Error {}

export async function runTarget(target: FuzzTarget, opts: RunOpts): Promise<RunResult> {
  const rng = new Rng(opts.seed);
  const res: RunResult = { execs: 0, crashes: 0, hangs: 0, allocations: 0, unconfirmedSlow: 0, findings: [] };
  const keep = opts.keepFindings ?? 5;
  const record = (kind: FindingReport['kind'], message: string, input: unknown): void => {
    if (kind === 'crash') res.crashes++;
    else if (kind === 'hang') res.hangs++;
    else res.allocations++;
    if (res.findings.length < keep) res.findings.push({ kind, exec: res.execs, message, input: target.show(input) });
  };
  const maxExecs = opts.maxExecs ?? Number.POSITIVE_INFINITY;
  while (
    res.execs < maxExecs &&
    (opts.deadline === undefined || opts.now === undefined || opts.now() < opts.deadline)
  ) {
    const input = target.generate(rng);
    const started = opts.now?.();
    try {
      const out = target.exec(input);
      if (out instanceof Promise) {
        if (opts.settlesWithin && opts.hangMs !== undefined) {
          const abandon = opts.hangMs * 10;
          if (!(await opts.settlesWithin(out, abandon))) throw new HangError(`still pending after ${abandon} ms`);
        } else {
          await out;
        }
      }
    } catch (e) {
      if (e instanceof HangError) {
        record('hang', e.message, input);
        res.execs++;
        continue;
      }
      record('crash', e instanceof Error ? `${e.name}: ${e.message}` : String(e), input);
    }
    if (started !== undefined && opts.hangMs !== undefined && opts.now!() - started > opts.hangMs) {
      const first = opts.now!() - started;
      // Timed once more: on a shared machine a single slow exec is usually the scheduler, not the input.
      const again = opts.now!();
      try {
        const out = target.exec(input);
        if (out instanceof Promise) await (opts.settlesWithin ? opts.settlesWithin(out, opts.hangMs * 10) : out);
      } catch {
        // the first run already recorded how it failed
      }
      const second = opts.now!() - again;
      if (second > opts.hangMs)
        record(
          'hang',
          `one input took ${Math.round(first)} ms, then ${Math.round(second)} ms (limit ${opts.hangMs})`,
          input,
        );
      else res.unconfirmedSlow++;
    }
    res.execs++;
    if (
      opts.maxHeapBytes !== undefined &&
      opts.heapUsed &&
      (res.execs & 255) === 0 &&
      opts.heapUsed() > opts.maxHeapBytes
    ) {
      record('allocation', `heap in use above ${opts.maxHeapBytes} bytes`, input);
    }
  }
  return res;
}
