import { describe, expect, it } from '@jest/globals';
import type { CheckTxResult } from '../../../chain/abci.js';
import { Mempool, MempoolError } from '../../../chain/mempool/mempool.js';
import { silentLogger } from '../../../chain/util/log.js';

/** A fake app whose CheckTx enforces per-sender sequences against a resettable check state, like the real one. */
class SeqApp {
  committed = new Map<string, number>();
  check = new Map<string, number>();
  resets = 0;
  checkTx(tx: Uint8Array): CheckTxResult {
    const [sender, seq] = new TextDecoder().decode(tx).split(':') as [string, string];
    const expected = this.check.get(sender) ?? this.committed.get(sender) ?? 0;
    if (Number(seq) !== expected)
      return {
        code: 32,
        codespace: 'sdk',
        log: `expected ${expected}, got ${seq}`,
        gasWanted: 0n,
        gasUsed: 0n,
        events: [],
      };
    this.check.set(sender, expected + 1);
    return { code: 0, codespace: '', log: '', gasWanted: 10n, gasUsed: 5n, events: [] };
  }
  resetCheckState(): void {
    this.check = new Map();
    this.resets++;
  }
}

const tx = (s: string) => new TextEncoder().encode(s);
const opts = { maxTxs: 3, maxTotalBytes: 1000, maxTxBytes: 10, cacheSize: 100 };

describe('Mempool', () => {
  it('keeps txs that pass CheckTx in arrival order and reaps within byte and gas limits', () => {
    const m = new Mempool(opts, { app: new SeqApp(), log: silentLogger() });
    expect(m.checkTx(tx('a:0')).code).toBe(0);
    expect(m.checkTx(tx('a:1')).code).toBe(0);
    expect(m.checkTx(tx('a:5')).code).toBe(32);
    expect(m.size()).toBe(2);
    expect(m.reap(1000).map((t) => new TextDecoder().decode(t))).toEqual(['a:0', 'a:1']);
    expect(m.reap(4)).toHaveLength(1);
    expect(m.reap(1000, 10n)).toHaveLength(1);
  });

  it('refuses duplicates, oversize txs and a full pool', () => {
    const m = new Mempool(opts, { app: new SeqApp(), log: silentLogger() });
    m.checkTx(tx('a:0'));
    expect(() => m.checkTx(tx('a:0'))).toThrow(MempoolError);
    expect(m.checkTx(tx('a-very-long-tx')).code).toBe(21);
    m.checkTx(tx('b:0'));
    m.checkTx(tx('c:0'));
    expect(m.checkTx(tx('d:0')).code).toBe(20);
  });

  it('after a block drops committed txs and re-checks the rest from a fresh check state, so later txs of a sender still fit', () => {
    const app = new SeqApp();
    const m = new Mempool(opts, { app, log: silentLogger() });
    m.checkTx(tx('a:0'));
    m.checkTx(tx('a:1'));
    app.committed.set('a', 1);
    m.update(1, [tx('a:0')]);
    expect(app.resets).toBe(1);
    expect(m.size()).toBe(1);
    expect(m.checkTx(tx('a:2')).code).toBe(0);
    expect(() => m.checkTx(tx('a:0'))).toThrow('tx already exists in cache');
  });
});
