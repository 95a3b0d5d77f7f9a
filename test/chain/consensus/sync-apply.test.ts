import { afterEach, describe, expect, it } from '@jest/globals';
import { toHexUpper } from '../../../chain/types/bytes.js';
import { ManualScheduler } from '../../../chain/consensus/scheduler.js';
import { InMemoryBus } from '../../../chain/consensus/transport.js';
import { VoteType } from '../../../chain/types/vote.js';
import type { Block, Commit } from '../../../chain/types/block.js';
import { newDurables, runUntil, startNode, stopNode, testGenesis, testSigner, type TestNode } from './helpers.js';

const NAMES = ['A', 'B', 'C', 'D'];

let running: TestNode[] = [];
afterEach(async () => {
  for (const n of running) await stopNode(n).catch(() => {});
  running = [];
});

async function cluster() {
  const sched = new ManualScheduler();
  const bus = new InMemoryBus();
  const signers = NAMES.map((_, i) => testSigner(i));
  const genesis = testGenesis(signers);
  const nodes: TestNode[] = [];
  for (let i = 0; i < NAMES.length; i++) {
    const transport = bus.endpoint(NAMES[i]!);
    nodes.push(
      await startNode({
        name: NAMES[i]!,
        genesis,
        signer: signers[i]!,
        transport,
        scheduler: sched,
        durables: newDurables(NAMES[i]!),
      }),
    );
  }
  running = nodes;
  return { sched, bus, nodes, engines: () => nodes.map((n) => n.engine) };
}

async function blockWithCommit(n: TestNode, h: number): Promise<{ block: Block; commit: Commit }> {
  const block = (await n.blockStore.loadBlock(h))!;
  const commit = (await n.blockStore.loadCommit(h))!.commit;
  return { block, commit };
}

const clone = <T>(x: T): T => structuredClone(x);

describe('ConsensusEngine.applySyncedBlock (the block-sync entry point)', () => {
  it('applies verified blocks, refuses bad ones, and the synced node then takes part in consensus', async () => {
    const c = await cluster();
    const [a, , , d] = c.nodes as [TestNode, TestNode, TestNode, TestNode];
    c.bus.setDown('D', true);
    a.durables.mempool.add(new TextEncoder().encode('tx-1'));
    await runUntil(c.sched, c.engines, () => c.nodes.slice(0, 3).every((n) => n.engine.latestHeight() >= 6), 120_000);
    expect(d.engine.latestHeight()).toBe(0);

    // A commit with a forged signature, a commit for another block, and a block from the future change nothing.
    const first = await blockWithCommit(a, 1);
    const forged = clone(first.commit);
    const signed = forged.signatures.findIndex((s) => s.signature.length === 64);
    forged.signatures[signed]!.signature[0]! ^= 0xff;
    const r1 = await d.engine.applySyncedBlock(first.block, forged);
    expect(r1).toMatchObject({ status: 'invalid', reason: expect.stringContaining('invalid') });
    const second = await blockWithCommit(a, 2);
    expect(await d.engine.applySyncedBlock(first.block, second.commit)).toMatchObject({ status: 'invalid' });
    expect(await d.engine.applySyncedBlock(second.block, second.commit)).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining('does not follow'),
    });
    // A commit signed by too little weight: keep one signature only.
    const thin = clone(first.commit);
    let kept = 0;
    thin.signatures = thin.signatures.map((s) =>
      s.signature.length === 64 && kept++ === 0
        ? s
        : { ...s, blockIdFlag: 1, validatorAddress: new Uint8Array(0), signature: new Uint8Array(0) },
    );
    expect(await d.engine.applySyncedBlock(first.block, thin)).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining('insufficient'),
    });
    expect(d.engine.latestHeight()).toBe(0);

    const target = a.engine.latestHeight();
    for (let h = 1; h <= target; h++) {
      const { block, commit } = await blockWithCommit(a, h);
      expect(await d.engine.applySyncedBlock(block, commit)).toEqual({ status: 'applied' });
    }
    expect(d.engine.latestHeight()).toBe(target);
    expect(d.engine.consensusState().height).toBe(target + 1);
    expect(await d.engine.applySyncedBlock(first.block, first.commit)).toEqual({ status: 'stale', height: 1 });
    for (let h = 1; h <= target; h++) {
      expect(toHexUpper((await d.blockStore.loadBlockMeta(h))!.blockId.hash)).toBe(
        toHexUpper((await a.blockStore.loadBlockMeta(h))!.blockId.hash),
      );
      expect(toHexUpper(d.durables.app.committedHash.get(h)!)).toBe(toHexUpper(a.durables.app.committedHash.get(h)!));
    }

    // Back online, with A gone: B, C and D (3 of 4) can only go on if the synced D votes.
    c.bus.setDown('D', false);
    c.bus.setDown('A', true);
    const from = Math.max(...c.nodes.map((n) => n.engine.latestHeight()));
    await runUntil(
      c.sched,
      c.engines,
      () => c.nodes.slice(1).every((n) => n.engine.latestHeight() >= from + 3),
      120_000,
    );
    expect(d.engine.haltedWith).toBeNull();
    for (let h = 1; h <= from + 3; h++) {
      const hashes = new Set<string>();
      for (const n of c.nodes.slice(1)) hashes.add(toHexUpper((await n.blockStore.loadBlockMeta(h))!.blockId.hash));
      expect(hashes.size).toBe(1);
    }
    // D signed blocks after the sync.
    const lastCommit = (await d.blockStore.loadBlock(from + 3))!.lastCommit;
    expect(lastCommit.signatures[3]!.signature.length).toBe(64);
  });

  it('screens network messages: forged votes at the current height are rejected, others pass', async () => {
    const c = await cluster();
    const [a, b] = c.nodes as [TestNode, TestNode];
    await runUntil(c.sched, c.engines, () => c.nodes.every((n) => n.engine.latestHeight() >= 2), 60_000);
    const h = a.engine.latestHeight();
    // A's precommit for h taken from its stored commit, replayed as a vote: right signature, old height.
    const { commit } = await blockWithCommit(a, h);
    const sig = commit.signatures[0]!;
    const vote = {
      type: VoteType.Precommit,
      height: h,
      round: commit.round,
      blockId: commit.blockId,
      timestampNs: sig.timestampNs,
      validatorAddress: sig.validatorAddress,
      validatorIndex: 0,
      signature: sig.signature,
    };
    expect(b.engine.screen({ type: 'vote', vote })).toBe('accept');
    const current = { ...vote, height: b.engine.consensusState().height, blockId: null };
    expect(b.engine.screen({ type: 'vote', vote: current })).toBe('reject');
    expect(b.engine.screen({ type: 'status', height: 1, round: 0 })).toBe('accept');
  });
});
