import { afterEach, describe, expect, it } from '@jest/globals';
import { toHexUpper } from '../../../chain/types/bytes.js';
import { ManualScheduler } from '../../../chain/consensus/scheduler.js';
import { InMemoryBus } from '../../../chain/consensus/transport.js';
import {
  newDurables,
  runFor,
  runUntil,
  startNode,
  stopNode,
  testGenesis,
  testSigner,
  type TestNode,
} from './helpers.js';

const NAMES = ['A', 'B', 'C', 'D'];

async function cluster(opts: { equivocator?: number } = {}) {
  const sched = new ManualScheduler();
  const bus = new InMemoryBus();
  const signers = NAMES.map((_, i) => testSigner(i));
  const genesis = testGenesis(signers);
  const nodes: TestNode[] = [];
  for (let i = 0; i < NAMES.length; i++) {
    nodes.push(
      await startNode({
        name: NAMES[i]!,
        genesis,
        signer: signers[i]!,
        transport: bus.endpoint(NAMES[i]!),
        scheduler: sched,
        durables: newDurables(NAMES[i]!),
        equivocate: opts.equivocator === i,
      }),
    );
  }
  const engines = () => nodes.map((n) => n.engine);
  return { sched, bus, nodes, engines };
}

/** No two nodes hold different blocks at any height. */
async function assertNoFork(nodes: TestNode[]): Promise<void> {
  const top = Math.max(...nodes.map((n) => n.blockStore.height()));
  for (let h = 1; h <= top; h++) {
    const hashes = new Set<string>();
    for (const n of nodes) {
      const m = await n.blockStore.loadBlockMeta(h);
      if (m) hashes.add(toHexUpper(m.blockId.hash));
    }
    expect(hashes.size).toBeLessThanOrEqual(1);
  }
}

let running: TestNode[] = [];
afterEach(async () => {
  for (const n of running) await stopNode(n).catch(() => {});
  running = [];
});

describe('four validators over the in-memory bus', () => {
  it('agree on every block hash and app hash', async () => {
    const c = await cluster();
    running = c.nodes;
    c.nodes[1]!.durables.mempool.add(new TextEncoder().encode('hello'));
    await runUntil(c.sched, c.engines, () => c.nodes.every((n) => n.engine.latestHeight() >= 6), 60_000);
    await assertNoFork(c.nodes);
    for (let h = 1; h <= 6; h++) {
      const apps = new Set(c.nodes.map((n) => toHexUpper(n.durables.app.finalized[h - 1]!.hash)));
      expect(apps.size).toBe(1);
    }
    const heights = c.nodes.map((n) => n.durables.app.height);
    const common = Math.min(...heights);
    expect(common).toBeGreaterThanOrEqual(6);
    // B's tx is committed exactly once, when B proposes.
    let hello = 0;
    for (let h = 1; h <= 6; h++) {
      hello += (await c.nodes[0]!.blockStore.loadBlock(h))!.txs.filter(
        (t) => new TextDecoder().decode(t) === 'hello',
      ).length;
    }
    expect(hello).toBe(1);
    // Proposers rotate (equal weights: everyone proposes within 4 heights).
    const proposers = new Set<string>();
    for (let h = 1; h <= 4; h++)
      proposers.add(toHexUpper((await c.nodes[0]!.blockStore.loadBlock(h))!.header.proposerAddress));
    expect(proposers.size).toBe(4);
  });

  it('goes on with one of four silent, and the silent one catches up when back', async () => {
    const c = await cluster();
    running = c.nodes;
    c.bus.setDown('D', true);
    await runUntil(c.sched, c.engines, () => c.nodes.slice(0, 3).every((n) => n.engine.latestHeight() >= 6), 120_000);
    expect(c.nodes[3]!.engine.latestHeight()).toBe(0);
    c.bus.setDown('D', false);
    const target = c.nodes[0]!.engine.latestHeight();
    await runUntil(c.sched, c.engines, () => c.nodes[3]!.engine.latestHeight() >= target, 120_000);
    await assertNoFork(c.nodes);
  });

  it('with two of four silent commits nothing, forks nothing, and resumes when they are back', async () => {
    const c = await cluster();
    running = c.nodes;
    await runUntil(c.sched, c.engines, () => c.nodes.every((n) => n.engine.latestHeight() >= 2), 60_000);
    c.bus.setDown('C', true);
    c.bus.setDown('D', true);
    await runFor(c.sched, c.engines, 2_000);
    const stuck = Math.max(...c.nodes.map((n) => n.engine.latestHeight()));
    await runFor(c.sched, c.engines, 60_000);
    expect(Math.max(...c.nodes.map((n) => n.engine.latestHeight()))).toBe(stuck);
    expect(c.nodes.every((n) => n.engine.haltedWith === null)).toBe(true);
    c.bus.setDown('C', false);
    c.bus.setDown('D', false);
    await runUntil(c.sched, c.engines, () => c.nodes.every((n) => n.engine.latestHeight() >= stuck + 2), 120_000);
    await assertNoFork(c.nodes);
  });

  it('halts when partitioned {A,B}/{C,D} and resumes when healed', async () => {
    const c = await cluster();
    running = c.nodes;
    await runUntil(c.sched, c.engines, () => c.nodes.every((n) => n.engine.latestHeight() >= 2), 60_000);
    c.bus.partition([
      ['A', 'B'],
      ['C', 'D'],
    ]);
    await runFor(c.sched, c.engines, 2_000);
    const stuck = Math.max(...c.nodes.map((n) => n.engine.latestHeight()));
    await runFor(c.sched, c.engines, 60_000);
    expect(Math.max(...c.nodes.map((n) => n.engine.latestHeight()))).toBe(stuck);
    c.bus.heal();
    await runUntil(c.sched, c.engines, () => c.nodes.every((n) => n.engine.latestHeight() >= stuck + 2), 120_000);
    await assertNoFork(c.nodes);
  });

  it('turns two conflicting prevotes from one validator into evidence committed in a block', async () => {
    const c = await cluster({ equivocator: 3 });
    running = c.nodes;
    await runUntil(c.sched, c.engines, () => c.nodes.every((n) => n.durables.app.misbehavior.length > 0), 60_000);
    const ev = c.nodes[0]!.durables.app.misbehavior[0]!;
    expect(toHexUpper(ev.validatorAddress)).toBe(toHexUpper(testSigner(3).address));
    expect(ev.validatorPower).toBe(10n);
    expect(ev.totalVotingPower).toBe(40n);
    // Committed once: it is not pending anymore and no later block repeats it.
    await runFor(c.sched, c.engines, 5_000);
    const seen = c.nodes[0]!.durables.app.misbehavior.filter(
      (e) => e.height === ev.height && toHexUpper(e.voteA) === toHexUpper(ev.voteA),
    );
    expect(seen).toHaveLength(1);
    await assertNoFork(c.nodes);
  });
});
