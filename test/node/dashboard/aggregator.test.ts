/** The dashboard's aggregates: what each event counts toward, bounded memory, incremental replies, junk ignored. */
import { describe, expect, it } from '@jest/globals';
import { event, type AbciEvent } from '../../../chain/types/events.js';
import { DashboardAggregator, mergeDown, type BlockInput } from '../../../node/dashboard/aggregator.js';

const SECOND = 1_000_000_000n;
const T0 = 1_800_000_000n * SECOND;

function block(
  height: number,
  opts: { txs?: AbciEvent[][]; failed?: AbciEvent[][]; events?: AbciEvent[]; dt?: bigint } = {},
): BlockInput {
  return {
    height,
    timeNs: T0 + BigInt(height) * (opts.dt ?? SECOND),
    txResults: [
      ...(opts.txs ?? []).map((events) => ({ code: 0, events })),
      ...(opts.failed ?? []).map((events) => ({ code: 5, events })),
    ],
    events: opts.events ?? [],
  };
}

const epochStart = (epoch: number, start: number, weight = '7', validators = '2') =>
  event('race_epoch_start', [
    ['epoch', String(epoch)],
    ['start_height', String(start)],
    ['seed', 'ab'],
    ['fallback', 'false'],
    ['validators', validators],
    ['total_weight', weight],
  ]);
const proofs = (who: string, epoch: number, nonces: number) =>
  event('race_proof_batch', [
    ['participant', who],
    ['epoch', String(epoch)],
    ['nonces', String(nonces)],
    ['total', String(nonces)],
  ]);
const started = (executor: string) => event('inference_started', [['executor', executor]]);
const vote = () => event('unit_price_vote', [['price', '1500nicoin']]);

