/**
 * The mempool's admission queue: txs are checked in arrival order after their batch is pre-verified, each caller gets
 * its own answer or error, and CheckTx work is cut into slices with an event-loop turn between them.
 */
import { describe, expect, it } from '@jest/globals';
import { TxAdmission } from '../../../chain/mempool/admission.js';

const tx = (i: number) => Uint8Array.of(i);

describe('TxAdmission', () => {
  it('pre-verifies each batch before checking it, and checks txs in arrival order', async () => {
    const log: string[] = [];
    const a = new TxAdmission(
      { maxBatch: 3, sliceMs: 1000 },
      {
        preVerify: async (txs) => {
          log.push(`verify ${txs.map((t) => t[0]).join(',')}`);
        },
      },
    );
    const check = (t: Uint8Array) => {
      log.push(`check ${t[0]}`);
      return t[0]! * 10;
    };
    const answers = await Promise.all([1, 2, 3, 4, 5].map((i) => a.submit(tx(i), check)));
    expect(answers).toEqual([10, 20, 30, 40, 50]);
    expect(log.filter((l) => l.startsWith('check'))).toEqual(['check 1', 'check 2', 'check 3', 'check 4', 'check 5']);
    // Every tx's batch was verified before the tx was checked.
    for (const i of [1, 2, 3, 4, 5]) {
      const v = log.findIndex((l) => l.startsWith('verify') && l.split(' ')[1]!.split(',').includes(String(i)));
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(log.indexOf(`check ${i}`));
    }
    expect(a.pending()).toBe(0);
  });

  it("a check that throws rejects that tx's caller only", async () => {
    const a = new TxAdmission({ maxBatch: 10, sliceMs: 1000 }, { preVerify: async () => undefined });
    const check = (t: Uint8Array) => {
      if (t[0] === 2) throw new Error('tx already exists in cache');
      return 'ok';
    };
    const r = await Promise.allSettled([1, 2, 3].map((i) => a.submit(tx(i), check)));
    expect(r.map((x) => x.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('a failing pre-verification still lets CheckTx decide', async () => {
    const a = new TxAdmission({ maxBatch: 10, sliceMs: 1000 }, { preVerify: () => Promise.reject(new Error('x')) });
    await expect(a.submit(tx(1), () => 'checked')).resolves.toBe('checked');
  });

  it('yields an event-loop turn whenever a slice of CheckTx has used its time', async () => {
    let clock = 0;
    let turns = 0;
    const a = new TxAdmission(
      { maxBatch: 100, sliceMs: 5 },
      {
        preVerify: async () => undefined,
        now: () => clock,
        yieldTurn: async () => {
          turns++;
        },
      },
    );
    // Each check takes 2 ms of the fake clock: slices of three checks, so 9 checks need 3 yields after the first turn.
    const check = () => {
      clock += 2;
      return true;
    };
    await Promise.all(Array.from({ length: 9 }, (_, i) => a.submit(tx(i), check)));
    expect(turns).toBe(1 + 3);
  });
});
