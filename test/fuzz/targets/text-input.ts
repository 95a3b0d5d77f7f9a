/**
 * Text and JSON inputs for the targets a stranger reaches with JSON or a URL: fast-check arbitraries drawn with a
 * seed from the run's Rng (so runs stay deterministic), biased towards the values these parsers care about.
 */
import fc from 'fast-check';
import type { Rng } from './rng.js';

const HASH = 'a3f1c0de'.repeat(8);
const B64_TX = Buffer.from('0a02080112020801').toString('base64');

/** Strings a parameter parser must survive: edges of int64 and safe integers, hex/base64 forms, quoted URI forms. */
export const TRICKY_STRINGS: readonly string[] = [
  '',
  ' ',
  '0',
  '1',
  '-1',
  '3',
  '01',
  '+1',
  '1e3',
  '1.5',
  '0x',
  '0x1',
  '9007199254740991',
  '9007199254740992',
  '9223372036854775807',
  '-9223372036854775808',
  '18446744073709551616',
  '99999999999999999999999999',
  'NaN',
  'Infinity',
  'true',
  'false',
  'null',
  HASH,
  HASH.toUpperCase(),
  `0x${HASH}`,
  HASH.slice(1),
  B64_TX,
  `${B64_TX}=`,
  '====',
  '"',
  '""',
  '"x"',
  '"\\u0000"',
  '%',
  '%zz',
  '%E0%A4%A',
  '\u0000',
  '\ud800',
  '😀',
  'a'.repeat(5000),
  'race1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq7d0wz',
  'nicoin',
  '1nicoin',
  'desc',
  'asc',
  "tm.event='Tx'",
  "tm.event='NewBlock' AND block.height > 2",
  "tx.height=1 AND message.sender CONTAINS 'x'",
];

const tricky = fc.constantFrom(...TRICKY_STRINGS);
const scalar = fc.oneof(
  { weight: 4, arbitrary: tricky },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, true, false, -0, Number.MAX_SAFE_INTEGER + 2, 2 ** 64, -1) },
);

/** A value as it appears in a URL: always text. */
export const textValue: fc.Arbitrary<string> = fc.oneof(tricky, fc.string({ maxLength: 40 }), fc.integer().map(String));

/** A JSON-ish value: mostly scalars, sometimes arrays and objects (what JSON.parse can give a handler). */
export const jsonish: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.oneof(tricky, fc.string({ maxLength: 8 })), scalar, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** One value of `arb` whose fast-check seed comes from the run's Rng. */
export function draw<T>(arb: fc.Arbitrary<T>, rng: Rng): T {
  return fc.sample(arb, { seed: rng.u32() | 0, numRuns: 1 })[0]!;
}

/** A string mutated from a pool: character edits, splices and repeats (for query languages and paths). */
export function mutateText(pool: readonly string[], rng: Rng): string {
  let s = rng.pick(pool);
  const n = 1 + rng.below(3);
  for (let i = 0; i < n; i++) {
    const at = rng.below(s.length + 1);
    switch (rng.below(6)) {
      case 0:
        s = s.slice(0, at) + s.slice(at + 1 + rng.below(8));
        break;
      case 1:
        s =
          s.slice(0, at) +
          rng.pick([
            "'",
            '"',
            ' ',
            '=',
            '<',
            '>=',
            ' AND ',
            'CONTAINS',
            'EXISTS',
            'TIME ',
            'DATE ',
            '.',
            '-',
            '9',
            '\\',
            '\u0000',
            '😀',
          ]) +
          s.slice(at);
        break;
      case 2:
        s = s.slice(0, at) + rng.pick(pool).slice(rng.below(40));
        break;
      case 3:
        s = s.slice(0, at) + s.slice(at, at + 1 + rng.below(20)).repeat(1 + rng.below(50)) + s.slice(at);
        break;
      case 4:
        s = s.slice(0, at) + String.fromCharCode(rng.below(0x10000)) + s.slice(at);
        break;
      default:
        s = s.slice(0, at);
    }
  }
  return s;
}
