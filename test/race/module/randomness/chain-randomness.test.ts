import { describe, expect, it } from '@jest/globals';
import { sha256 } from '@noble/hashes/sha2.js';
import { chainRandomness, EpochRandomness, randomnessId } from '../../../../race/module/randomness/chain-randomness.js';
import { RANDOMNESS_DOMAINS, type RandomnessDomain } from '../../../../race/module/randomness/domains.js';

const beacon = sha256(new TextEncoder().encode('beacon output'));
const id = new TextEncoder().encode('participant');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('chainRandomness', () => {
  it('is deterministic and 32 bytes', () => {
    const a = chainRandomness(beacon, 7n, RANDOMNESS_DOMAINS.raceDisputeSample, id);
    expect(a).toHaveLength(32);
    expect(
      hex(chainRandomness(Uint8Array.from(beacon), 7n, RANDOMNESS_DOMAINS.raceDisputeSample, Uint8Array.from(id))),
    ).toBe(hex(a));
  });

  it('separates every domain, epoch, id and beacon output', () => {
    const outs = new Set<string>();
    const domains = Object.values(RANDOMNESS_DOMAINS);
    for (const d of domains)
      for (const e of [0n, 1n, (1n << 64n) - 1n])
        for (const i of [id, new Uint8Array(0), Uint8Array.of(0)]) outs.add(hex(chainRandomness(beacon, e, d, i)));
    expect(outs.size).toBe(domains.length * 3 * 3);
    const other = sha256(beacon);
    expect(hex(chainRandomness(other, 7n, RANDOMNESS_DOMAINS.raceDisputeSample, id))).not.toBe(
      hex(chainRandomness(beacon, 7n, RANDOMNESS_DOMAINS.raceDisputeSample, id)),
    );
  });

  it('has no two domains with the same string, and refuses unregistered ones', () => {
    const values = Object.values(RANDOMNESS_DOMAINS);
    expect(new Set(values).size).toBe(values.length);
    expect(() => chainRandomness(beacon, 1n, 'race/v1/assign' as RandomnessDomain, id)).toThrow(
      /unknown randomness domain/,
    );
  });

  it('refuses bad input with a clear error', () => {
    expect(() => chainRandomness(beacon.subarray(0, 31), 1n, RANDOMNESS_DOMAINS.raceDisputeSample, id)).toThrow(
      /32 bytes/,
    );
    expect(() => chainRandomness(beacon, -1n, RANDOMNESS_DOMAINS.raceDisputeSample, id)).toThrow(/u64/);
    expect(() => chainRandomness(beacon, 1n << 64n, RANDOMNESS_DOMAINS.raceDisputeSample, id)).toThrow(/u64/);
  });

  it('frames multi-part ids so that a shifted boundary is a different id', () => {
    const enc = new TextEncoder();
    expect(hex(randomnessId(enc.encode('ab'), enc.encode('c')))).not.toBe(
      hex(randomnessId(enc.encode('a'), enc.encode('bc'))),
    );
  });

  it('takes no block hash: the API has no place for one, so a proposer that grinds its block changes nothing', () => {
    // chainRandomness(beaconOutput, epoch, domain, id) is the whole input; EpochRandomness is built from the beacon
    // record alone. The adversarial grinding test (test/race/module/dispute/adversaries.test.ts) drives this through
    // the dispute machine.
    expect(chainRandomness.length).toBe(4);
    const r = EpochRandomness.of({ output: beacon, fallback: false }, 3n)!;
    expect(hex(r.bytes(RANDOMNESS_DOMAINS.inferenceExecutor, id))).toBe(
      hex(chainRandomness(beacon, 3n, RANDOMNESS_DOMAINS.inferenceExecutor, id)),
    );
    expect(r.draw(RANDOMNESS_DOMAINS.inferenceExecutor, id).below(1000n)).toBe(
      r.draw(RANDOMNESS_DOMAINS.inferenceExecutor, id).below(1000n),
    );
  });

  it('refuses a fallback beacon output (grindable by the last proposer)', () => {
    expect(EpochRandomness.of({ output: beacon, fallback: true }, 3n)).toBeUndefined();
    expect(() => EpochRandomness.of({ output: beacon.subarray(1), fallback: false }, 3n)).toThrow(/32 bytes/);
  });
});
