import { describe, expect, it } from '@jest/globals';
import { Miner } from '../../../race/engine/miner.js';
import { TEST_CONFIG } from '../../../race/engine/config.js';
import { raceKeyFromPrivKey } from '../../../node/race/race-key.js';
import { OffThreadVerifier } from '../../../node/race/off-thread-verifier.js';

const seed = new Uint8Array(32).fill(0x42);
const key = raceKeyFromPrivKey(new Uint8Array(32).fill(8));
const other = raceKeyFromPrivKey(new Uint8Array(32).fill(9));

describe('OffThreadVerifier', () => {
  it('passes nonces a real miner found, fails them for another participant and fails unfound nonces', async () => {
    const miner = new Miner({
      config: TEST_CONFIG,
      epochSeed: seed,
      publicKey: key.pubKey,
      device: 'cpu',
      maxNonces: 6000,
    });
    const found: bigint[] = [];
    miner.on('proof', (p: { nonce: bigint }) => found.push(p.nonce));
    await miner.start();
    await miner.finished();
    expect(found.length).toBeGreaterThan(0);
    const sample = found.slice(0, 4);
    const out = await new OffThreadVerifier().run({
      config: TEST_CONFIG,
      epochSeed: seed,
      device: 'cpu',
      threads: 1,
      participants: [
        { address: key.address, publicKey: key.pubKey, nonces: [...sample, sample[0]!] },
        { address: other.address, publicKey: other.pubKey, nonces: sample },
        { address: 'bad', publicKey: new Uint8Array(33), nonces: [1n] },
      ],
    });
    expect(out[0]!.results.map((r) => r.pass)).toEqual([...sample.map(() => true), false]); // the repeat is a duplicate
    expect(out[0]!.results[4]!.distance).toBeNull();
    // The same nonces bound to another key are (almost surely) not appropriate: 1/900 each.
    expect(out[1]!.results.filter((r) => r.pass).length).toBeLessThan(sample.length);
    expect(out[2]!.error).toBeDefined();
  });

  it('rejects when the worker fails or exits without an answer', async () => {
    const fake = (emit: (fns: Record<string, (x: any) => void>) => void) =>
      new OffThreadVerifier({
        createWorker: () => {
          const fns: Record<string, (x: any) => void> = {};
          const h = {
            on: (ev: string, fn: (x: any) => void) => {
              fns[ev] = fn;
              return h;
            },
          };
          queueMicrotask(() => emit(fns));
          return h;
        },
      });
    const job = { config: TEST_CONFIG, epochSeed: seed, device: 'cpu' as const, threads: 1, participants: [] };
    await expect(fake((f) => f.message!({ type: 'error', message: 'boom' })).run(job)).rejects.toThrow(/boom/);
    await expect(fake((f) => f.exit!(1)).run(job)).rejects.toThrow(/exited with code 1/);
  });
});
