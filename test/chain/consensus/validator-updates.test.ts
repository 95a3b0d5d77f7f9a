import { afterEach, describe, expect, it } from '@jest/globals';
import { toHexUpper } from '../../../chain/types/bytes.js';
import { ManualScheduler } from '../../../chain/consensus/scheduler.js';
import { InMemoryBus } from '../../../chain/consensus/transport.js';
import { newDurables, runUntil, startNode, stopNode, testGenesis, testSigner, type TestNode } from './helpers.js';

let nodes: TestNode[] = [];
afterEach(async () => {
  for (const n of nodes) await stopNode(n).catch(() => {});
  nodes = [];
});

describe('validator-set updates', () => {
  it('an update returned by FinalizeBlock at height H takes effect at H+2, and the new validator then signs', async () => {
    const sched = new ManualScheduler();
    const bus = new InMemoryBus();
    const [s0, s1] = [testSigner(0), testSigner(1)];
    const genesis = testGenesis([s0]);
    const H = 2;
    const a = newDurables('vu-a');
    const b = newDurables('vu-b');
    for (const d of [a, b]) d.app.updatesAt.set(H, [{ pubKey: s1.pubKey, power: 10n }]);
    nodes.push(
      await startNode({ name: 'A', genesis, signer: s0, transport: bus.endpoint('A'), scheduler: sched, durables: a }),
    );
    // B holds a key but is not in the set yet: it follows consensus without voting.
    nodes.push(
      await startNode({ name: 'B', genesis, signer: s1, transport: bus.endpoint('B'), scheduler: sched, durables: b }),
    );
    const engines = () => nodes.map((n) => n.engine);
    await runUntil(sched, engines, () => nodes.every((n) => n.engine.latestHeight() >= H + 4), 120_000);

    const A = nodes[0]!;
    expect((await A.engine.validatorsAt(H + 1))!.size).toBe(1);
    expect((await A.engine.validatorsAt(H + 2))!.size).toBe(2);
    const bH1 = (await A.blockStore.loadBlock(H + 1))!;
    const bH2 = (await A.blockStore.loadBlock(H + 2))!;
    expect(toHexUpper(bH1.header.validatorsHash)).toBe(toHexUpper((await A.engine.validatorsAt(H + 1))!.hash()));
    expect(toHexUpper(bH1.header.nextValidatorsHash)).toBe(toHexUpper((await A.engine.validatorsAt(H + 2))!.hash()));
    expect(toHexUpper(bH2.header.validatorsHash)).toBe(toHexUpper((await A.engine.validatorsAt(H + 2))!.hash()));
    // Block H+2 needed both validators (quorum of 20 is 14): its commit, carried in block H+3, has two signatures.
    const commitH2 = (await A.blockStore.loadBlockCommit(H + 2))!;
    expect(commitH2.signatures.filter((s) => s.blockIdFlag === 2)).toHaveLength(2);
    // Both nodes hold the same chain.
    for (let h = 1; h <= H + 4; h++) {
      expect(toHexUpper((await nodes[1]!.blockStore.loadBlockMeta(h))!.blockId.hash)).toBe(
        toHexUpper((await A.blockStore.loadBlockMeta(h))!.blockId.hash),
      );
    }
    // The app saw B among the voters of LastCommit from H+3 on.
    const req = a.app.finalized.find((r) => r.height === H + 3)!;
    expect(req.decidedLastCommit.votes).toHaveLength(2);
  });
});
