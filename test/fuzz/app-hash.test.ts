/**
 * "App hash unchanged after every rejected input", literally: two identical chains, one finalizes a block full of
 * fuzzed txs that its ante rejects, the other an empty block; their committed app hashes must be equal.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { CacheStore } from '../../chain/store/cache.js';
import { startAppFixture, type AppFixture } from './targets/app-fixture.js';
import { byteInput } from './targets/mutate.js';
import { Rng } from './targets/rng.js';

let a: AppFixture;
let b: AppFixture;

beforeAll(async () => {
  a = await startAppFixture();
  b = await startAppFixture();
});
afterAll(async () => {
  await a.chain.stop();
  await b.chain.stop();
});

const hashOf = (f: AppFixture) => Buffer.from(f.chain.app.info().lastBlockAppHash).toString('hex');

it('a block of rejected fuzzed txs commits the same app hash as an empty block', async () => {
  expect(hashOf(a)).toBe(hashOf(b));
  const rng = new Rng(77);
  const rejected: Uint8Array[] = [];
  while (rejected.length < 300) {
    const tx = byteInput(a.seeds, rng);
    const ctx = a.chain.app.queryContext();
    const r = a.chain.app.runTx('deliver', tx, ctx.store as CacheStore, { ...ctx.block, height: ctx.block.height + 1 });
    // Only txs the ante (or decoder) rejects: a tx failing in its messages still pays fee and sequence, as in the SDK.
    if (r.code !== 0 && !r.log.startsWith('failed to execute message')) rejected.push(tx);
  }
  const { txs } = await a.chain.block(rejected);
  await b.chain.block([]);
  expect(txs.every((t) => t.code !== 0)).toBe(true);
  expect(hashOf(a)).toBe(hashOf(b));
  // The comparison can fail: one accepted tx (the signed bank send seed) does move the hash.
  const [sent] = (await a.chain.block([a.seeds[0]!])).txs;
  await b.chain.block([]);
  expect(sent!.code).toBe(0);
  expect(hashOf(a)).not.toBe(hashOf(b));
});
