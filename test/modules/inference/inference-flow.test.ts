import { sha256 } from '@noble/hashes/sha2.js';
import { InferenceStatus } from '../../../proto/gen/race/inference/v1/types.js';
import { moduleAddress } from '../../../modules/auth/types.js';
import { ESCROW_ACCOUNT, PENDING_REWARDS_ACCOUNT } from '../../../modules/inference/keys.js';
import { msgResponses, testAccount, type TestChain } from '../gov/harness.js';
import { MsgStartInferencesResponse } from '../../../proto/gen/race/inference/v1/tx.js';
import {
  FEE,
  MODEL,
  P_IN,
  P_OUT,
  cpu,
  finish,
  finishMsg,
  keeperOf,
  participant,
  registerMsg,
  report,
  request,
  retry,
  retryMsg,
  start,
  startChain,
  startMsg,
} from './inference-chain.js';

const dev = testAccount('inference dev');
const relay = testAccount('inference relay');
const ex1 = testAccount('inference executor 1');
const ex2 = testAccount('inference executor 2');
const outsider = testAccount('inference outsider');
const BAL = 10_000_000_000n;
const ESCROW = 10n * P_IN + 50n * P_OUT + FEE;

const accounts = () => [
  { account: dev, balance: BAL, weight: 0n },
  { account: relay, balance: BAL, weight: 5n },
  { account: ex1, balance: BAL, weight: 10n },
  { account: ex2, balance: BAL, weight: 30n },
  { account: outsider, balance: BAL, weight: 0n },
];

const escrowHeld = (c: TestChain) => c.balance(moduleAddress(ESCROW_ACCOUNT));
const pendingHeld = (c: TestChain) => c.balance(moduleAddress(PENDING_REWARDS_ACCOUNT));
/** The training fund's 20 % of a settled cost (modules/issuance), taken out of the executor's pay. */
const afterTraining = (cost: bigint) => cost - cost / 5n;
const record = (c: TestChain, id: Uint8Array) => keeperOf(c).getInference(c.app.queryContext(), id);
const executorAccount = (address: string) => [ex1, ex2, relay].find((a) => a.address === address)!;

describe('inference: executors', () => {
  let chain: TestChain;
  beforeEach(async () => {
    chain = await startChain({ accounts: accounts(), inferenceParams: { allow_cpu_executors: false } });
  });
  afterEach(async () => chain.stop());

  it('registers an executor with eligible hardware and shows it as a participant', async () => {
    await chain.exec(ex1, [
      registerMsg(ex1, [MODEL], { deviceKind: 'cuda', gpus: [{ name: 'NVIDIA H200', memoryBytes: '150000000000' }] }),
    ]);
    const p = await participant(chain, ex1.address);
    expect(p.executor?.models).toEqual([MODEL]);
    expect(p.executor?.hardware?.gpus[0]?.name).toBe('NVIDIA H200');
    expect(p.eligible).toBe(true);
  });

  it('refuses CPUs (when not allowed), small GPUs, unregistered models and non-providers, changing nothing', async () => {
    const cases: Array<[typeof ex1, unknown[], RegExp]> = [
      [ex1, [registerMsg(ex1, [MODEL], cpu)], /cpu executors are not allowed/],
      [
        ex1,
        [registerMsg(ex1, [MODEL], { deviceKind: 'cuda', gpus: [{ name: 'NVIDIA T400', memoryBytes: '4000000000' }] })],
        /below min_gpu_memory_gb/,
      ],
      [
        ex1,
        [
          registerMsg(ex1, ['not/registered'], {
            deviceKind: 'cuda',
            gpus: [{ name: 'NVIDIA L4', memoryBytes: '24000000000' }],
          }),
        ],
        /not in the registry/,
      ],
      [
        outsider,
        [
          registerMsg(outsider, [MODEL], {
            deviceKind: 'cuda',
            gpus: [{ name: 'NVIDIA L4', memoryBytes: '24000000000' }],
          }),
        ],
        /no Race weight/,
      ],
    ];
    for (const [who, msgs, why] of cases) {
      const r = await chain.exec(who, msgs as never, { expectFailure: true });
      expect(r.code).not.toBe(0);
      expect(r.log).toMatch(why);
      expect(keeperOf(chain).getExecutor(chain.app.queryContext(), who.address)).toBeUndefined();
    }
  });
});

