/**
 * The Race on a 4-validator localnet (real processes, `test` model, 45-block epochs, target difficulty 100) over
 * epoch 0 (no race: only the beacon for epoch 1's seed, about 14 blocks) and three racing epochs:
 * - node0 and node1 race normally, node2 with RACE_TEST_MINER_THROTTLE=0.5, node3 with RACE_TEST_FORGE_NONCES=1;
 * - node1 also runs RACE_TEST_LYING_VALIDATOR=1 in epoch 1: as checker and re-verifier it fails every honest nonce
 *   and passes every forged one. The other three nodes' votes (3/4 of the weight) decide every disputed nonce, so
 *   node1 is convicted (weight 0) while node0 and node2 keep exactly their work and the forger is still caught;
 * - node1's miner is switched off after epoch 1's re-verification window (restart, honest, with [race] mining = false);
 * - node4, a full node, joins during epoch 1: its race address is funded, it registers, races and is validated.
 *
 * What is asserted, and why it cannot fail by chance more than once in 1e4 runs on a loaded 2-core machine (an
 * earlier version compared the throttled node's weight with the others' and failed at 0.28-0.31 against ≥ 0.31-0.32:
 * how 5 CPU-bound miners share 2 cores is not something a test can bound):
 * 1. Weight follows measured compute. Every honest miner logs the nonces it evaluated (`tried`); each is a proof
 *    with probability 1/D independently, so its accepted count N is Binomial(tried, 1/D), mean μ = tried/D and
 *    variance ≤ μ. Bernstein's inequality gives P(|N − μ| ≥ t) ≤ 2·exp(−t²/(2(μ + t/3))); with
 *    t = L/3 + √(L²/9 + 2Lμ) that is 2·e^(−L). Choosing e^(−L) = 1e-4 / (2K) for the K checks made, the union bound
 *    keeps the chance that any of them fails by chance ≤ 1e-4 (μ is in the hundreds, so t ≈ 5√μ).
 * 2. The throttle works: the throttled miner spends about half of its mining window inside batches (`busyMs`, its
 *    log line) whatever share of the CPU it gets, since busyMs is wall time. The duty cycle is 125 ms of work, 125 ms
 *    of rest; a late pause timer or the batch that must finish lengthens work, a late resume timer lengthens rest, so
 *    the fraction is (125 + a)/(250 + a + b): inside [0.25, 0.75] unless the node's event loop is late by more
 *    than 125 ms on average over the ~50 cycles of three race windows, in one direction only. That bound is not
 *    probabilistic; ~50 cycles each late by > 125 ms would be a node too slow for its 500 ms blocks.
 * 3. It also tried fewer nonces than node0, summed over the three epochs: it competes for the CPU like node0's miner
 *    only while it works (≤ 3/4 of the time by 2) and does nothing while it rests, so under the kernel's fair
 *    scheduler its count is at most about 3/4 of node0's (the old weight ratios were 0.28-0.5); the test asks only
 *    for fewer, which leaves the scheduler's unevenness a margin of more than 1/4 of node0's count.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Testnet } from '../../helpers/testnet.js';
import { rpc } from '../../helpers/node-process.js';
import { homePaths } from '../../../node/cli/home.js';
import { loadNodeConfig, writeToml } from '../../../node/config.js';
import type { ValidationOutcome } from '../../../proto/gen/race/race/v1/types.js';
import { raceAddress, raceQuery, setRaceParams, waitForEpoch } from './race-rpc.js';

const D = 100n;
const VALIDATORS = [0, 1, 2, 3];
const LATE = 4;
let net: Testnet;
const addr: string[] = [];
/** outcomes[e]: the validation outcomes of epoch e's race, read once epoch e+1 has begun. */
const outcomes: ValidationOutcome[][] = [];

async function withLogs(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    (e as Error).message += `\n${net?.logTails(15) ?? ''}`;
    throw e;
  }
}

const outcomeOf = (e: number, node: number) => outcomes[e]?.find((o) => o.participant === addr[node]);

async function recordEpoch(e: number): Promise<void> {
  await waitForEpoch(net.node(0).rpcUrl, BigInt(e + 1), 375_000);
  outcomes[e] = (await raceQuery.outcomes(net.node(0).rpcUrl)).outcomes;
  expect(outcomes[e]!.every((o) => o.epoch === BigInt(e))).toBe(true);
}

