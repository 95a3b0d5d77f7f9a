import fc from 'fast-check';
import { InferenceStatus } from '../../../proto/gen/race/inference/v1/types.js';
import { TestChain, testAccount } from '../gov/harness.js';
import {
  finish,
  keeperOf,
  modelGenesis,
  inferenceGenesis,
  registerMsg,
  report,
  request,
  start,
  startChain,
} from './inference-chain.js';

const dev = testAccount('inference state dev');
const relay = testAccount('inference state relay');
const ex1 = testAccount('inference state executor 1');
const ex2 = testAccount('inference state executor 2');
const BAL = 1_000_000_000_000n;
const executorAccount = (address: string) => [ex1, ex2].find((a) => a.address === address)!;

const accounts = () => [
  { account: dev, balance: BAL, weight: 0n },
  { account: relay, balance: BAL, weight: 5n },
  { account: ex1, balance: BAL, weight: 10n },
  { account: ex2, balance: BAL, weight: 30n },
];

async function chainWithExecutors(
  inferenceParams: Record<string, unknown> = {},
  epochLength = 12n,
): Promise<TestChain> {
  const chain = await startChain({ accounts: accounts(), epochLength, inferenceParams });
  await chain.exec(ex1, [registerMsg(ex1)]);
  await chain.exec(ex2, [registerMsg(ex2)]);
  return chain;
}

const totalBalances = (c: TestChain) =>
  [dev, relay, ex1, ex2].reduce((s, a) => s + c.balance(a.address), 0n) +
  c.bank
    .allAccountBalances(c.app.queryContext())
    .filter((b) => ![dev, relay, ex1, ex2].some((a) => a.address === b.address))
    .reduce((s, b) => s + b.coins.reduce((t, x) => t + x.amount, 0n), 0n);

describe('inference state', () => {
  it('prunes settled records after the retention epochs; per-epoch stats stay, so state does not grow with requests served', async () => {
    const chain = await chainWithExecutors({ record_retention_epochs: '1', replay_window_seconds: '10' });
    try {
      const keeper = keeperOf(chain);
      let peak = 0;
      for (let round = 0; round < 6; round++) {
        const started = await start(
          chain,
          relay,
          Array.from({ length: 4 }, () => request(dev, relay, chain.timeNs)),
        );
        await finish(
          chain,
          relay,
          started.map((s) => report(s.id, executorAccount(s.executor), 3n, 2n)),
        );
        for (let i = 0; i < 4; i++) await chain.block();
        peak = Math.max(peak, keeper.inferences(chain.app.queryContext()).length);
      }
      // 24 requests were served; at most those of the last (retention + 1) epochs and the replay window are kept.
      expect(peak).toBeLessThanOrEqual(16);
      for (let i = 0; i < 20; i++) await chain.block();
      const ctx = chain.app.queryContext();
      expect(keeper.inferences(ctx)).toEqual([]);
      expect(keeper.inferencesOf(ctx, dev.address)).toEqual([]);
      expect(keeper.settledUpTo(ctx, 1n << 60n, 1000)).toEqual([]);
      const stats = [...keeper.statsOf(ctx, ex1.address), ...keeper.statsOf(ctx, ex2.address)];
      expect(stats.reduce((n, s) => n + s.served, 0n)).toBe(24n);
      expect(chain.app.checkInvariants()).toEqual([]);
    } finally {
      await chain.stop();
    }
  });

  it('exports a genesis that imports to the same state (open and settled records, stats, pending rewards)', async () => {
    const chain = await chainWithExecutors();
    let again: TestChain | undefined;
    try {
      const started = await start(
        chain,
        relay,
        Array.from({ length: 3 }, () => request(dev, relay, chain.timeNs)),
      );
      await finish(chain, relay, [report(started[0]!.id, executorAccount(started[0]!.executor), 10n, 7n)]);
      const exported = chain.app.exportGenesis();
      const inf = exported.inference as { inferences: unknown[]; pending_rewards: unknown[] };
      expect(inf.inferences).toHaveLength(3);
      expect(inf.pending_rewards.length).toBeGreaterThan(0);
      again = await new TestChain({
        accounts: [],
        genesis: { ...exported, registry: modelGenesis(), inference: exported.inference },
      }).start();
      expect(again.app.exportGenesis().inference).toEqual(exported.inference);
      expect(again.app.checkInvariants()).toEqual([]);
    } finally {
      await chain.stop();
      await again?.stop();
    }
  });

  it('refuses a malformed genesis with a clear error', async () => {
    const bad = {
      ...inferenceGenesis(),
      inferences: [
        {
          id: 'AAAA',
          requester: dev.address,
          relay: relay.address,
          executor: ex1.address,
          status: 'INFERENCE_STATUS_STARTED',
        },
      ],
    };
    await expect(
      new TestChain({ accounts: accounts(), genesis: { registry: modelGenesis(), inference: bad } }).start(),
    ).rejects.toThrow(/32 bytes/);
  });

  it('keeps every coin accounted for under random traffic (escrow = open escrows, pending = pending records, supply constant)', async () => {
    type Op =
      | { kind: 'start'; n: number; prompt: number; maxOut: number }
      | { kind: 'finish'; pick: number; completion: number; lie: boolean }
      | { kind: 'wait'; blocks: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        kind: fc.constant('start' as const),
        n: fc.integer({ min: 1, max: 3 }),
        prompt: fc.integer({ min: 0, max: 30 }),
        maxOut: fc.integer({ min: 0, max: 40 }),
      }),
      fc.record({
        kind: fc.constant('finish' as const),
        pick: fc.nat(),
        completion: fc.integer({ min: 0, max: 45 }),
        lie: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('wait' as const), blocks: fc.integer({ min: 1, max: 12 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 3, maxLength: 12 }), async (ops) => {
        const chain = await chainWithExecutors({
          expiry_blocks: '8',
          record_retention_epochs: '1',
          replay_window_seconds: '10',
        });
        try {
          const supply = totalBalances(chain);
          for (const o of ops) {
            const ctx = chain.app.queryContext();
            if (o.kind === 'start') {
              await start(
                chain,
                relay,
                Array.from({ length: o.n }, () =>
                  request(dev, relay, chain.timeNs, {
                    promptTokens: BigInt(o.prompt),
                    maxOutputTokens: BigInt(o.maxOut),
                  }),
                ),
              );
            } else if (o.kind === 'finish') {
              const open = keeperOf(chain)
                .openIds(ctx)
                .map((id) => keeperOf(chain).getInference(ctx, id)!);
              if (open.length === 0) continue;
              const r = open[o.pick % open.length]!;
              const c = BigInt(o.completion);
              await finish(chain, relay, [
                report(r.id, executorAccount(r.executor), r.promptTokens, c, o.lie ? c + 1n : c),
              ]);
            } else {
              for (let i = 0; i < o.blocks; i++) await chain.block();
            }
            expect(chain.app.checkInvariants()).toEqual([]);
            expect(totalBalances(chain)).toBe(supply);
          }
          const ctx = chain.app.queryContext();
          for (const r of keeperOf(chain).inferences(ctx))
            expect(r.status).not.toBe(InferenceStatus.INFERENCE_STATUS_UNSPECIFIED);
        } finally {
          await chain.stop();
        }
      }),
      { numRuns: 12, seed: 13 },
    );
  });
});
