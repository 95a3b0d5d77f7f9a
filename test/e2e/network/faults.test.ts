/**
 * Fault tests on one 4-validator network (+ one full node started late) of real `raced` processes on 127.0.0.1,
 * sharing the network across tests to keep the suite short. Each test leaves all validators running and ends with
 * the checker (no fork at any height, every acknowledged tx committed exactly once, no rejected tx committed).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { toHexLower } from '../../../chain/types/bytes.js';
import { decodeVote } from '../../../chain/block/proto-codec.js';
import { assertChecked, TxLedger } from '../../helpers/checker.js';
import { EQUIVOCATE_ENV, Testnet } from '../../helpers/testnet.js';
import { sleep, waitFor } from '../../helpers/wait.js';

const VALIDATORS = [0, 1, 2, 3];
const FULL = 4;
const STEP_MS = 375_000;

let net: Testnet;
const ledger = new TxLedger();

/** Runs a test body; on failure the error carries every node's last log lines. */
async function withLogs(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    (e as Error).message += `\n${net?.logTails(12) ?? ''}`;
    throw e;
  }
}

/** Sends `n` MsgSends from validator `from`'s account through node `via`; returns how many were acknowledged. */
async function sendTxs(from: number, via: number, n: number): Promise<number> {
  let ok = 0;
  for (let k = 0; k < n; k++) if ((await ledger.broadcast(net.node(via).rpcUrl, await net.signSend(from))).ok) ok++;
  return ok;
}

/**
 * The "nothing happens" half of a halt, bounded by events rather than a fixed sleep: first every listed node sees
 * exactly `peers` peers (the cut is done: no vote from the other side can still arrive, so any block that was already
 * past its precommits has landed), then every one of them accepts HALT_GOSSIP more consensus messages from the peers
 * it still has (status and votes, re-gossiped every second and new with each round: its side kept running consensus),
 * and the height of the listed nodes must not have moved. Returns the height they halted at.
 */
const HALT_GOSSIP = 20;
async function expectHalted(nodes: number[], peers: number): Promise<number> {
  await waitFor(
    async () => (await Promise.all(nodes.map((i) => net.peerCount(i)))).every((n) => n === peers),
    `${nodes} to see ${peers} peer(s)`,
    75_000,
  );
  const halted = await net.maxHeight(nodes);
  const from = await Promise.all(nodes.map((i) => net.consensusMessagesReceived(i)));
  await waitFor(
    async () =>
      (await Promise.all(nodes.map((i) => net.consensusMessagesReceived(i)))).every(
        (n, k) => n >= from[k]! + HALT_GOSSIP,
      ),
    `${HALT_GOSSIP} consensus messages at each of ${nodes}`,
    150_000,
    250,
  );
  expect(await net.maxHeight(nodes)).toBe(halted);
  return halted;
}

const check = () =>
  assertChecked(net.rpcNodes(net.running()), ledger, { minNodes: net.running().length, waitForAckedMs: 30_000 });

beforeAll(async () => {
  net = await Testnet.create({ validators: 4, fullNodes: 1, chainId: 'race-faults', timeoutCommit: '500ms' });
  net.startAll(VALIDATORS);
  await withLogs(() => net.waitForHeight(3, VALIDATORS, 225_000));
}, 300_000);

afterAll(async () => {
  await net?.cleanup();
}, 150_000);

