import { afterEach, describe, expect, it } from '@jest/globals';
import { MsgSend } from 'cosmjs-types/cosmos/bank/v1beta1/tx';
import { silentLogger } from '../../../chain/util/log.js';
import { DutySubmitter } from '../../../node/race/duty-submitter.js';
import { raceKeyFromPrivKey, type RaceKey } from '../../../node/race/race-key.js';
import { AppHarness, CHAIN_ID } from './app-harness.js';

const key = raceKeyFromPrivKey(new Uint8Array(32).fill(5));
const other = raceKeyFromPrivKey(new Uint8Array(32).fill(6));

/** A bank send stands in for a duty message: it exercises the same ante (signature, sequence, zero fee). */
const send = (from: RaceKey, amount: bigint) => ({
  typeUrl: '/cosmos.bank.v1beta1.MsgSend',
  value: MsgSend.encode({
    fromAddress: from.address,
    toAddress: other.address,
    amount: [{ denom: 'nicoin', amount: amount.toString() }],
  }).finish(),
});

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

function submitter(harness: AppHarness, k: RaceKey = key): DutySubmitter {
  return new DutySubmitter(
    { chainId: CHAIN_ID },
    { key: k, mempool: harness.mempool, account: (a) => harness.account(a), log: silentLogger() },
  );
}

describe('DutySubmitter', () => {
  it('puts several signed txs into one block with consecutive sequences, all delivered', async () => {
    h = await AppHarness.start([key.address, other.address]);
    const s = submitter(h);
    const results = [1n, 2n, 3n].map((n) => s.submit([send(key, n)], `send ${n}`));
    expect(results.map((r) => r.ok && r.sequence)).toEqual([0n, 1n, 2n]);
    expect(h.mempool.size()).toBe(3);
    const res = await h.block();
    expect(res.txResults.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(h.balance(key.address)).toBe(1_000_000n - 6n);
    s.onBlockCommitted();
    expect(s.nextSequence).toBe(3n);
    expect(s.stats).toEqual({ submitted: 3, rejected: 0, resyncs: 0 });
  });

  it('after a restart, continues from the committed sequence', async () => {
    h = await AppHarness.start([key.address, other.address]);
    submitter(h).submit([send(key, 1n)], 'first');
    await h.block();
    const fresh = submitter(h);
    const r = fresh.submit([send(key, 1n)], 'after restart');
    expect(r).toMatchObject({ ok: true, sequence: 1n });
    expect((await h.block()).txResults[0]!.code).toBe(0);
  });

  it('recovers from a stale sequence (another signer used the key) with one retry', async () => {
    h = await AppHarness.start([key.address, other.address]);
    const a = submitter(h);
    const b = submitter(h);
    expect(a.submit([send(key, 1n)], 'a').ok).toBe(true);
    // b still believes the sequence is 0: CheckTx says "expected 1", b retries with 1.
    const r = b.submit([send(key, 2n)], 'b');
    expect(r).toMatchObject({ ok: true, sequence: 1n });
    expect(b.stats.resyncs).toBe(1);
    const res = await h.block();
    expect(res.txResults.map((x) => x.code)).toEqual([0, 0]);
  });

  it('re-reads the sequence after a tx that passed CheckTx but failed in DeliverTx', async () => {
    h = await AppHarness.start([key.address, other.address]);
    const s = submitter(h);
    expect(s.submit([send(key, 5_000_000n)], 'too much').ok).toBe(true); // CheckTx runs only the ante
    const res = await h.block();
    expect(res.txResults[0]!.code).not.toBe(0);
    s.onBlockCommitted();
    expect(s.nextSequence).toBe(1n); // the failed tx still spent its sequence
    expect(s.submit([send(key, 1n)], 'next').ok).toBe(true);
    expect((await h.block()).txResults[0]!.code).toBe(0);
  });

  it('resynchronises when its txs left the mempool without being committed', async () => {
    h = await AppHarness.start([key.address, other.address]);
    const s = submitter(h);
    s.submit([send(key, 1n)], 'lost');
    // Commit an empty block and throw the mempool's tx away, as a node restart would.
    await h.block([]);
    h.mempool.update(h.height, h.mempool.txs());
    s.onBlockCommitted();
    expect(s.nextSequence).toBe(0n);
    // The very same bytes are still in the mempool's seen-cache: refused cleanly, the sequence is kept.
    const dup = s.submit([send(key, 1n)], 'same bytes');
    expect(!dup.ok && dup.log).toMatch(/already exists/);
    expect(s.nextSequence).toBe(0n);
    expect(s.submit([send(key, 2n)], 'again').ok).toBe(true);
    expect((await h.block()).txResults[0]!.code).toBe(0);
  });

  it('refuses cleanly while its account does not exist, then works once it is funded', async () => {
    h = await AppHarness.start([other.address]);
    const s = submitter(h);
    const r = s.submit([send(key, 1n)], 'unfunded');
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.log).toMatch(/does not exist on chain yet/);
    expect(h.mempool.size()).toBe(0);
    const funder = submitter(h, other);
    funder.submit(
      [
        {
          typeUrl: '/cosmos.bank.v1beta1.MsgSend',
          value: MsgSend.encode({
            fromAddress: other.address,
            toAddress: key.address,
            amount: [{ denom: 'nicoin', amount: '10' }],
          }).finish(),
        },
      ],
      'fund',
    );
    await h.block();
    s.onBlockCommitted();
    expect(s.submit([send(key, 1n)], 'funded').ok).toBe(true);
    expect((await h.block()).txResults[0]!.code).toBe(0);
  });

  it('reports a tx the ante refuses without throwing and keeps its sequence', async () => {
    h = await AppHarness.start([key.address, other.address]);
    const s = submitter(h);
    expect(s.submit([], 'empty')).toMatchObject({ ok: false });
    const bad = s.submit([{ typeUrl: '/no.such.Msg', value: new Uint8Array([1]) }], 'unknown');
    expect(bad.ok).toBe(false);
    expect(s.nextSequence).toBe(0n);
    expect(s.stats.rejected).toBe(1);
  });
});
