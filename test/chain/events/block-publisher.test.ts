import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { ExecTxResult, FinalizeBlockResponse } from '../../../chain/abci.js';
import type { BlockMeta } from '../../../chain/blockstore/block-store.js';
import { BlockEventPublisher } from '../../../chain/events/block-publisher.js';
import type { Block } from '../../../chain/types/block.js';
import { silentLogger } from '../../../chain/util/log.js';

interface Deferred {
  promise: Promise<BlockMeta | null>;
  resolve(meta: BlockMeta | null): void;
  reject(err: Error): void;
}

function deferred(): Deferred {
  let resolve!: Deferred['resolve'];
  let reject!: Deferred['reject'];
  const promise = new Promise<BlockMeta | null>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const metaOf = (height: number) =>
  ({
    blockId: { hash: new Uint8Array(32).fill(height), partSetHeader: { total: 1, hash: new Uint8Array(32) } },
  }) as BlockMeta;
const blockOf = (height: number, txs: number) =>
  ({
    header: { height },
    txs: Array.from({ length: txs }, (_, i) => Uint8Array.of(height, i)),
    evidence: [],
  }) as unknown as Block;
const ok: ExecTxResult = {
  code: 0,
  codespace: '',
  log: '',
  info: '',
  data: new Uint8Array(),
  gasWanted: 0n,
  gasUsed: 0n,
  events: [],
};
const resultOf = (txs: number): FinalizeBlockResponse => ({
  events: [],
  txResults: Array.from({ length: txs }, () => ok),
  validatorUpdates: [],
  appHash: new Uint8Array(32),
});

/** A publisher whose meta loads the test settles by hand, over a bus that records what it is given, in order. */
function setup() {
  const loads = new Map<number, Deferred>();
  const load = (h: number) => {
    if (!loads.has(h)) loads.set(h, deferred());
    return loads.get(h)!;
  };
  const published: string[] = [];
  const bus = {
    publishNewBlock: (ev: { height: number; data: unknown }) =>
      published.push(`NewBlock ${ev.height} ${(ev.data as { blockId: BlockMeta['blockId'] }).blockId.hash[0]}`),
    publishNewBlockHeader: (ev: { height: number }) => published.push(`NewBlockHeader ${ev.height}`),
    publishTx: (ev: { height: number; index: number }) => published.push(`Tx ${ev.height}/${ev.index}`),
  };
  const logger = silentLogger();
  const errors = jest.spyOn(logger, 'error');
  const warnings = jest.spyOn(logger, 'warn');
  const publisher = new BlockEventPublisher({}, { loadBlockMeta: (h) => load(h).promise, bus, logger });
  const commit = (height: number, txs = 0) => publisher.blockCommitted(blockOf(height, txs), resultOf(txs));
  return { publisher, load, published, errors, warnings, commit };
}

describe('BlockEventPublisher', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  it('publishes in height order even when the meta loads settle in reverse order', async () => {
    const { publisher, load, published, commit } = setup();
    commit(1, 1);
    commit(2);
    commit(3, 2);
    for (const h of [3, 2, 1]) load(h).resolve(metaOf(h));
    await publisher.idle();
    expect(published).toEqual([
      'NewBlock 1 1',
      'NewBlockHeader 1',
      'Tx 1/0',
      'NewBlock 2 2',
      'NewBlockHeader 2',
      'NewBlock 3 3',
      'NewBlockHeader 3',
      'Tx 3/0',
      'Tx 3/1',
    ]);
  });

  it('holds a later height back until the earlier one is published', async () => {
    const { publisher, load, published, commit } = setup();
    commit(1);
    commit(2);
    load(2).resolve(metaOf(2));
    // Let every settled promise run: height 2 must still wait for height 1.
    await new Promise((r) => setImmediate(r));
    expect(published).toEqual([]);
    load(1).resolve(metaOf(1));
    await publisher.idle();
    expect(published).toEqual(['NewBlock 1 1', 'NewBlockHeader 1', 'NewBlock 2 2', 'NewBlockHeader 2']);
  });

  it('logs a failed load and a missing meta, skips those heights, and goes on with the next ones', async () => {
    const { publisher, load, published, errors, warnings, commit } = setup();
    commit(1);
    commit(2);
    commit(3);
    load(1).reject(new Error('database closed'));
    load(2).resolve(null);
    load(3).resolve(metaOf(3));
    await publisher.idle();
    expect(published).toEqual(['NewBlock 3 3', 'NewBlockHeader 3']);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls[0]![0]).toEqual({ height: 1, err: 'database closed' });
    expect(warnings).toHaveBeenCalledTimes(1);
    expect(warnings.mock.calls[0]![0]).toEqual({ height: 2 });
    await new Promise((r) => setImmediate(r));
    expect(unhandled).toEqual([]);
  });
});
