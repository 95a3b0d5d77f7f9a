/**
 * What leaves the mempool (beyond mempool.test.ts): reaping in arrival order under byte and gas caps, and the
 * after-block update that drops committed txs and re-checks the rest, with a fake app and with the real BaseApp.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { EncodeObject } from '@cosmjs/proto-signing';
import { Mempool, type MempoolOpts } from '../../../chain/mempool/mempool.js';
import { silentLogger } from '../../../chain/util/log.js';
import { TestChain, testAccount } from '../../modules/gov/harness.js';
import { RecordingApp } from './recording-app.js';

const tx = (s: string) => new TextEncoder().encode(s);
const text = (txs: Uint8Array[]) => txs.map((t) => new TextDecoder().decode(t));
const OPTS: MempoolOpts = { maxTxs: 100, maxTotalBytes: 1000, maxTxBytes: 100, cacheSize: 100 };

function pool(entries: Array<[string, bigint]>) {
  const app = new RecordingApp();
  const m = new Mempool(OPTS, { app, log: silentLogger() });
  for (const [t, gas] of entries) {
    app.gas.set(t, gas);
    expect(m.checkTx(tx(t)).code).toBe(0);
  }
  return { app, m };
}

describe('Mempool.reap', () => {
  it('returns txs in arrival order and stops at the first that would pass the byte cap, skipping none', () => {
    const { m } = pool([
      ['aaa', 1n],
      ['bbbbb', 1n],
      ['c', 1n],
    ]);
    expect(text(m.reap(100))).toEqual(['aaa', 'bbbbb', 'c']);
    expect(text(m.reap(8))).toEqual(['aaa', 'bbbbb']);
    // "c" would fit in 7 bytes after "aaa", but reaping is FIFO: it stops at "bbbbb".
    expect(text(m.reap(7))).toEqual(['aaa']);
    expect(m.reap(2)).toEqual([]);
  });

  it('caps the summed gas wanted, -1 meaning no cap, and leaves the pool as it was', () => {
    const { m } = pool([
      ['a', 10n],
      ['b', 20n],
      ['c', 5n],
    ]);
    expect(text(m.reap(100, 30n))).toEqual(['a', 'b']);
    expect(text(m.reap(100, 29n))).toEqual(['a']);
    expect(text(m.reap(100, 0n))).toEqual([]);
    expect(text(m.reap(100, -1n))).toEqual(['a', 'b', 'c']);
    expect(m.size()).toBe(3);
    expect(text(m.txs(2))).toEqual(['a', 'b']);
  });
});

describe('Mempool.update', () => {
  it('drops the committed txs, resets the check state once, then re-checks the rest in arrival order', () => {
    const { app, m } = pool([
      ['a', 1n],
      ['b', 1n],
      ['c', 1n],
      ['d', 1n],
    ]);
    app.calls.length = 0;
    m.update(1, [tx('b')]);
    expect(app.calls).toEqual(['reset', 'recheck:a', 'recheck:c', 'recheck:d']);
    expect(text(m.txs())).toEqual(['a', 'c', 'd']);
  });

  it('removes txs that fail the re-check, keeps the order and byte count of the rest, and lets the failed ones be resubmitted', () => {
    const { app, m } = pool([
      ['a', 1n],
      ['bb', 1n],
      ['ccc', 1n],
    ]);
    app.reject.add('bb');
    m.update(1, []);
    expect(text(m.txs())).toEqual(['a', 'ccc']);
    expect(m.totalBytes()).toBe(4);
    expect(m.has(tx('bb'))).toBe(false);
    app.reject.delete('bb');
    expect(m.checkTx(tx('bb')).code).toBe(0);
    expect(text(m.reap(100))).toEqual(['a', 'ccc', 'bb']);
  });
});

describe('Mempool.update on the real app', () => {
  const alice = testAccount('mempool alice');
  const carol = testAccount('mempool carol');
  const bob = testAccount('mempool bob');
  const send = (from: string, amount: number): EncodeObject => ({
    typeUrl: '/cosmos.bank.v1beta1.MsgSend',
    value: { fromAddress: from, toAddress: bob.address, amount: [{ denom: 'nicoin', amount: String(amount) }] },
  });

  let chain: TestChain;
  beforeEach(async () => {
    chain = await new TestChain({
      accounts: [
        { account: alice, balance: 1_000_000n, weight: 1n },
        { account: carol, balance: 1_000_000n, weight: 0n },
      ],
    }).start();
  });
  afterEach(async () => {
    await chain.stop();
  });

  it("after a block spends a sender's sequence elsewhere, that sender's pooled tx is dropped and the others stay", async () => {
    const m = new Mempool(
      { ...OPTS, maxTxBytes: 1 << 20, maxTotalBytes: 1 << 24 },
      { app: chain.app, log: silentLogger() },
    );
    const alicePooled = await chain.signTx(alice, [send(alice.address, 100)], { fee: 200n });
    const carolPooled = await chain.signTx(carol, [send(carol.address, 100)], { fee: 200n });
    expect(m.checkTx(alicePooled).code).toBe(0);
    expect(m.checkTx(carolPooled).code).toBe(0);
    // Another proposer's block carries a different tx of alice's with the same sequence.
    const other = await chain.signTx(alice, [send(alice.address, 5)], { fee: 200n });
    const { txs } = await chain.block([other]);
    expect(txs[0]!.code).toBe(0);
    m.update(chain.height, [other]);
    expect(m.has(alicePooled)).toBe(false);
    expect(m.has(carolPooled)).toBe(true);
    expect(m.reap(1 << 20)).toEqual([carolPooled]);
    // The re-check left carol's sequence used in the check state: her pooled tx cannot enter twice.
    expect(chain.app.checkTx(carolPooled, 'new').code).toBe(32);
  });
});
