/**
 * What the mempool lets in (beyond mempool.test.ts): the byte limit, refusals that must not poison the seen-tx cache,
 * the cache's bound, and duplicates refused with CometBFT's error without a second CheckTx.
 */
import { describe, expect, it } from '@jest/globals';
import { Mempool, MempoolError, type MempoolOpts } from '../../../chain/mempool/mempool.js';
import { silentLogger } from '../../../chain/util/log.js';
import { RecordingApp } from './recording-app.js';

const tx = (s: string) => new TextEncoder().encode(s);
const OPTS: MempoolOpts = { maxTxs: 100, maxTotalBytes: 1000, maxTxBytes: 100, cacheSize: 100 };

function pool(opts: Partial<MempoolOpts> = {}) {
  const app = new RecordingApp();
  const added: string[] = [];
  const m = new Mempool({ ...OPTS, ...opts }, { app, log: silentLogger() });
  m.onTxAdded((t) => added.push(new TextDecoder().decode(t)));
  return { app, m, added };
}

describe('Mempool limits', () => {
  it('refuses a tx that would pass the byte limit with code 20, without asking the app; a smaller one still fits', () => {
    const { app, m } = pool({ maxTotalBytes: 10 });
    expect(m.checkTx(tx('aaaa')).code).toBe(0);
    expect(m.checkTx(tx('bbbb')).code).toBe(0);
    const full = m.checkTx(tx('cccc'));
    expect(full.code).toBe(20);
    expect(full.log).toBe('mempool is full: number of txs 2 (max: 100), total txs bytes 8 (max: 10): mempool is full');
    expect(m.checkTx(tx('dd')).code).toBe(0);
    expect(m.totalBytes()).toBe(10);
    expect(app.calls).toEqual(['new:aaaa', 'new:bbbb', 'new:dd']);
  });

  it('a tx refused as too large or for a full pool is not remembered: it is accepted once it fits', () => {
    const { m } = pool({ maxTxs: 1, maxTxBytes: 4 });
    m.checkTx(tx('a'));
    expect(m.checkTx(tx('b')).code).toBe(20);
    expect(m.checkTx(tx('toolong')).code).toBe(21);
    m.update(1, [tx('a')]);
    expect(m.checkTx(tx('b')).code).toBe(0);
  });

  it('announces only the txs it keeps', () => {
    const { app, m, added } = pool({ maxTxs: 2 });
    app.reject.add('bad');
    m.checkTx(tx('ok1'));
    m.checkTx(tx('bad'));
    m.checkTx(tx('ok2'));
    m.checkTx(tx('ok3'));
    expect(added).toEqual(['ok1', 'ok2']);
  });
});

describe('Mempool seen-tx cache and duplicates', () => {
  it('refuses a tx already in the pool with MempoolError "tx already exists in cache", without a second CheckTx', () => {
    const { app, m } = pool();
    m.checkTx(tx('a'));
    let thrown: unknown;
    try {
      m.checkTx(tx('a'));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(MempoolError);
    expect((thrown as Error).message).toBe('tx already exists in cache');
    expect(app.calls).toEqual(['new:a']);
    expect([m.size(), m.totalBytes()]).toEqual([1, 1]);
  });

  it('forgets a tx that failed CheckTx, so it can be resubmitted once it may pass', () => {
    const { app, m } = pool();
    app.reject.add('a');
    expect(m.checkTx(tx('a')).code).toBe(5);
    app.reject.delete('a');
    expect(m.checkTx(tx('a')).code).toBe(0);
  });

  it('remembers committed txs, even ones it never held, and refuses them afterwards', () => {
    const { m } = pool();
    m.checkTx(tx('a'));
    m.update(1, [tx('a'), tx('from-another-node')]);
    expect(m.size()).toBe(0);
    expect(() => m.checkTx(tx('a'))).toThrow(MempoolError);
    expect(() => m.checkTx(tx('from-another-node'))).toThrow(MempoolError);
  });

  it('keeps at most cacheSize hashes, dropping the least recently seen first', () => {
    const { app, m } = pool({ cacheSize: 2 });
    m.update(1, [tx('a'), tx('b')]);
    m.update(2, [tx('c')]);
    // "a" fell out of the cache: it reaches CheckTx again (where the real app refuses a replay by its sequence).
    expect(m.checkTx(tx('a')).code).toBe(0);
    expect(app.calls).toEqual(['reset', 'reset', 'new:a']);
    // Seeing "a" again made it the most recent; "b" fell out, "c" is still refused.
    expect(() => m.checkTx(tx('c'))).toThrow(MempoolError);
  });

  it('refuses a tx still in the pool even after the bounded cache forgot it, and keeps its byte count right', () => {
    const { app, m } = pool({ cacheSize: 1 });
    m.checkTx(tx('aaaa'));
    m.checkTx(tx('bb'));
    expect(() => m.checkTx(tx('aaaa'))).toThrow(MempoolError);
    expect(app.calls).toEqual(['new:aaaa', 'new:bb']);
    expect([m.size(), m.totalBytes()]).toEqual([2, 6]);
  });
});