describe('DashboardAggregator', () => {
  it('records each block: interval, txs, failed txs, inference and vote counts', () => {
    const a = new DashboardAggregator();
    a.onBlock(block(1));
    a.onBlock(block(2, { txs: [[started('race1x')], [vote()]], failed: [[started('race1forged')]] }));
    const h = a.history();
    expect(h.height).toBe(2);
    expect(h.blocks.map((b) => [b.height, b.interval, b.txs, b.failedTxs, b.inferences, b.priceVotes])).toEqual([
      [1, null, 0, 0, 0, 0],
      [2, 1, 3, 1, 1, 1],
    ]);
    // A failed tx's events never count: a request that did not start is not traffic.
    expect(h.executors).toEqual([{ address: 'race1x', inferences: 1 }]);
  });

  it('counts settled completion tokens per block and keeps a bounded list of times to first token', () => {
    const a = new DashboardAggregator({ firstTokens: 3 });
    const settled = (tokens: string) =>
      event('inference_settled', [
        ['id', 'ab'],
        ['completion_tokens', tokens],
      ]);
    a.onBlock(block(1, { txs: [[settled('7'), settled('5')], [settled('-1')]] }));
    expect(a.history().blocks[0]).toMatchObject({ settled: 3, completionTokens: 12 });
    for (const ms of [120, 80, Number.NaN, -5, 300, 40]) a.onFirstToken(ms, 1_000_000);
    // Junk (NaN, negative) is dropped; the ring keeps the newest three.
    expect(a.history().firstTokens.map((t) => t.ms)).toEqual([80, 300, 40]);
    expect(a.history(1).firstTokens.map((t) => t.ms)).toEqual([80, 300, 40]);
  });

  it('folds Race, price and dispute events into per-epoch points', () => {
    const a = new DashboardAggregator();
    a.onBlock(block(1, { events: [epochStart(1, 1)] }));
    a.onBlock(
      block(2, { txs: [[proofs('race1a', 1, 5)], [proofs('race1b', 1, 3)], [proofs('race1a', 1, 2)], [vote()]] }),
    );
    a.onBlock(
      block(3, {
        events: [
          event('race_item_disputed', [
            ['epoch', '1'],
            ['participant', 'race1b'],
            ['nonces', '1,2'],
          ]),
          event('race_double_sign', [
            ['participant', 'race1b'],
            ['height', '2'],
            ['excluded_epoch', '2'],
          ]),
          event('unit_price', [
            ['price', '1500nicoin'],
            ['epoch', '2'],
            ['participants', '2'],
            ['votes', '1'],
          ]),
          epochStart(2, 4, '10', '2'),
        ],
      }),
    );
    const [e1, e2] = a.history().epochs;
    expect(e1).toMatchObject({
      epoch: 1,
      startHeight: 1,
      submitters: 2,
      nonces: 10,
      priceVotes: 1,
      disputes: 1,
      convictions: 1,
    });
    expect(e2).toMatchObject({ epoch: 2, startHeight: 4, weightInForce: '10', validators: 2, unitPrice: '1500' });
  });

  it('ignores replayed heights, so a restart does not count a block twice', () => {
    const a = new DashboardAggregator();
    a.onBlock(block(1, { txs: [[]] }));
    a.onBlock(block(1, { txs: [[]] }));
    a.onBlock(block(2));
    expect(a.history().blocks.map((b) => b.height)).toEqual([1, 2]);
  });

  it('ignores malformed attributes instead of inventing numbers', () => {
    const a = new DashboardAggregator();
    a.onBlock(
      block(1, {
        events: [
          event('race_epoch_start', [['epoch', '-1']]),
          event('race_proof_batch', [
            ['epoch', '1e9'],
            ['nonces', 'lots'],
            ['participant', 'race1a'],
          ]),
          event('unit_price', [
            ['epoch', '99999999999999999999'],
            ['price', '5icon'],
          ]),
        ],
      }),
    );
    const h = a.history();
    expect(h.epochs).toEqual([]);
    expect(h.blocks[0]!.nonces).toBe(0);
  });

  it('stays bounded: recent blocks, buckets, epochs and executors are capped however long it runs', () => {
    const a = new DashboardAggregator({
      recentBlocks: 10,
      bucketBlocks: 5,
      buckets: 4,
      epochs: 3,
      executors: 2,
      maxPoints: 100,
    });
    for (let h = 1; h <= 100; h++) {
      const events = h % 10 === 1 ? [epochStart((h - 1) / 10 + 1, h)] : [];
      a.onBlock(block(h, { events, txs: [[started(`race1e${h % 3}`)]] }));
    }
    const h = a.history();
    expect(h.blocks.map((b) => b.height)).toEqual([91, 92, 93, 94, 95, 96, 97, 98, 99, 100]);
    expect(h.buckets.map((b) => [b.fromHeight, b.toHeight, b.blocks, b.txs])).toEqual([
      [81, 85, 5, 5],
      [86, 90, 5, 5],
      [91, 95, 5, 5],
      [96, 100, 5, 5],
    ]);
    expect(h.buckets.every((b) => b.meanInterval === 1)).toBe(true);
    expect(h.epochs.map((e) => e.epoch)).toEqual([8, 9, 10]);
    expect(h.executors.length).toBeLessThanOrEqual(2);
  });

  it('answers since=H with the later blocks and the newest epochs and buckets only', () => {
    const a = new DashboardAggregator({ bucketBlocks: 2 });
    for (let h = 1; h <= 20; h++) a.onBlock(block(h, { events: h % 4 === 1 ? [epochStart((h + 3) / 4, h)] : [] }));
    const d = a.history(17);
    expect(d.blocks.map((b) => b.height)).toEqual([18, 19, 20]);
    expect(d.epochs.map((e) => e.epoch)).toEqual([3, 4, 5]);
    expect(d.buckets.map((b) => b.fromHeight)).toEqual([17, 19]);
  });

  it('merges a long series down to maxPoints in one full reply', () => {
    const a = new DashboardAggregator({ bucketBlocks: 1, maxPoints: 10 });
    for (let h = 1; h <= 95; h++) a.onBlock(block(h, { txs: [[]] }));
    const buckets = a.history().buckets;
    expect(buckets.length).toBeLessThanOrEqual(10);
    expect(buckets.reduce((s, b) => s + b.blocks, 0)).toBe(95);
    expect(buckets.reduce((s, b) => s + b.txs, 0)).toBe(95);
    expect(buckets[0]!.fromHeight).toBe(1);
    expect(buckets[buckets.length - 1]!.toHeight).toBe(95);
  });

  it('keeps the first reply small however much history it holds (full rings, scaled down from a year)', () => {
    // 60 000 buckets of one block stand for the default 60 000 buckets of 600 blocks (36 M blocks).
    const a = new DashboardAggregator({ bucketBlocks: 1, buckets: 60_000 });
    for (let h = 1; h <= 60_000; h++)
      a.onBlock(block(h, { events: h % 50 === 1 ? [epochStart((h - 1) / 50 + 1, h)] : [] }));
    const h = a.history();
    expect(h.blocks).toHaveLength(1200);
    expect(h.buckets.length).toBeLessThanOrEqual(400);
    expect(h.buckets.reduce((s, b) => s + b.blocks, 0)).toBe(60_000);
    expect(h.epochs).toHaveLength(400);
    expect(JSON.stringify(h).length).toBeLessThan(300_000);
  });

  it('mergeDown leaves short series alone', () => {
    expect(mergeDown([1, 2, 3], 3, (x, y) => x + y)).toEqual([1, 2, 3]);
    expect(mergeDown([1, 2, 3, 4, 5], 2, (x, y) => x + y)).toEqual([6, 9]);
  });
});
