import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { toHexLower } from '../../../../chain/types/bytes.js';
import { ResponseStore } from '../../../../node/inference/net/response-store.js';

const id = (i: number) => new Uint8Array(32).fill(i);
const entry = (i: number) => ({
  id: toHexLower(id(i)),
  promptTokens: 3,
  tokens: [{ id: 65 + i, logprob: -0.25, top: [{ id: 65 + i, logprob: -0.25 }] }],
  finishReason: 'stop',
  responseHash: 'ab'.repeat(32),
});

describe('ResponseStore: the executor keeps outputs while validation may ask, bounded on disk', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'race-store-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('stores tokens and logprobs by id and finds them again after a restart', () => {
    const dir = tmp();
    const s = new ResponseStore({ dir }, { nowMs: () => 1000, onChain: () => true });
    s.put(entry(1));
    expect(s.get(id(1))).toEqual({ ...entry(1), storedAtMs: 1000 });
    expect(s.get(id(2))).toBeUndefined();
    fs.writeFileSync(path.join(dir, 'junk.json.tmp'), 'half a write');
    const again = new ResponseStore({ dir }, { nowMs: () => 2000, onChain: () => true });
    expect(again.get(id(1))?.tokens).toEqual(entry(1).tokens);
    expect(fs.readdirSync(dir)).toEqual([`${toHexLower(id(1))}.json`]);
  });

  it('drops an entry once the chain pruned its record and the minimum retention passed, never before', () => {
    let now = 0;
    const onChain = new Set([1, 2, 3].map((i) => toHexLower(id(i))));
    const s = new ResponseStore(
      { dir: tmp(), minRetentionMs: 100 },
      { nowMs: () => now, onChain: (x) => onChain.has(toHexLower(x)) },
    );
    for (const i of [1, 2, 3]) s.put(entry(i));
    onChain.delete(toHexLower(id(1)));
    expect(s.prune()).toBe(0); // too young
    now = 101;
    expect(s.prune()).toBe(1);
    expect([1, 2, 3].map((i) => s.has(id(i)))).toEqual([false, true, true]);
  });

  it('keeps at most maxEntries, dropping the oldest first', () => {
    let now = 0;
    const s = new ResponseStore({ dir: tmp(), maxEntries: 2 }, { nowMs: () => now++, onChain: () => true });
    for (const i of [1, 2, 3]) s.put(entry(i));
    expect(s.size).toBe(2);
    expect([1, 2, 3].map((i) => s.has(id(i)))).toEqual([false, true, true]);
  });
});
