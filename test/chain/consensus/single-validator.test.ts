import { describe, expect, it } from '@jest/globals';
import { ManualScheduler } from '../../../chain/consensus/scheduler.js';
import { NoPeerTransport } from '../../../chain/consensus/transport.js';
import { VoteType } from '../../../chain/types/vote.js';
import { newDurables, runUntil, startNode, stopNode, testGenesis, testSigner } from './helpers.js';

describe('single validator devnet', () => {
  it('produces blocks through propose/prevote/precommit, about one per timeout_commit, with txs and listeners', async () => {
    const sched = new ManualScheduler();
    const signer = testSigner(0);
    const genesis = testGenesis([signer]);
    const durables = newDurables('single');
    const node = await startNode({
      name: 'solo',
      genesis,
      signer,
      transport: new NoPeerTransport(),
      scheduler: sched,
      durables,
    });
    const committed: number[] = [];
    node.engine.onBlockCommitted((b) => committed.push(b.header.height));
    durables.mempool.add(new TextEncoder().encode('tx-1'));
    const t0 = sched.nowMillis();
    await runUntil(
      sched,
      () => [node.engine],
      () => node.engine.latestHeight() >= 5,
      60_000,
    );
    expect(committed).toEqual([1, 2, 3, 4, 5]);
    // About a block per second of virtual time (timeout_commit = 1 s).
    expect(sched.nowMillis() - t0).toBeLessThanOrEqual(5_000);
    expect(sched.nowMillis() - t0).toBeGreaterThanOrEqual(4_000);
    const b1 = await node.blockStore.loadBlock(1);
    expect(b1!.txs.map((t) => new TextDecoder().decode(t))).toEqual(['tx-1']);
    expect(durables.mempool.txs).toHaveLength(0);
    expect(durables.app.height).toBe(5);
    // Every block after the first carries a commit with our precommit, and block time is BFT time.
    const b3 = await node.blockStore.loadBlock(3);
    expect(b3!.lastCommit.height).toBe(2);
    expect(b3!.lastCommit.signatures[0]!.blockIdFlag).toBe(2);
    expect(b3!.header.timeNs).toBe(b3!.lastCommit.signatures[0]!.timestampNs);
    // The app saw each block once, with the last commit's votes.
    expect(durables.app.finalized.map((r) => r.height)).toEqual([1, 2, 3, 4, 5]);
    expect(durables.app.finalized[2]!.decidedLastCommit.votes[0]!.signedLastBlock).toBe(true);
    // The double-sign state tracks what we signed.
    expect(durables.signStore.load().height).toBeGreaterThanOrEqual(5);
    expect(node.engine.consensusState().height).toBe(6);
    expect((await node.engine.validatorsAt(6))!.size).toBe(1);
    expect(VoteType.Precommit).toBe(2);
    await stopNode(node);
  });
});