describe('inference: withdrawing', () => {
  it('an executor that withdraws is no longer drawn, and can still be checked on the finishes it owes', async () => {
    const chain = await startChain({ accounts: accounts() });
    try {
      await chain.exec(ex1, [registerMsg(ex1)]);
      await chain.exec(ex2, [registerMsg(ex2)]);
      const [s] = await start(chain, relay, [request(dev, relay, chain.timeNs)]);
      const leaving = executorAccount(s!.executor);
      await chain.exec(leaving, [registerMsg(leaving, [])]);
      expect((await participant(chain, leaving.address)).eligible).toBe(false);
      const later = await start(
        chain,
        relay,
        Array.from({ length: 10 }, () => request(dev, relay, chain.timeNs)),
      );
      expect(later.map((x) => x.executor)).not.toContain(leaving.address);
      await finish(chain, relay, [report(s!.id, leaving, 10n, 7n)]);
      const never = await chain.exec(outsider, [registerMsg(outsider, [])], { expectFailure: true });
      expect(never.log).toMatch(/nothing to withdraw/);
    } finally {
      await chain.stop();
    }
  });
});

describe("inference: a request's life", () => {
  let chain: TestChain;
  beforeEach(async () => {
    chain = await startChain({ accounts: accounts() });
    await chain.exec(ex1, [registerMsg(ex1)]);
    await chain.exec(ex2, [registerMsg(ex2)]);
  });
  afterEach(async () => chain.stop());

  it('start escrows the maximum cost at locked prices; finish charges the usage and holds the pay as pending rewards', async () => {
    const [s] = await start(chain, relay, [request(dev, relay, chain.timeNs)]);
    expect(BigInt(s!.escrow)).toBe(ESCROW);
    expect(chain.balance(dev.address)).toBe(BAL - ESCROW);
    expect(escrowHeld(chain)).toBe(ESCROW);
    const r = record(chain, s!.id)!;
    expect(r).toMatchObject({
      requester: dev.address,
      relay: relay.address,
      executor: s!.executor,
      modelId: MODEL,
      pricePerInputToken: '1000',
      pricePerOutputToken: '2000',
      status: InferenceStatus.INFERENCE_STATUS_STARTED,
    });
    const exBefore = chain.balance(s!.executor);
    const [settled] = await finish(chain, relay, [report(s!.id, executorAccount(s!.executor), 10n, 7n)]);
    const cost = 10n * P_IN + 7n * P_OUT + FEE;
    expect(settled).toMatchObject({
      status: InferenceStatus.INFERENCE_STATUS_FINISHED,
      cost: cost.toString(),
      refund: (ESCROW - cost).toString(),
    });
    expect(chain.balance(dev.address)).toBe(BAL - cost);
    expect(escrowHeld(chain)).toBe(0n);
    expect(pendingHeld(chain)).toBe(afterTraining(cost));
    // Nothing is paid out at finish.
    expect(chain.balance(s!.executor)).toBe(exBefore);
    const p = await participant(chain, s!.executor);
    expect(p.pendingRewards.map((x) => x.amount)).toEqual([(afterTraining(cost) - FEE).toString()]);
    expect(p.epochs[0]).toMatchObject({
      served: 1n,
      promptTokens: 10n,
      completionTokens: 7n,
      earned: (afterTraining(cost) - FEE).toString(),
    });
    expect((await participant(chain, relay.address)).pendingRewards.map((x) => x.amount)).toEqual([FEE.toString()]);
    expect(chain.app.checkInvariants()).toEqual([]);
  });

  it('a request that reaches its maximum cost is charged in full and not refunded', async () => {
    const [s] = await start(chain, relay, [request(dev, relay, chain.timeNs)]);
    const [settled] = await finish(chain, relay, [report(s!.id, executorAccount(s!.executor), 10n, 50n)]);
    expect(settled).toMatchObject({
      status: InferenceStatus.INFERENCE_STATUS_EXHAUSTED,
      cost: ESCROW.toString(),
      refund: '0',
    });
    expect(chain.balance(dev.address)).toBe(BAL - ESCROW);
    expect(pendingHeld(chain)).toBe(afterTraining(ESCROW));
    expect(chain.app.checkInvariants()).toEqual([]);
  });

  it('a finish whose usage disagrees with the relay count is disputed: refunded, nobody paid', async () => {
    const [s] = await start(chain, relay, [request(dev, relay, chain.timeNs)]);
    const [settled] = await finish(chain, relay, [report(s!.id, executorAccount(s!.executor), 10n, 7n, 9n)]);
    expect(settled).toMatchObject({
      status: InferenceStatus.INFERENCE_STATUS_DISPUTED,
      cost: '0',
      refund: ESCROW.toString(),
    });
    expect(chain.balance(dev.address)).toBe(BAL);
    expect(pendingHeld(chain)).toBe(0n);
    expect((await participant(chain, s!.executor)).epochs[0]).toMatchObject({ disputed: 1n, served: 0n });
  });

  it('uses the default output budget when the request names none', async () => {
    const [s] = await start(chain, relay, [request(dev, relay, chain.timeNs, { maxOutputTokens: 0n })]);
    expect(BigInt(s!.escrow)).toBe(10n * P_IN + 5000n * P_OUT + FEE);
  });

  it('expires a request with no finish: full refund, the executor misses it, a late finish is refused', async () => {
    const [s] = await start(chain, relay, [request(dev, relay, chain.timeNs)]);
    for (let i = 0; i < 20; i++) await chain.block();
    expect(record(chain, s!.id)!.status).toBe(InferenceStatus.INFERENCE_STATUS_EXPIRED);
    expect(chain.balance(dev.address)).toBe(BAL);
    expect(escrowHeld(chain)).toBe(0n);
    const p = await participant(chain, s!.executor);
    expect(p.executor!.missed).toBe(1n);
    expect(p.epochs.reduce((n, e) => n + e.missed, 0n)).toBe(1n);
    const late = await chain.exec(relay, [finishMsg(relay, [report(s!.id, executorAccount(s!.executor), 10n, 7n)])], {
      expectFailure: true,
    });
    expect(late.log).toMatch(/already settled/);
    expect(chain.app.checkInvariants()).toEqual([]);
  });

  it('retries an expired request with another executor under the same id, charging it once', async () => {
    const [s] = await start(chain, relay, [request(dev, relay, chain.timeNs)]);
    const notYet = await chain.exec(relay, [retryMsg(relay, [s!.id])], { expectFailure: true });
    expect(notYet.log).toMatch(/has not expired/);
    for (let i = 0; i < 20; i++) await chain.block();
    const [again] = await retry(chain, relay, [s!.id]);
    expect(again!.executor).not.toBe(s!.executor);
    expect(record(chain, s!.id)).toMatchObject({
      status: InferenceStatus.INFERENCE_STATUS_STARTED,
      attempts: 2n,
      executor: again!.executor,
    });
    expect(chain.balance(dev.address)).toBe(BAL - ESCROW);
    await finish(chain, relay, [report(s!.id, executorAccount(again!.executor), 10n, 7n)]);
    expect(chain.balance(dev.address)).toBe(BAL - (10n * P_IN + 7n * P_OUT + FEE));
    const twice = await chain.exec(relay, [retryMsg(relay, [s!.id])], { expectFailure: true });
    expect(twice.log).toMatch(/has not expired/);
    expect(chain.app.checkInvariants()).toEqual([]);
  });

  it('refuses forged, replayed, stale and misrouted requests and foreign finishes, changing nothing', async () => {
    const good = request(dev, relay, chain.timeNs);
    const forged = { ...request(outsider, relay, chain.timeNs), requesterPubKey: dev.pub };
    const otherRelay = request(dev, ex1, chain.timeNs);
    const stale = request(dev, relay, chain.timeNs - 120n * 1_000_000_000n);
    const [s] = await start(chain, relay, [good]);
    const balances = () => [dev, relay, ex1, ex2].map((a) => chain.balance(a.address));
    const before = balances();
    const seq = keeperOf(chain).nextSequence(chain.app.queryContext());
    const cases: Array<[typeof relay, unknown, RegExp]> = [
      [relay, startMsg(relay, [forged]), /did not sign/],
      [relay, startMsg(relay, [good]), /already recorded/],
      [relay, startMsg(relay, [otherRelay]), /did not sign/],
      [relay, startMsg(relay, [stale]), /replay window/],
      [relay, startMsg(relay, [request(dev, relay, chain.timeNs), good]), /already recorded/],
      [
        relay,
        finishMsg(relay, [report(s!.id, s!.executor === ex1.address ? ex2 : ex1, 10n, 7n)]),
        /not signed by the executor/,
      ],
      [ex1, finishMsg(ex1, [report(s!.id, executorAccount(s!.executor), 10n, 7n)]), /was started by/],
    ];
    for (const [who, msg, why] of cases) {
      const r = await chain.exec(who, [msg as never], { expectFailure: true });
      expect(r.log).toMatch(why);
    }
    expect(balances()).toEqual(before);
    expect(keeperOf(chain).nextSequence(chain.app.queryContext())).toBe(seq);
    expect(keeperOf(chain).inferences(chain.app.queryContext())).toHaveLength(1);
    expect(chain.app.checkInvariants()).toEqual([]);
  });

  it('draws the executor on chain, never the relay while another serves the model', async () => {
    await chain.exec(relay, [registerMsg(relay)]);
    const started = await start(
      chain,
      relay,
      Array.from({ length: 30 }, () => request(dev, relay, chain.timeNs, { maxOutputTokens: 1n })),
    );
    expect(started.map((s) => s.executor)).not.toContain(relay.address);
    expect(new Set(started.map((s) => s.executor))).toEqual(new Set([ex1.address, ex2.address]));
  });

  it('bounds the gas of each request in a batch, so the request fee can cover it', async () => {
    const gasOf = async (n: number) => {
      const r = await chain.exec(relay, [
        startMsg(
          relay,
          Array.from({ length: n }, () => request(dev, relay, chain.timeNs)),
        ),
      ]);
      const started = MsgStartInferencesResponse.decode(msgResponses(r)[0]!.value).started;
      const f = await chain.exec(relay, [
        finishMsg(
          relay,
          started.map((s) => report(s.id, executorAccount(s.executor), 10n, 7n)),
        ),
      ]);
      return { start: r.gasUsed, finish: f.gasUsed };
    };
    const one = await gasOf(1);
    const eleven = await gasOf(11);
    // docs/inference.md quotes these (measured about 50 000 and 84 000 with two executors): the marginal gas of one
    // more request in a batch, which request_fee must cover at the minimum gas price.
    expect((eleven.start - one.start) / 10n).toBeLessThan(70_000n);
    expect((eleven.finish - one.finish) / 10n).toBeLessThan(100_000n);
  });

  it('batches many starts and finishes per tx, up to max_batch_size', async () => {
    const started = await start(
      chain,
      relay,
      Array.from({ length: 5 }, () => request(dev, relay, chain.timeNs)),
    );
    const settled = await finish(
      chain,
      relay,
      started.map((s) => report(s.id, executorAccount(s.executor), 10n, 7n)),
    );
    expect(settled.map((x) => x.status)).toEqual(Array(5).fill(InferenceStatus.INFERENCE_STATUS_FINISHED));
    expect(chain.balance(dev.address)).toBe(BAL - 5n * (10n * P_IN + 7n * P_OUT + FEE));
    const tooMany = await chain.exec(
      relay,
      [
        startMsg(
          relay,
          Array.from({ length: 101 }, () => request(dev, relay, chain.timeNs)),
        ),
      ],
      { expectFailure: true },
    );
    expect(tooMany.log).toMatch(/max_batch_size/);
  });
});

