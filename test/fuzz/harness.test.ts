/**
 * The fuzz harness itself: the classifier tells a decoder's own rejection from an engine error, the loop reports a
 * planted bug with the failing input, and a run is a pure function of its seed (so a printed seed replays).
 */
import { describe, expect, it } from '@jest/globals';
import { mutate, nested } from './targets/mutate.js';
import { Rng } from './targets/rng.js';
import { runTarget } from './targets/run.js';
import { engineFault, expectRejectionOnly, FuzzFinding, hexOf, type FuzzTarget } from './targets/target.js';

describe('engineFault', () => {
  it('passes deliberate rejections, including BinaryReader truncation errors wrapped as causes', () => {
    expect(
      engineFault(new Error('malformed consensus message: x', { cause: new RangeError('premature EOF') })),
    ).toBeUndefined();
    expect(engineFault(new Error('x', { cause: new RangeError('index out of range: 3 + 10 > 5') }))).toBeUndefined();
  });

  it('finds engine errors anywhere in the cause chain or behind a wrapped message', () => {
    expect(engineFault(new Error('wrap', { cause: new TypeError('x') }))).toBeInstanceOf(TypeError);
    expect(engineFault(new RangeError('Maximum call stack size exceeded'))).toBeInstanceOf(RangeError);
    expect(engineFault(new Error("tx parse error: Cannot read properties of undefined (reading 'x')"))).toBeDefined();
    expect(engineFault('a string')).toBeDefined();
  });

  it('expectRejectionOnly lets the expected class through and turns anything else into a finding', () => {
    class MyError extends Error {}
    expect(() =>
      expectRejectionOnly(
        () => {
          throw new MyError('no');
        },
        (e) => e instanceof MyError,
      ),
    ).not.toThrow();
    expect(() =>
      expectRejectionOnly(
        () => {
          throw new Error('other');
        },
        (e) => e instanceof MyError,
      ),
    ).toThrow(FuzzFinding);
    expect(() =>
      expectRejectionOnly(
        () => {
          throw new TypeError('boom');
        },
        () => true,
      ),
    ).toThrow(/engine error: TypeError/);
  });
});

describe('runTarget', () => {
  // A decoder with a planted bug: inputs starting with 0xff crash it.
  const planted: FuzzTarget<Uint8Array> = {
    name: 'planted',
    surface: 'test',
    generate: (rng) => rng.bytes(1 + rng.below(4)),
    exec: (b) =>
      expectRejectionOnly(
        () => {
          if (b[0] === 0xff) (undefined as unknown as { x: number }).x.toString();
          if (b[0]! > 0x80) throw new SyntaxError('rejected');
        },
        (e) => e instanceof SyntaxError,
      ),
    show: hexOf,
  };

  it('reports the planted bug with the failing input, and replays identically from the seed', async () => {
    const a = await runTarget(planted, { seed: 5, maxExecs: 5000 });
    const b = await runTarget(planted, { seed: 5, maxExecs: 5000 });
    // 5000 uniform first bytes all missing 0xff has probability (255/256)^5000 < 1e-8.
    expect(a.crashes).toBeGreaterThan(0);
    expect(a.findings[0]!.input.startsWith('ff')).toBe(true);
    expect(a.findings[0]!.message).toMatch(/TypeError/);
    expect(b).toEqual(a);
  });

  it('abandons an async input that never settles as a hang and goes on', async () => {
    const stuck = new WeakSet<Promise<void>>();
    const target: FuzzTarget<Uint8Array> = {
      name: 'stuck',
      surface: 'test',
      generate: (rng) => rng.bytes(1),
      exec(b) {
        if (b[0]! < 16) {
          const p = new Promise<void>(() => {});
          stuck.add(p);
          return p;
        }
        return Promise.resolve();
      },
      show: hexOf,
    };
    // The runner passes a timer; here the promises known never to settle stand for its expiry.
    const res = await runTarget(target, {
      seed: 2,
      maxExecs: 2000,
      hangMs: 1,
      settlesWithin: async (p) => !stuck.has(p),
    });
    expect(res.execs).toBe(2000);
    // 2000 uniform bytes all at 16 or above has probability (240/256)^2000 < 1e-50.
    expect(res.hangs).toBeGreaterThan(0);
    expect(res.crashes).toBe(0);
    expect(res.findings[0]!.message).toMatch(/still pending/);
  });
});

describe('runTarget timing (fake clock)', () => {
  it('counts an input slow only once as unconfirmed, and one slow twice as a hang', async () => {
    let t = 0;
    let calls = 0;
    const target = (slowTwice: boolean): FuzzTarget<Uint8Array> => ({
      name: 'slow',
      surface: 'test',
      generate: (rng) => rng.bytes(1),
      exec() {
        calls++;
        // The first exec "takes" 5 s; the retry of it takes 5 s again only when slowTwice.
        t += calls === 1 || (slowTwice && calls === 2) ? 5000 : 1;
      },
      show: hexOf,
    });
    const now = () => t;
    const once = await runTarget(target(false), { seed: 1, maxExecs: 3, now, hangMs: 1000 });
    expect([once.hangs, once.unconfirmedSlow]).toEqual([0, 1]);
    calls = 0;
    const twice = await runTarget(target(true), { seed: 1, maxExecs: 3, now, hangMs: 1000 });
    expect([twice.hangs, twice.unconfirmedSlow]).toEqual([1, 0]);
  });
});

describe('mutate', () => {
  it('is deterministic for a seed and builds the deep-nesting probe it claims', () => {
    const pool = [new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])];
    const run = (seed: number) => {
      const r = new Rng(seed);
      return Array.from({ length: 50 }, () => hexOf(mutate(pool, r)));
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
    expect(hexOf(nested(1, 2, new Uint8Array([9])))).toBe('0a030a0109');
  });
});
