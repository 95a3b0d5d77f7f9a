import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toHex } from '@cosmjs/encoding';
import { CacheStore } from '../../../chain/store/cache.js';
import { CommitStore } from '../../../chain/store/commit-store.js';
import { ChainDb } from '../../../chain/store/db.js';
import { utf8, type KVStore } from '../../../chain/store/kv.js';
import { toHexLower } from '../../../chain/types/bytes.js';
import { EMPTY_ROOT, MerkleTree } from '../../../chain/store/merkle.js';
import { PrefixStore } from '../../../chain/store/prefix.js';
import { SortedStore } from '../../../chain/store/sorted-store.js';

const b = (s: string) => utf8(s);
const entries = (s: KVStore, start?: string, end?: string, reverse = false) =>
  [...s.iterate(start ? b(start) : undefined, end ? b(end) : undefined, reverse)].map(
    ([k, v]) => `${new TextDecoder().decode(k)}=${new TextDecoder().decode(v)}`,
  );

describe('SortedStore and CacheStore', () => {
  it('iterates in byte order over [start, end), both directions', () => {
    const s = new SortedStore();
    for (const k of ['b', 'a', 'd', 'c']) s.set(b(k), b(k.toUpperCase()));
    expect(entries(s)).toEqual(['a=A', 'b=B', 'c=C', 'd=D']);
    expect(entries(s, 'b', 'd')).toEqual(['b=B', 'c=C']);
    expect(entries(s, 'b', 'd', true)).toEqual(['c=C', 'b=B']);
    expect(entries(s, undefined, undefined, true)).toEqual(['d=D', 'c=C', 'b=B', 'a=A']);
  });

  it('a branch shadows, deletes and merges iteration; dropping it leaves the parent unchanged', () => {
    const s = new SortedStore();
    for (const k of ['a', 'c', 'e']) s.set(b(k), b('1'));
    const c = new CacheStore(s);
    c.set(b('b'), b('2'));
    c.delete(b('c'));
    c.set(b('e'), b('3'));
    expect(entries(c)).toEqual(['a=1', 'b=2', 'e=3']);
    expect(entries(c, undefined, undefined, true)).toEqual(['e=3', 'b=2', 'a=1']);
    expect(entries(s)).toEqual(['a=1', 'c=1', 'e=1']);
    const nested = c.branch();
    nested.set(b('f'), b('4'));
    nested.write();
    c.write();
    expect(entries(s)).toEqual(['a=1', 'b=2', 'e=3', 'f=4']);
  });

  it('matches a reference map under random operations (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 9 })), {
          maxLength: 80,
        }),
        (ops) => {
          const base = new SortedStore();
          const ref = new Map<string, string>();
          for (let i = 0; i < 10; i++) {
            base.set(b(`k${i * 3}`), b('0'));
            ref.set(`k${i * 3}`, '0');
          }
          const c = new CacheStore(base);
          for (const [del, k, v] of ops) {
            if (del) {
              c.delete(b(`k${k}`));
              ref.delete(`k${k}`);
            } else {
              c.set(b(`k${k}`), b(String(v)));
              ref.set(`k${k}`, String(v));
            }
          }
          const want = [...ref.entries()].sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, v]) => `${k}=${v}`);
          expect(entries(c)).toEqual(want);
          expect(entries(c, undefined, undefined, true)).toEqual([...want].reverse());
        },
      ),
    );
  });

  it('a prefix store sees only its slice', () => {
    const s = new SortedStore();
    const p = new PrefixStore(s, b('bank/'));
    p.set(b('x'), b('1'));
    s.set(b('auth/x'), b('2'));
    expect(entries(p)).toEqual(['x=1']);
    expect(s.get(b('bank/x'))).toEqual(b('1'));
  });
});

describe('MerkleTree', () => {
  it('has a root that depends only on the final key set, not on the order of writes or on deleted keys', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 40 }),
        fc.integer(),
        (keys, seed) => {
          const a = new MerkleTree();
          keys.forEach((k) => a.set(b(k), b(k + '!')));
          const shuffled = [...keys].sort(() => 0).reverse();
          const t = new MerkleTree();
          t.set(b('ghost' + seed), b('x'));
          shuffled.forEach((k) => t.set(b(k), b(k + '!')));
          t.delete(b('ghost' + seed));
          if (keys.includes('ghost' + seed)) return;
          expect(toHex(t.rootHash())).toBe(toHex(a.rootHash()));
        },
      ),
    );
  });

  it('changes when any value changes and returns to empty when all keys are removed', () => {
    const t = new MerkleTree();
    expect(t.rootHash()).toEqual(EMPTY_ROOT);
    t.set(b('a'), b('1'));
    t.set(b('b'), b('2'));
    const r1 = toHex(t.rootHash());
    t.set(b('b'), b('3'));
    expect(toHex(t.rootHash())).not.toBe(r1);
    t.set(b('b'), b('2'));
    expect(toHex(t.rootHash())).toBe(r1);
    t.delete(b('a'));
    t.delete(b('b'));
    expect(t.rootHash()).toEqual(EMPTY_ROOT);
  });
});

describe('CommitStore', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'race-store-'));

  it('persists commits atomically and reloads to the same app hash', async () => {
    const dir = tmp();
    let db = await ChainDb.open(dir);
    let store = await CommitStore.open(db);
    const c = new CacheStore(store.base());
    c.set(b('a'), b('1'));
    c.set(b('b'), b('2'));
    const hash = store.stage(c.changes());
    await store.commit(1, c.changes());
    const c2 = new CacheStore(store.base());
    c2.delete(b('a'));
    c2.set(b('c'), b('3'));
    const hash2 = store.stage(c2.changes());
    expect(toHex(hash2)).not.toBe(toHex(hash));
    await store.commit(2, c2.changes());
    await db.close();

    db = await ChainDb.open(dir);
    store = await CommitStore.open(db);
    expect(store.lastCommit().height).toBe(2);
    expect(toHex(store.lastCommit().appHash)).toBe(toHex(hash2));
    expect(entries(store.base())).toEqual(['b=2', 'c=3']);
    await db.close();
  });

  it('refuses to open a state whose contents do not match the committed root', async () => {
    const dir = tmp();
    let db = await ChainDb.open(dir);
    const store = await CommitStore.open(db);
    const c = new CacheStore(store.base());
    c.set(b('a'), b('1'));
    store.stage(c.changes());
    await store.commit(1, c.changes());
    await db.sub('s').put(b('a'), b('tampered'));
    await db.close();
    db = await ChainDb.open(dir);
    await expect(CommitStore.open(db)).rejects.toThrow(/corrupt/);
    await db.close();
  });

  it('hex keys sort like bytes', () => {
    expect(toHexLower(Uint8Array.of(0x0f)) < toHexLower(Uint8Array.of(0x10))).toBe(true);
  });
});