describe('inference: grinding', () => {
  it('re-signing does not re-roll the executor: the draw follows the chain-assigned sequence, not the signature', async () => {
    const executorsFor = async (variant: string) => {
      const chain = await startChain({ accounts: accounts() });
      try {
        await chain.exec(ex1, [registerMsg(ex1)]);
        await chain.exec(ex2, [registerMsg(ex2)]);
        const bodies = Array.from({ length: 12 }, (_, i) => sha256(new TextEncoder().encode(`${variant} ${i}`)));
        const started = await start(
          chain,
          relay,
          bodies.map((requestHash) => request(dev, relay, chain.timeNs, { requestHash })),
        );
        return started.map((x) => x.executor);
      } finally {
        await chain.stop();
      }
    };
    const a = await executorsFor('first signing');
    expect(await executorsFor('signed again with other bodies')).toEqual(a);
    expect(new Set(a).size).toBe(2);
  });
});

describe('inference: the one-node devnet', () => {
  it('lets the relay execute when it is the only eligible executor', async () => {
    const chain = await startChain({
      accounts: [
        { account: dev, balance: BAL, weight: 0n },
        { account: relay, balance: BAL, weight: 5n },
      ],
    });
    try {
      await chain.exec(relay, [registerMsg(relay)]);
      const [s] = await start(chain, relay, [request(dev, relay, chain.timeNs)]);
      expect(s!.executor).toBe(relay.address);
      const refused = await chain.exec(
        relay,
        [startMsg(relay, [{ ...request(dev, relay, chain.timeNs), modelId: 'not/registered' }])],
        { expectFailure: true },
      );
      expect(refused.log).toMatch(/model not registered/);
    } finally {
      await chain.stop();
    }
  });
});
