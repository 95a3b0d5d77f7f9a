import { describe, expect, it } from '@jest/globals';
import { formatQuery, parseQuery, QuerySyntaxError } from '../../../chain/events/query.js';

describe('parseQuery: good queries', () => {
  it('parses a single string equality', () => {
    expect(parseQuery("tx.hash='ABCD'").conditions).toEqual([
      { tag: 'tx.hash', op: '=', arg: { kind: 'string', text: 'ABCD' } },
    ]);
  });

  it('parses what CosmJS sends for searchTx with tags', () => {
    const q = parseQuery("transfer.recipient='cosmos1cjsx' AND tx.height=3");
    expect(q.conditions).toHaveLength(2);
    expect(q.conditions[1]).toEqual({
      tag: 'tx.height',
      op: '=',
      arg: { kind: 'number', text: '3', value: { mant: 3n, scale: 0 } },
    });
  });

  it('parses every operator', () => {
    const q = parseQuery(
      "a.b < 1 AND a.b <= 2.5 AND a.b > 3 AND a.b >= 4 AND a.c CONTAINS 'x' AND a.d EXISTS AND a.e = 'y'",
    );
    expect(q.conditions.map((c) => c.op)).toEqual(['<', '<=', '>', '>=', 'CONTAINS', 'EXISTS', '=']);
    expect(q.conditions[1]!.arg).toEqual({ kind: 'number', text: '2.5', value: { mant: 25n, scale: 1 } });
    expect(q.conditions[5]!.arg).toBeUndefined();
  });

  it('parses TIME and DATE literals', () => {
    const q = parseQuery(
      'block.time >= TIME 2013-05-03T14:45:00Z AND block.day = DATE 2013-05-03 AND x.t < TIME 2013-05-03T16:45:00+02:00',
    );
    expect(q.conditions[0]!.arg).toEqual({
      kind: 'time',
      text: '2013-05-03T14:45:00Z',
      ns: BigInt(Date.UTC(2013, 4, 3, 14, 45)) * 1_000_000n,
    });
    expect(q.conditions[1]!.arg).toEqual({
      kind: 'date',
      text: '2013-05-03',
      ns: BigInt(Date.UTC(2013, 4, 3)) * 1_000_000n,
    });
    expect(q.conditions[2]!.arg).toMatchObject({ kind: 'time', ns: BigInt(Date.UTC(2013, 4, 3, 14, 45)) * 1_000_000n });
  });

  it('accepts lower-case and (Keplr) and any spacing', () => {
    const q = parseQuery("  tm.event='Tx'   and tx.hash = 'ab'AND message.sender='x'  ");
    expect(q.conditions.map((c) => c.tag)).toEqual(['tm.event', 'tx.hash', 'message.sender']);
  });

  it('keeps string values verbatim, including spaces, dots, slashes and unicode', () => {
    const q = parseQuery("message.action='/cosmos.bank.v1beta1.MsgSend' AND memo.text='héllo wörld = \"AND\" 😀'");
    expect(q.conditions[0]!.arg!.text).toBe('/cosmos.bank.v1beta1.MsgSend');
    expect(q.conditions[1]!.arg!.text).toBe('héllo wörld = "AND" 😀');
  });

  it('accepts tags with hyphens, underscores, digits and non-Latin letters', () => {
    const q = parseQuery("wasm-my_event.key_1='v' AND _x.y EXISTS AND 事件.键 EXISTS AND a9.k2 EXISTS");
    expect(q.conditions.map((c) => c.tag)).toEqual(['wasm-my_event.key_1', '_x.y', '事件.键', 'a9.k2']);
  });

  it('reads TIME or DATE not followed by a space as a tag (as CometBFT does)', () => {
    expect(parseQuery("TIME='x'").conditions[0]!.tag).toBe('TIME');
    expect(parseQuery("DATE='x'").conditions[0]!.tag).toBe('DATE');
  });

  it('formats canonically, and the canonical form parses to the same query', () => {
    const text =
      "tm.event='Tx' and transfer.amount>=5 AND a.t<TIME 2020-01-01T00:00:00Z AND a.d=DATE 2020-01-02 AND x.y EXISTS AND m.s CONTAINS 'ab'";
    const q = parseQuery(text);
    const canonical = formatQuery(q);
    expect(canonical).toBe(
      "tm.event = 'Tx' AND transfer.amount >= 5 AND a.t < TIME 2020-01-01T00:00:00Z AND a.d = DATE 2020-01-02 AND x.y EXISTS AND m.s CONTAINS 'ab'",
    );
    expect(parseQuery(canonical)).toEqual(q);
  });
});

describe('parseQuery: malformed queries get clear errors', () => {
  const bad: Array<[string, RegExp]> = [
    ['', /empty query/],
    ['   ', /empty query/],
    ['tx.height', /expected an operator/],
    ['tx.height =', /expected a value, got end of query/],
    ["tx.hash='abc", /unterminated string/],
    ["tx.height > 'x'", /> takes a number, TIME or DATE/],
    ['a.b CONTAINS 5', /CONTAINS takes a 'quoted string'/],
    ["a.b='x' OR a.c='y'", /expected AND, got tag "OR"/],
    ["a.b='x' a.c='y'", /expected AND, got tag "a.c"/],
    ["a.b='x' AND", /expected a tag/],
    ["AND a.b='x'", /expected a tag/],
    ["a.b=='x'", /expected a value, got op "="/],
    ["a.b!='x'", /unexpected character "!"/],
    ['a.b = "x"', /unexpected character "\\""/],
    ['(a.b = 1)', /unexpected character "\("/],
    ['a.b = TIME 2013-13-03T14:45:00Z', /invalid TIME value/],
    ['a.b = TIME 2013-05-03', /invalid TIME value/],
    ['a.b = DATE 2013-02-30', /invalid DATE value/],
    ['a.b = DATE 1800-01-01', /year 1800 out of range/],
    ['a.b = 1.2.3', /unexpected character "\."/],
    ['.a = 1', /unexpected character "\."/],
    ['9lives.k EXISTS', /expected a tag/],
    ['TIME EXISTS', /invalid TIME value/],
  ];
  it.each(bad)('%j', (text, msg) => {
    let err: unknown;
    try {
      parseQuery(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QuerySyntaxError);
    expect((err as Error).message).toMatch(msg);
    expect((err as Error).message).toMatch(/^invalid query at offset \d+: /);
  });

  it('reports the offset of the offending token', () => {
    try {
      parseQuery("a.b='x' OR c.d=1");
      throw new Error('no error');
    } catch (e) {
      expect((e as QuerySyntaxError).offset).toBe(8);
    }
  });

  it('enforces the length and condition limits', () => {
    expect(() => parseQuery(`a.b='${'x'.repeat(100)}'`, { maxLength: 50, maxConditions: 5 })).toThrow(/limit is 50/);
    const many = Array.from({ length: 6 }, (_, i) => `a.b${i}=1`).join(' AND ');
    expect(() => parseQuery(many, { maxLength: 1000, maxConditions: 5 })).toThrow(
      /too many conditions \(the limit is 5\)/,
    );
    expect(parseQuery(many, { maxLength: 1000, maxConditions: 6 }).conditions).toHaveLength(6);
  });

  it('rejects a non-string without crashing', () => {
    expect(() => parseQuery(42 as unknown as string)).toThrow(QuerySyntaxError);
  });
});
