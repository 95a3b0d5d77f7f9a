import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createLogger } from '../../../chain/util/log.js';
import {
  Miner,
  TEST_CONFIG,
  Verifier,
  cudaProviderLibrary,
  type FoundProof,
  type MinerStats,
} from '../../../race/engine/index.js';

const epochSeed = new Uint8Array(32).fill(0x71);
const nodeSeed = new Uint8Array(32).fill(0x17);

function capture(): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { logger: createLogger({ destination, pretty: false, level: 'info' }), lines };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !cond(); i++) await tick(25);
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

describe('Miner (worker thread)', () => {
  it('streams proofs that verify, reports its rate, pauses, resumes and stops between batches', async () => {
    const { logger, lines } = capture();
    const miner = new Miner(
      { config: TEST_CONFIG, epochSeed, nodeSeed, device: 'auto', threads: 1, batchSize: 128 },
      { logger },
    );
    const proofs: FoundProof[] = [];
    const stats: MinerStats[] = [];
    miner.on('proof', (p: FoundProof) => proofs.push(p));
    miner.on('stats', (s: MinerStats) => stats.push(s));
    const ready = await miner.start();
    expect(miner.state).toBe('running');
    if (cudaProviderLibrary() === null) {
      expect(ready.device).toBe('cpu');
      expect(lines.join('')).toMatch(/falling back to the CPU provider/);
    }
    expect(ready.submitBelow).toBeLessThan(ready.threshold);

    await until(() => proofs.length >= 3, 'three proofs');
    await miner.pause();
    expect(miner.state).toBe('paused');
    const pausedAt = miner.stats.tried;
    await tick(300);
    expect(miner.stats.tried).toBe(pausedAt);

    miner.resume();
    await until(() => miner.stats.tried > pausedAt, 'progress after resume');

    const final = await miner.stop();
    expect(miner.state).toBe('stopped');
    const after = stats.length;
    await tick(200);
    expect(stats.length).toBe(after);
    expect(final.tried).toBeGreaterThan(pausedAt);
    expect(final.found).toBe(proofs.length);
    expect(final.noncesPerSec).toBeGreaterThan(0);
    expect(final.nextNonce).toBe(BigInt(final.tried));
    for (const s of stats) expect(s.tried % 128).toBe(0);

    const verifier = await Verifier.create({ config: TEST_CONFIG, epochSeed });
    try {
      const report = await verifier.verify(
        { nodeSeed },
        proofs.map((p) => p.nonce),
      );
      expect(report.pass).toBe(true);
      report.results.forEach((r, i) => expect(r.distance).toBe(proofs[i].distance));
    } finally {
      await verifier.close();
    }
  });

  it('walks its own nonce range and stops by itself after maxNonces', async () => {
    const miner = new Miner({
      config: TEST_CONFIG,
      epochSeed,
      nodeSeed,
      device: 'cpu',
      batchSize: 100,
      startNonce: 5,
      nonceStep: 3,
      maxNonces: 250,
    });
    const seen: bigint[] = [];
    miner.on('proof', (p: FoundProof) => seen.push(p.nonce));
    await miner.start();
    const s = await miner.finished();
    expect(s.tried).toBe(250);
    expect(s.nextNonce).toBe(5n + 250n * 3n);
    for (const n of seen) expect((n - 5n) % 3n).toBe(0n);
  });

  it('fails clearly when cuda is demanded but unavailable', async () => {
    if (cudaProviderLibrary() !== null) return;
    const miner = new Miner({ config: TEST_CONFIG, epochSeed, nodeSeed, device: 'cuda' });
    await expect(miner.start()).rejects.toThrow(/cuda/);
    await miner.stop();
  });

  it('rejects bad options before starting a thread', () => {
    expect(() => new Miner({ config: TEST_CONFIG, epochSeed })).toThrow(/publicKey or a nodeSeed/);
    expect(() => new Miner({ config: TEST_CONFIG, epochSeed, nodeSeed, batchSize: 0 })).toThrow(/batchSize/);
    expect(() => new Miner({ config: TEST_CONFIG, epochSeed, nodeSeed, marginFrac: 2 })).toThrow(/marginFrac/);
    expect(() => new Miner({ config: TEST_CONFIG, epochSeed: new Uint8Array(3), nodeSeed })).toThrow(/32 bytes/);
  });
});