describe('a 4-validator network under faults', () => {
  it(
    'kill -9 one validator: the chain goes on; restarted, it catches up',
    () =>
      withLogs(async () => {
        expect(await sendTxs(0, 0, 3)).toBe(3);
        await net.waitForBlocks(2, VALIDATORS, 75_000);
        // A replayed sequence (once the original is committed) is rejected at CheckTx and must never be committed.
        expect(
          (await ledger.broadcast(net.node(1).rpcUrl, await net.signSend(0, { sequence: 0, memo: 'replay' }))).ok,
        ).toBe(false);

        await net.kill(3);
        const live = [0, 1, 2];
        const target = await net.waitForBlocks(3, live, 150_000);
        expect(await sendTxs(1, 1, 2)).toBe(2);

        net.start(3);
        await net.waitForHeight(target + 1, VALIDATORS, 150_000);
        expect(await net.blockHash(3, target)).toBe(await net.blockHash(0, target));
        expect(await net.appHash(3, target)).toBe(await net.appHash(0, target));
        await check();
      }),
    STEP_MS,
  );

  it(
    'stop 2 of 4: no new blocks, no fork, no crash; restarted, the chain resumes (a liveness check within a generous bound)',
    () =>
      withLogs(async () => {
        await Promise.all([net.stop(2), net.stop(3)]);
        const live = [0, 1];
        const stalled = await expectHalted(live, 1);
        expect(net.isRunning(0) && net.isRunning(1)).toBe(true);
        await check();

        net.startAll([2, 3]);
        await net.waitForHeight(stalled + 1, VALIDATORS, 75_000);
        await net.waitForBlocks(2, VALIDATORS, 75_000);
        expect(await sendTxs(2, 2, 2)).toBe(2);
        await check();
      }),
    STEP_MS,
  );

  it(
    'partition {A,B} | {C,D}: the chain halts; healed, it resumes',
    () =>
      withLogs(async () => {
        net.partition([
          [0, 1],
          [2, 3],
        ]);
        // The p2p layer polls the partition file and hangs up: each side keeps only its partner.
        const halted = await expectHalted(VALIDATORS, 1);
        expect(VALIDATORS.every((i) => net.isRunning(i))).toBe(true);
        await check();

        net.heal();
        await net.waitForHeight(halted + 2, VALIDATORS, 150_000);
        expect(await sendTxs(3, 0, 2)).toBe(2);
        await check();
      }),
    STEP_MS,
  );

  it(
    'a full node joining late syncs from genesis and relays txs',
    () =>
      withLogs(async () => {
        const target = await net.maxHeight(VALIDATORS);
        net.start(FULL);
        await net.waitForHeight(target, [FULL], 225_000);
        for (const h of [1, Math.ceil(target / 2), target])
          expect(await net.blockHash(FULL, h)).toBe(await net.blockHash(0, h));
        expect((await net.status(FULL)).validator_info.voting_power).toBe('0');
        expect(await sendTxs(0, FULL, 2)).toBe(2);
        await net.waitForBlocks(2, [...VALIDATORS, FULL], 150_000);
        await check();
      }),
    STEP_MS,
  );

  it(
    'a validator that signs two different prevotes at one height: evidence is committed',
    () =>
      withLogs(async () => {
        const from = (await net.maxHeight(VALIDATORS)) + 1;
        await net.restart(3, { env: { [EQUIVOCATE_ENV]: '1' } });
        const deadline = Date.now() + 225_000;
        let found: { height: number; evidence: unknown[] } | undefined;
        for (let h = from; !found && Date.now() < deadline;) {
          const b = (await net.height(0)) >= h ? await net.block(0, h) : undefined;
          if (!b) {
            await sleep(500);
            continue;
          }
          if (b.evidence.length > 0) found = { height: h, evidence: b.evidence };
          h++;
        }
        expect(found).toBeDefined();
        const ev = found!.evidence[0] as {
          type: string;
          value: { vote_a: string; vote_b: string; ValidatorPower: string; TotalVotingPower: string };
        };
        expect(ev.type).toBe('tendermint/DuplicateVoteEvidence');
        expect([ev.value.ValidatorPower, ev.value.TotalVotingPower]).toEqual(['1', '4']);
        const [a, b] = [
          decodeVote(Buffer.from(ev.value.vote_a, 'base64')),
          decodeVote(Buffer.from(ev.value.vote_b, 'base64')),
        ];
        expect(toHexLower(a.validatorAddress).toUpperCase()).toBe(net.node(3).validatorAddress);
        expect([a.height, a.round, a.type]).toEqual([b.height, b.round, b.type]);
        expect(toHexLower(a.blockId?.hash ?? new Uint8Array())).not.toBe(
          toHexLower(b.blockId?.hash ?? new Uint8Array()),
        );
        // Every node committed the same block with the same evidence.
        await net.waitForHeight(found!.height, net.running(), 150_000);
        for (const i of net.running()) expect((await net.block(i, found!.height))!.evidence).toEqual(found!.evidence);

        await net.restart(3);
        await net.waitForBlocks(2, net.running(), 150_000);
        await check();
      }),
    STEP_MS,
  );
});
