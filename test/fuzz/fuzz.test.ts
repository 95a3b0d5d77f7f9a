/**
 * CI tier of the fuzzers: every target for a fixed number of inputs from a fixed seed, with zero findings (no
 * engine error, no state change on a rejected input). Counts are small so the file stays well under 30 s on a
 * loaded 2-core machine; `npm run fuzz` runs the same targets for millions of inputs. No clock is read here.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { TARGETS } from './targets/index.js';
import { runTarget } from './targets/run.js';
import type { FuzzTarget } from './targets/target.js';

const SEED = 20261202;
/** Inputs per target: the app-backed ones cost about ten times a pure decoder's input, an HTTP round trip more. */
const EXECS: Record<string, number> = { ante: 1500, evidence: 4000, rest: 1500, 'rpc-live': 300, 'rest-live': 300 };
const DEFAULT_EXECS = 8000;

const open: FuzzTarget[] = [];
afterAll(async () => {
  for (const t of open) await t.close?.();
});

describe('fuzz targets (fixed seed, fixed count)', () => {
  for (const [name, factory] of TARGETS) {
    it(`${name}: no crash and no state change`, async () => {
      const target = await factory();
      open.push(target);
      const res = await runTarget(target, { seed: SEED, maxExecs: EXECS[name] ?? DEFAULT_EXECS });
      expect(res.findings).toEqual([]);
      expect(res.execs).toBe(EXECS[name] ?? DEFAULT_EXECS);
    });
  }
});