/** Consensus validators (hex addresses) at the latest height, after the updates of an epoch boundary took effect. */
async function validatorSet(): Promise<Map<string, bigint>> {
  await net.waitForBlocks(3, [0], 150_000);
  const r = await rpc(net.node(0).rpcUrl, 'validators', { per_page: '100' });
  return new Map(
    (r.result.validators as Array<{ address: string; voting_power: string }>).map((v) => [
      v.address,
      BigInt(v.voting_power),
    ]),
  );
}

/** Node i's "race: miner stopped" log line of epoch e: nonces tried, time spent in batches, and when (pino's time, ms). */
function minerStop(i: number, e: number): { tried: number; busyMs: number; time: number } {
  return logLine(i, e, 'race: miner stopped') as { tried: number; busyMs: number; time: number };
}

/** Node i's first JSON log line of epoch e with this message. */
function logLine(i: number, e: number, msg: string): Record<string, unknown> & { time: number } {
  for (const line of net.log(i).split('\n')) {
    if (!line.includes(msg)) continue;
    const j = JSON.parse(line) as Record<string, unknown> & { epoch?: string; time: number };
    if (j.epoch === String(e)) return j;
  }
  throw new Error(`node${i} logged no "${msg}" for epoch ${e}`);
}

/** Half-width t with P(|Binomial − μ| ≥ t) ≤ 2·e^(−L) (Bernstein; the variance is at most μ). */
function bernsteinHalfWidth(mean: number, L: number): number {
  return L / 3 + Math.sqrt((L * L) / 9 + 2 * L * mean);
}

beforeAll(async () => {
  net = await Testnet.create({
    validators: 4,
    fullNodes: 1,
    chainId: 'race-race',
    timeoutCommit: '500ms',
    configure: (cfg) => {
      cfg.race.mining = true;
      cfg.race.device = 'cpu';
    },
  });
  for (const n of net.nodes) {
    setRaceParams(n.home, { targetDifficulty: D });
    addr.push(raceAddress(n.home));
  }
  net.start(0);
  net.start(1, { env: { RACE_TEST_LYING_VALIDATOR: '1' } });
  net.start(2, { env: { RACE_TEST_MINER_THROTTLE: '0.5' } });
  net.start(3, { env: { RACE_TEST_FORGE_NONCES: '1' } });
  await withLogs(() => net.waitForHeight(2, VALIDATORS, 225_000));
}, 300_000);

afterAll(async () => {
  await net?.cleanup();
}, 150_000);

