import { afterEach, describe, expect, it } from '@jest/globals';
import { BLOCKSYNC_PROTOCOL, decodeRangeResponse, encodeRangeRequest } from '../../../chain/blocksync/codec.js';
import { BlockServer, DEFAULT_BLOCK_SERVER_OPTS, type BlockSource } from '../../../chain/blocksync/server.js';
import { BlockSyncer, DEFAULT_BLOCK_SYNC_OPTS } from '../../../chain/blocksync/syncer.js';
import { toHexUpper } from '../../../chain/types/bytes.js';
import { ManualScheduler, systemScheduler } from '../../../chain/consensus/scheduler.js';
import { NoPeerTransport } from '../../../chain/consensus/transport.js';
import { BLOCKSYNC_LIMITS } from '../../../chain/p2p/channels.js';
import type { P2PHost } from '../../../chain/p2p/host.js';
import { silentLogger } from '../../../chain/util/log.js';
import { newDurables, runUntil, startNode, testGenesis, testSigner, type TestNode } from '../consensus/helpers.js';
import { loopbackAddr, makeHost, waitFor } from '../p2p/harness.js';
import type { ProgressEvent } from '../../../chain/util/progress.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

/** A single-validator chain made on a virtual clock, kept running so it can grow on demand. */
async function producer(height: number) {
  const sched = new ManualScheduler();
  const signer = testSigner(0);
  const genesis = testGenesis([signer]);
  const node = await startNode({
    name: 'P',
    genesis,
    signer,
    transport: new NoPeerTransport(),
    scheduler: sched,
    durables: newDurables('P'),
  });
  cleanups.push(async () => {
    await node.engine.stop();
    await node.db.close();
  });
  const grow = (to: number) =>
    runUntil(
      sched,
      () => [node.engine],
      () => node.engine.latestHeight() >= to,
      600_000,
    );
  await grow(height);
  return { node, genesis, grow };
}

/** A non-validating node with the same genesis whose engine never gets a timer: only block sync moves it. */
async function follower(genesis: ReturnType<typeof testGenesis>): Promise<TestNode> {
  const node = await startNode({
    name: 'F',
    genesis,
    signer: null,
    transport: new NoPeerTransport(),
    scheduler: new ManualScheduler(),
    durables: newDurables('F'),
  });
  cleanups.push(async () => {
    await node.engine.stop();
    await node.db.close();
  });
  return node;
}

async function serve(i: number, store: BlockSource, opts: Parameters<typeof makeHost>[1] = {}): Promise<P2PHost> {
  const host = makeHost(i, opts);
  await host.handle(BLOCKSYNC_PROTOCOL, new BlockServer(DEFAULT_BLOCK_SERVER_OPTS, { store }).handle, BLOCKSYNC_LIMITS);
  await host.start();
  cleanups.push(() => host.stop());
  return host;
}

function startSyncer(host: P2PHost, target: TestNode, progress?: ProgressEvent[]): BlockSyncer {
  const syncer = new BlockSyncer(
    { ...DEFAULT_BLOCK_SYNC_OPTS, statusIntervalMs: 200, batchSize: 7 },
    {
      network: host,
      target: target.engine,
      scheduler: systemScheduler,
      logger: silentLogger(),
      progress: progress && { update: (e) => progress.push(e) },
    },
  );
  syncer.start();
  cleanups.push(() => syncer.stop());
  return syncer;
}

async function expectSameChain(a: TestNode, b: TestNode, upTo: number): Promise<void> {
  for (let h = 1; h <= upTo; h++) {
    expect(toHexUpper((await b.blockStore.loadBlockMeta(h))!.blockId.hash)).toBe(
      toHexUpper((await a.blockStore.loadBlockMeta(h))!.blockId.hash),
    );
    expect(toHexUpper(b.durables.app.committedHash.get(h)!)).toBe(toHexUpper(a.durables.app.committedHash.get(h)!));
  }
}

