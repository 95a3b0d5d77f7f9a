import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodeConsensusMessage, encodeConsensusMessage } from '../../../chain/consensus/message-codec.js';
import { VoteType } from '../../../chain/types/vote.js';
import { FileWal, decodeWalRecord, encodeWalRecord, scanFrames, type WalRecord } from '../../../chain/consensus/wal.js';
import { tmpDir } from './helpers.js';

const vote = (round: number): WalRecord => ({
  type: 'message',
  own: true,
  msg: {
    type: 'vote',
    vote: {
      type: VoteType.Prevote,
      height: 3,
      round,
      blockId: null,
      timestampNs: 5n,
      validatorAddress: new Uint8Array(20).fill(1),
      validatorIndex: 0,
      signature: new Uint8Array(64).fill(2),
    },
  },
});

function walWith(records: WalRecord[]): string {
  const dir = path.join(tmpDir('wal'), 'cs.wal');
  const w = new FileWal({ dir });
  for (const r of records) w.writeSync(r);
  w.close();
  return dir;
}

describe('consensus WAL', () => {
  it('round-trips records and finds the records after an end-height marker', () => {
    const recs: WalRecord[] = [
      { type: 'endHeight', height: 2 },
      vote(0),
      { type: 'timeout', height: 3, round: 0, step: 'propose' },
      vote(1),
    ];
    for (const r of recs) expect(decodeWalRecord(encodeWalRecord(r))).toEqual(r);
    const dir = walWith(recs);
    const w = new FileWal({ dir });
    expect(w.recordsAfterEndHeight(2)).toEqual(recs.slice(1));
    expect(w.recordsAfterEndHeight(7)).toBeNull();
    w.close();
  });

  it('recovers from a torn tail cut at every byte offset of the last record', () => {
    const recs: WalRecord[] = [{ type: 'endHeight', height: 2 }, vote(0), vote(1)];
    const dir = walWith(recs);
    const file = path.join(dir, 'wal');
    const full = fs.readFileSync(file);
    const lastStart = full.length - (encodeWalRecord(vote(1)).length + 8);
    for (let cut = lastStart + 1; cut < full.length; cut++) {
      fs.writeFileSync(file, full.subarray(0, cut));
      const w = new FileWal({ dir });
      expect(w.repaired).toMatch(/torn final record/);
      expect(w.recordsAfterEndHeight(2)).toEqual([vote(0)]);
      w.writeSync(vote(5));
      expect(w.recordsAfterEndHeight(2)).toEqual([vote(0), vote(5)]);
      w.close();
      expect(fs.statSync(file).size).toBe(lastStart + encodeWalRecord(vote(5)).length + 8);
    }
  });

  it('detects a flipped byte: cut when it is in the last record, refuse to start when records follow', () => {
    const recs: WalRecord[] = [{ type: 'endHeight', height: 2 }, vote(0), vote(1)];
    const dir = walWith(recs);
    const file = path.join(dir, 'wal');
    const full = new Uint8Array(fs.readFileSync(file));
    const tail = full.slice();
    tail[tail.length - 3]! ^= 0xff;
    fs.writeFileSync(file, tail);
    const w = new FileWal({ dir });
    expect(w.repaired).toMatch(/checksum mismatch/);
    expect(w.recordsAfterEndHeight(2)).toEqual([vote(0)]);
    w.close();
    const middle = full.slice();
    middle[20]! ^= 0xff;
    fs.writeFileSync(file, middle);
    expect(() => new FileWal({ dir })).toThrow(/corrupted at byte .* not a torn write/);
  });

  it('compacts to the last end-height marker when it grows too big', () => {
    const dir = path.join(tmpDir('wal'), 'cs.wal');
    const w = new FileWal({ dir, maxBytes: 500 });
    for (let h = 1; h < 20; h++) {
      w.writeSync(vote(h));
      w.writeSync({ type: 'endHeight', height: h });
    }
    expect(fs.statSync(path.join(dir, 'wal')).size).toBeLessThan(700);
    expect(w.recordsAfterEndHeight(19)).toEqual([]);
    w.close();
  });

  it('never crashes on random bytes: frame scanning and message decoding fail cleanly', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const scan = scanFrames(bytes);
        expect(scan.goodLength).toBeLessThanOrEqual(bytes.length);
        try {
          const m = decodeConsensusMessage(bytes);
          expect(decodeConsensusMessage(encodeConsensusMessage(m)).type).toBe(m.type);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
