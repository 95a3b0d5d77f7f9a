import { afterEach, describe, expect, it } from '@jest/globals';
import { toHexUpper } from '../../../chain/types/bytes.js';
import { ManualScheduler } from '../../../chain/consensus/scheduler.js';
import { NoPeerTransport } from '../../../chain/consensus/transport.js';
import {
  newDurables,
  runUntil,
  startNode,
  stopNode,
  testGenesis,
  testSigner,
  type NodeDurables,
  type TestNode,
} from './helpers.js';

const signer = testSigner(0);
const genesis = testGenesis([signer]);
let open: TestNode[] = [];
afterEach(async () => {
  for (const n of open) await stopNode(n).catch(() => {});
  open = [];
});

async function start(durables: NodeDurables, sched: ManualScheduler, failPoint?: (name: string) => void) {
  const n = await startNode({
    name: 'solo',
    genesis,
    signer,
    transport: new NoPeerTransport(),
    scheduler: sched,
    durables,
    failPoint,
  });
  open.push(n);
  return n;
}

/** Runs until the engine halts at `point` while committing `height` (a simulated kill), then shuts it down. */
async function crashAt(durables: NodeDurables, sched: ManualScheduler, point: string, height: number): Promise<void> {
  let armed = true;
  const n = await start(durables, sched, (name) => {
    if (armed && name === point && n.blockStore.height() === height) {
      armed = false;
      throw new Error(`killed at ${point}`);
    }
  });
  await runUntil(
    sched,
    () => [n.engine],
    () => n.engine.haltedWith !== null,
    30_000,
  );
  expect(n.engine.haltedWith!.message).toBe(`killed at ${point}`);
  await stopNode(n);
  open = open.filter((x) => x !== n);
}

describe('replay handshake and crash recovery', () => {
  for (const point of ['afterBlockSave', 'afterEndHeight', 'afterFinalizeBlock', 'afterAppCommit', 'afterStateSave']) {
    it(`recovers from a crash ${point} and goes on without losing or repeating a block`, async () => {
      const sched = new ManualScheduler();
      const durables = newDurables(`crash-${point}`);
      await crashAt(durables, sched, point, 3);
      const appHeightAtCrash = durables.app.height;
      expect(appHeightAtCrash).toBe(point === 'afterAppCommit' || point === 'afterStateSave' ? 3 : 2);
      const n = await start(durables, sched);
      // The handshake brought the app to the block store's height before consensus resumed.
      expect(durables.app.height).toBe(3);
      expect(n.engine.latestHeight()).toBe(3);
      await runUntil(
        sched,
        () => [n.engine],
        () => n.engine.latestHeight() >= 6,
        30_000,
      );
      expect(durables.app.finalized.map((r) => r.height).filter((h, i, a) => a.indexOf(h) !== i && h !== 3)).toEqual(
        [],
      );
      const b4 = await n.blockStore.loadBlock(4);
      expect(toHexUpper(b4!.header.appHash)).toBe(toHexUpper(durables.app.committedHash.get(3)!));
      expect(n.engine.doubleSignRefusals).toBe(0);
      expect(n.engine.haltedWith).toBeNull();
    });
  }

  it('replays the missing block after a crash between block store save and app commit, with the same app hash', async () => {
    const sched = new ManualScheduler();
    const durables = newDurables('replay');
    await crashAt(durables, sched, 'afterFinalizeBlock', 2);
    expect(durables.app.height).toBe(1);
    const n = await start(durables, sched);
    expect(durables.app.height).toBe(2);
    await runUntil(
      sched,
      () => [n.engine],
      () => n.engine.latestHeight() >= 3,
      30_000,
    );
    const b3 = await n.blockStore.loadBlock(3);
    // Block 3 carries the app hash the app computed for block 2 during the replay.
    const computed = durables.app.computed.get(2)!;
    expect(computed).toHaveLength(2);
    expect(toHexUpper(computed[1]!)).toBe(toHexUpper(computed[0]!));
    expect(toHexUpper(b3!.header.appHash)).toBe(toHexUpper(computed[0]!));
  });

  it('refuses to start when the app is ahead of the block store', async () => {
    const sched = new ManualScheduler();
    const durables = newDurables('ahead');
    durables.app.height = 10;
    await expect(start(durables, sched)).rejects.toThrow(/app is at height 10/);
  });

  it('refuses to start when the app hash disagrees with the chain', async () => {
    const sched = new ManualScheduler();
    const durables = newDurables('mismatch');
    const n = await start(durables, sched);
    await runUntil(
      sched,
      () => [n.engine],
      () => n.engine.latestHeight() >= 2,
      30_000,
    );
    await stopNode(n);
    open = [];
    durables.app.appHash = new Uint8Array(32).fill(9);
    await expect(start(durables, sched)).rejects.toThrow(/app hash mismatch at height 2/);
  });

  it('calls InitChain once, on the empty store only', async () => {
    const sched = new ManualScheduler();
    const durables = newDurables('init');
    const n = await start(durables, sched);
    await runUntil(
      sched,
      () => [n.engine],
      () => n.engine.latestHeight() >= 1,
      30_000,
    );
    await stopNode(n);
    open = [];
    const m = await start(durables, sched);
    expect(durables.app.initChainCalls).toBe(1);
    await runUntil(
      sched,
      () => [m.engine],
      () => m.engine.latestHeight() >= 2,
      30_000,
    );
  });

  it('replays its own WAL after a restart mid-height and never signs a conflicting vote', async () => {
    const sched = new ManualScheduler();
    const durables = newDurables('walreplay');
    // Crash right after our precommit for height 2 was signed and guarded, before it reached the WAL.
    let armed = true;
    const n = await start(durables, sched, (name) => {
      if (
        armed &&
        name === 'afterPrivvalSign' &&
        durables.signStore.load().height === 2 &&
        durables.signStore.load().step === 3
      ) {
        armed = false;
        throw new Error('killed after signing');
      }
    });
    await runUntil(
      sched,
      () => [n.engine],
      () => n.engine.haltedWith !== null,
      30_000,
    );
    await stopNode(n);
    open = [];
    const m = await start(durables, sched);
    await runUntil(
      sched,
      () => [m.engine],
      () => m.engine.latestHeight() >= 3,
      30_000,
    );
    expect(m.engine.haltedWith).toBeNull();
    // The precommit was redone with the guard's stored signature, not refused as a conflict.
    expect(m.engine.doubleSignRefusals).toBe(0);
  });
});
