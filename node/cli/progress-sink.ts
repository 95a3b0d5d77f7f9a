/**
 * Where a node process's progress goes (chain/util/progress.ts): cli-progress bars on stderr when the output is a
 * terminal read by a person, or one structured `progress` object per event in the JSON logs otherwise.
 */
import { createRequire } from 'node:module';
import type cliProgress from 'cli-progress';
import type { Logger } from '../../chain/util/log.js';
import type { ProgressEvent, ProgressSink } from '../../chain/util/progress.js';

/** `{ progress: {task, unit, done, total, rate, eta_s, elapsed_s, finished} }` at info, one line per event. */
export function logProgressSink(log: Logger): ProgressSink {
  const child = log.child({ module: 'progress' });
  return {
    update(e) {
      const of = e.total === null ? '' : `/${e.total}`;
      child.info({ progress: e }, `${e.task}: ${e.done}${of} ${e.unit}${e.finished ? ' (done)' : ''}`);
    },
  };
}

function payload(e: ProgressEvent): Record<string, string> {
  return {
    task: e.task,
    unit: e.unit,
    rate: e.rate === null ? '-' : e.rate >= 10 ? e.rate.toFixed(0) : e.rate.toFixed(2),
    left: e.eta_s === null ? '-' : `${Math.ceil(e.eta_s)}s`,
  };
}

/** One bar per running task on `stream` (a TTY); a finished task's bar is completed and removed. */
export function barProgressSink(stream: NodeJS.WritableStream): ProgressSink & { stop(): void } {
  let multi: cliProgress.MultiBar | undefined;
  const bars = new Map<string, cliProgress.SingleBar>();
  // Loaded on the first bar: every raced command imports this file, few draw a bar (test/node/cli/light-imports).
  const open = () =>
    (multi ??= new (createRequire(import.meta.url)('cli-progress') as typeof cliProgress).MultiBar({
      stream,
      format: '{task} [{bar}] {percentage}% | {value}/{total} {unit} | {rate} {unit}/s | ETA {left}',
      hideCursor: false,
      clearOnComplete: false,
      fps: 5,
    }));
  return {
    update(e) {
      const total = e.total ?? Math.max(e.done, 1);
      let bar = bars.get(e.task);
      if (!bar) {
        bar = open().create(total, e.done, payload(e));
        bars.set(e.task, bar);
      }
      bar.setTotal(total);
      bar.update(e.done, payload(e));
      if (!e.finished) return;
      bar.stop();
      bars.delete(e.task);
      if (bars.size === 0) {
        multi?.stop();
        multi = undefined;
      }
    },
    stop() {
      multi?.stop();
      multi = undefined;
      bars.clear();
    },
  };
}

/** A bar only for a person at a terminal; JSON logs (or no terminal) get structured events. */
export function progressSinkFor(o: {
  tty: boolean;
  jsonLogs: boolean;
  log: Logger;
  stream?: NodeJS.WritableStream;
}): ProgressSink {
  return o.tty && !o.jsonLogs ? barProgressSink(o.stream ?? process.stderr) : logProgressSink(o.log);
}