describe('the Race on a 4-validator localnet', () => {
  it(
    "epoch 0 races nothing and ends once its beacon has made epoch 1's seed; nobody mined in it",
    () =>
      withLogs(async () => {
        await waitForEpoch(net.node(0).rpcUrl, 1n, 225_000);
        const e1 = await raceQuery.epoch(net.node(0).rpcUrl);
        expect(e1.seedFallback).toBe(false);
        // Ended early (at the beacon's last block at the latest), not at the latest end 45.
        expect(e1.startHeight).toBeLessThan(45n);
        expect(() => minerStop(0, 0)).toThrow(/logged no/);
        expect(await raceQuery.outcomes(net.node(0).rpcUrl)).toMatchObject({ outcomes: [] });
      }),
    300_000,
  );

  it(
    'epoch 1: a late node joins and registers; a validator switches its miner off after the race',
    () =>
      withLogs(async () => {
        // Fund the newcomer's race address (its duty txs pay no fee, but its account must exist), then start it.
        const send = await net.signSend(0, { to: addr[LATE], amount: 1000 });
        const res = await rpc(net.node(0).rpcUrl, 'broadcast_tx_sync', { tx: Buffer.from(send).toString('base64') });
        expect(res.result.code).toBe(0);
        net.start(LATE);
        // After epoch 1's re-verification window ([start, start + 31)): node1 restarts as a non-mining, honest node.
        const start = Number((await raceQuery.epoch(net.node(0).rpcUrl)).startHeight);
        await net.waitForHeight(start + 32, [0], 225_000);
        await net.stop(1);
        const file = homePaths(net.node(1).home).configToml;
        const cfg = loadNodeConfig(file);
        cfg.race.mining = false;
        writeToml(file, cfg);
        net.start(1);
        await recordEpoch(1);
        const p = await raceQuery.participant(net.node(0).rpcUrl, addr[LATE]!);
        expect(p.participant?.address).toBe(addr[LATE]);
      }),
    600_000,
  );

  it(
    'forged nonces and the lying validator get weight 0 and leave the validator set; the honest keep theirs',
    () =>
      withLogs(async () => {
        const forged = outcomeOf(1, 3)!;
        expect(forged.nonceCount).toBeGreaterThan(0n);
        expect(forged).toMatchObject({ accepted: false, weight: 0n });
        // The liar raced honestly, but its false checks and votes were contradicted by the majority: convicted.
        expect(outcomeOf(1, 1)!.nonceCount).toBeGreaterThan(0n);
        expect(outcomeOf(1, 1)).toMatchObject({ accepted: false, weight: 0n });
        for (const i of [0, 2])
          expect(outcomeOf(1, i)).toMatchObject({ accepted: true, weight: outcomeOf(1, i)!.nonceCount });
        const weights = (await raceQuery.weights(net.node(0).rpcUrl)).weights;
        for (const i of [1, 3]) expect(weights.find((w) => w.address === addr[i])?.weight ?? 0n).toBe(0n);
        const set = await validatorSet();
        for (const i of [1, 3]) expect(set.has(net.node(i).validatorAddress.toUpperCase())).toBe(false);
        expect(set.get(net.node(0).validatorAddress.toUpperCase())).toBe(outcomeOf(1, 0)!.weight);
      }),
    300_000,
  );

  it(
    'epoch 2: the new node raced and was validated, and enters the validator set; the stopped miner leaves it',
    () =>
      withLogs(async () => {
        await recordEpoch(2);
        const late = outcomeOf(2, LATE);
        expect(late).toMatchObject({ accepted: true });
        expect(late!.weight).toBeGreaterThan(0n);
        const stopped = outcomeOf(2, 1);
        expect(stopped?.weight ?? 0n).toBe(0n);
        const set = await validatorSet();
        expect(set.get(net.node(LATE).validatorAddress.toUpperCase())).toBe(late!.weight);
        expect(set.has(net.node(1).validatorAddress.toUpperCase())).toBe(false);
        const h = await net.height(0);
        await net.waitForHeight(h + 3, [0, 2, LATE], 150_000);
      }),
    600_000,
  );

  it(
    'epoch 3 done: weights follow measured compute; the throttled node worked half the time and tried fewer nonces',
    () =>
      withLogs(async () => {
        await recordEpoch(3);
        // 1. Every honest node's accepted count (node1 lied in epoch 1 and was convicted, so it is not among them) is its measured compute (the header's argument: ≤ 1e-4 for all checks).
        const honest = [
          [0, 1],
          [0, 2],
          [0, 3],
          [2, 1],
          [2, 2],
          [2, 3],
          [LATE, 2],
          [LATE, 3],
        ] as const;
        const L = Math.log((2 * honest.length) / 1e-4);
        for (const [i, e] of honest) {
          const mean = minerStop(i, e).tried / Number(D);
          const n = Number(outcomeOf(e, i)!.weight);
          expect({ node: i, epoch: e, off: Math.abs(n - mean) <= bernsteinHalfWidth(mean, L) }).toEqual({
            node: i,
            epoch: e,
            off: true,
          });
        }
        // 2. The throttled miner was inside a batch about half of each mining window (wall time: independent of CPU share).
        let busy = 0;
        let window = 0;
        for (const e of [1, 2, 3]) {
          const stop = minerStop(2, e);
          busy += stop.busyMs;
          window += stop.time - logLine(2, e, 'race: mining').time;
        }
        expect(busy / window).toBeGreaterThanOrEqual(0.25);
        expect(busy / window).toBeLessThanOrEqual(0.75);
        // 3. So it tried fewer nonces than node0, a full-speed miner in all three epochs.
        const sumTried = (i: number) => [1, 2, 3].reduce((s, e) => s + minerStop(i, e).tried, 0);
        expect(sumTried(2)).toBeLessThan(sumTried(0));
      }),
    600_000,
  );
});
