/** Structured progress of long work: counts, rate and ETA from an injected clock, throttling, the last event, bad input. */
import { describe, expect, it } from '@jest/globals';
import { Progress, progressSink, setProgressSink, type ProgressEvent } from '../../../chain/util/progress.js';

function harness(opts: { total?: number; minIntervalMs?: number } = {}) {
  let t = 1000;
  const events: ProgressEvent[] = [];
  const p = new Progress(
    { task: 'block sync', unit: 'blocks', ...opts },
    { sink: { update: (e) => events.push(e) }, now: () => t },
  );
  return { p, events, advance: (ms: number) => (t += ms) };
}

describe('Progress', () => {
  it('reports done of total with the rate so far and the time left at that rate', () => {
    const { p, events, advance } = harness({ total: 100 });
    advance(2000);
    p.update(20);
    expect(events).toEqual([
      { task: 'block sync', unit: 'blocks', done: 20, total: 100, rate: 10, eta_s: 8, elapsed_s: 2, finished: false },
    ]);
    advance(2000);
    p.update(50);
    expect(events[1]).toMatchObject({ done: 50, rate: 12.5, eta_s: 4, elapsed_s: 4 });
  });

  it('emits at most once per interval, but always the first and the final event', () => {
    const { p, events, advance } = harness({ total: 10, minIntervalMs: 1000 });
    for (let i = 1; i <= 10; i++) {
      advance(100);
      p.update(i);
    }
    expect(events.map((e) => e.done)).toEqual([1]);
    advance(1000);
    p.update(10);
    p.finish();
    p.finish();
    p.update(3); // after the end nothing more is said
    expect(events.map((e) => [e.done, e.finished])).toEqual([
      [1, false],
      [10, false],
      [10, true],
    ]);
    expect(events[2]!.eta_s).toBe(0);
  });

  it('follows a moving total and counts with tick; an unknown total has no ETA', () => {
    const { p, events, advance } = harness();
    advance(1000);
    p.tick();
    expect(events[0]).toMatchObject({ done: 1, total: null, eta_s: null, rate: 1 });
    advance(1000);
    p.update(4, 8);
    expect(events[1]).toMatchObject({ done: 4, total: 8, rate: 2, eta_s: 2 });
  });

  it('has no rate before time has passed', () => {
    const { p, events } = harness({ total: 5 });
    p.update(0);
    expect(events[0]).toMatchObject({ rate: null, eta_s: null, elapsed_s: 0 });
  });

  it('refuses nonsense counts with a clear error and reports nothing for them', () => {
    const { p, events } = harness({ total: 5 });
    expect(() => p.update(-1)).toThrow(/non-negative/);
    expect(() => p.update(Number.NaN)).toThrow(/non-negative/);
    expect(() => p.update(1, -5)).toThrow(/total .* non-negative/);
    expect(events).toEqual([]);
    expect(() => new Progress({ task: '', unit: 'x' })).toThrow(/task name/);
    expect(() => new Progress({ task: 't', unit: 'x', total: -1 })).toThrow(/non-negative/);
  });

  it('goes to the process sink unless one is given, and nowhere before the process sets one', () => {
    const seen: ProgressEvent[] = [];
    const before = progressSink();
    try {
      new Progress({ task: 'quiet', unit: 'x' }).finish(); // the default sink drops it
      setProgressSink({ update: (e) => seen.push(e) });
      new Progress({ task: 'model load', unit: 'parts', total: 1 }).finish();
    } finally {
      setProgressSink(before);
    }
    expect(seen.map((e) => e.task)).toEqual(['model load']);
  });
});