describe('block sync between real p2p hosts', () => {
  it('a node far behind fetches verified blocks, catches up, and follows again when it falls behind', async () => {
    const p = await producer(30);
    const f = await follower(p.genesis);
    const server = await serve(41, p.node.blockStore);
    const client = makeHost(42, { persistentPeers: loopbackAddr(server) });
    await client.start();
    cleanups.push(() => client.stop());
    const events: ProgressEvent[] = [];
    const syncer = startSyncer(client, f, events);

    // Generous event-bounded waits: on a loaded 2-core CI machine a status poll or a request can time out and be
    // retried (every 200 ms); 30 s was once not enough while e2e networks ran beside this test.
    await waitFor(() => f.engine.latestHeight() >= 30, 'the follower to sync 30 blocks', 120_000);
    await expectSameChain(p.node, f, 30);
    expect(f.engine.consensusState().height).toBe(31);
    await waitFor(() => !syncer.catchingUp, 'sync to finish');
    expect(syncer.progress()).toMatchObject({ syncing: false, height: 30, target: 30, applied: 30 });
    // Structured progress: blocks done of the target, a rate, and a last event with nothing left.
    const last = events.filter((e) => e.finished)[0]!;
    expect(last).toMatchObject({ task: 'block sync', unit: 'blocks', done: 30, total: 30, eta_s: 0, finished: true });
    expect(events[0]!.finished).toBe(false);
    expect(events.every((e) => e.done <= (e.total ?? Infinity))).toBe(true);

    // The network moves on by more than one height while the follower runs: the periodic status poll notices.
    await p.grow(36);
    await waitFor(() => f.engine.latestHeight() >= 36, 'the follower to catch up again', 120_000);
    await expectSameChain(p.node, f, 36);
    expect(client.peerScore(server.peerId)).toBe(0);
  }, 300_000);

  it('reports a peer that serves blocks with forged commits and syncs from an honest one', async () => {
    const p = await producer(20);
    const f = await follower(p.genesis);
    const honest = await serve(43, p.node.blockStore);
    const forging: BlockSource = {
      base: () => p.node.blockStore.base(),
      height: () => p.node.blockStore.height(),
      loadBlock: (h) => p.node.blockStore.loadBlock(h),
      loadCommit: async (h) => {
        const c = await p.node.blockStore.loadCommit(h);
        if (!c) return null;
        const commit = structuredClone(c.commit);
        for (const s of commit.signatures) if (s.signature.length) s.signature[5]! ^= 0x01;
        return { ...c, commit };
      },
    };
    const liar = await serve(44, forging);
    const client = makeHost(45, { persistentPeers: [loopbackAddr(honest), loopbackAddr(liar)] });
    await client.start();
    cleanups.push(() => client.stop());
    startSyncer(client, f);

    await waitFor(() => f.engine.latestHeight() >= 20, 'the follower to sync from the honest peer', 30_000);
    await expectSameChain(p.node, f, 20);
    await waitFor(
      () => client.peerScore(liar.peerId) < 0 || client.isBanned(liar.peerId),
      'the liar to be scored down',
      10_000,
    );
    expect(client.peerScore(honest.peerId)).toBe(0);
  });

  it('serves only what it has, and at most the requested count', async () => {
    const p = await producer(5);
    const handle = new BlockServer({ ...DEFAULT_BLOCK_SERVER_OPTS, maxBlocks: 3 }, { store: p.node.blockStore }).handle;
    const all = decodeRangeResponse(await handle(encodeRangeRequest({ from: 2, count: 10 })));
    expect(all.blocks.map((b) => b.block.header.height)).toEqual([2, 3, 4]);
    expect(all).toMatchObject({ base: 1, height: 5 });
    const tail = decodeRangeResponse(await handle(encodeRangeRequest({ from: 5, count: 10 })));
    expect(tail.blocks.map((b) => b.block.header.height)).toEqual([5]);
    expect(decodeRangeResponse(await handle(encodeRangeRequest({ from: 9, count: 2 }))).blocks).toEqual([]);
    await expect(handle(new Uint8Array([7]))).rejects.toThrow(/malformed block range request/);
  });
});
