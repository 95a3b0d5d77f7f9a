/** Where a node's progress goes: JSON log lines with a `progress` object, or a cli-progress bar on a terminal. */
import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { createLogger } from '../../../chain/util/log.js';
import { Progress } from '../../../chain/util/progress.js';
import { barProgressSink, logProgressSink, progressSinkFor } from '../../../node/cli/progress-sink.js';

function capture(): { stream: PassThrough & { isTTY?: boolean; columns?: number }; text: () => string } {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  let out = '';
  stream.on('data', (d: Buffer) => (out += d.toString()));
  return { stream, text: () => out };
}

describe('progress sinks', () => {
  it('writes one JSON log line per event with the structured progress', async () => {
    const { stream, text } = capture();
    const log = createLogger({ destination: stream, pretty: false });
    let t = 0;
    const p = new Progress(
      { task: 'race model build', unit: 'parts', total: 4, minIntervalMs: 0 },
      { sink: logProgressSink(log), now: () => t },
    );
    t = 500;
    p.update(1);
    t = 2000;
    p.update(4);
    p.finish();
    await new Promise((r) => setImmediate(r));
    const lines = text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { module: string; msg: string; progress: Record<string, unknown> });
    expect(lines.map((l) => l.progress)).toEqual([
      {
        task: 'race model build',
        unit: 'parts',
        done: 1,
        total: 4,
        rate: 2,
        eta_s: 1.5,
        elapsed_s: 0.5,
        finished: false,
      },
      { task: 'race model build', unit: 'parts', done: 4, total: 4, rate: 2, eta_s: 0, elapsed_s: 2, finished: false },
      { task: 'race model build', unit: 'parts', done: 4, total: 4, rate: 2, eta_s: 0, elapsed_s: 2, finished: true },
    ]);
    expect(lines.every((l) => l.module === 'progress')).toBe(true);
    expect(lines[2]!.msg).toBe('race model build: 4/4 parts (done)');
  });

  it('draws a bar with rate and ETA on a terminal and closes it when the task ends', () => {
    const { stream, text } = capture();
    stream.isTTY = true;
    stream.columns = 120;
    const sink = barProgressSink(stream);
    let t = 0;
    const p = new Progress({ task: 'block sync', unit: 'blocks', total: 10, minIntervalMs: 0 }, { sink, now: () => t });
    t = 1000;
    p.update(5);
    p.finish();
    sink.stop();
    expect(text()).toMatch(/block sync \[[^\]]*\] 50% \| 5\/10 blocks \| 5\.00 blocks\/s \| ETA 1s/);
  });

  it('picks the bar only for a person at a terminal', () => {
    const log = createLogger({ destination: new PassThrough(), pretty: false });
    const { stream } = capture();
    expect('stop' in progressSinkFor({ tty: true, jsonLogs: false, log, stream })).toBe(true);
    expect('stop' in progressSinkFor({ tty: true, jsonLogs: true, log, stream })).toBe(false);
    expect('stop' in progressSinkFor({ tty: false, jsonLogs: false, log, stream })).toBe(false);
  });
});
