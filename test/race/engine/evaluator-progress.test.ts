/** The Race model build reports its progress part by part (weights generated, session made), ending with done = total. */
import { describe, expect, it } from '@jest/globals';
import type { ProgressEvent } from '../../../chain/util/progress.js';
import { DEV_CONFIG, type RaceConfig } from '../../../race/engine/config.js';
import { RaceEvaluator } from '../../../race/engine/evaluator.js';

const DEV_3: RaceConfig = { ...DEV_CONFIG, name: 'dev-3', layers: 3 };
const epochSeed = new Uint8Array(32).fill(0x5a);

async function build(externalData: 'never' | 'always'): Promise<ProgressEvent[]> {
  const events: ProgressEvent[] = [];
  const ev = await RaceEvaluator.create(
    { config: DEV_3, epochSeed, device: 'cpu', threads: 1, externalData, partBytes: 1, weightWorkers: 0 },
    { progress: { update: (e) => events.push(e) } },
  );
  await ev.close();
  return events;
}

describe('Race model build progress', () => {
  it('counts the parts of a split model up to the total, then finishes', async () => {
    const events = await build('always');
    const last = events.at(-1)!;
    expect(last).toMatchObject({
      task: 'race model build',
      unit: 'parts',
      done: 3,
      total: 3,
      finished: true,
      eta_s: 0,
    });
    const dones = events.map((e) => e.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(events.filter((e) => e.finished)).toHaveLength(1);
  });

  it('reports a one-part model as one part', async () => {
    const events = await build('never');
    expect(events.at(-1)).toMatchObject({ done: 1, total: 1, finished: true });
  });
});
