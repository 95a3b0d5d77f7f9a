import { describe, expect, it } from '@jest/globals';
import { conditionMatchesValue, flattenEvents, matchesEvents, matchesFlat } from '../../../chain/events/match.js';
import { parseQuery } from '../../../chain/events/query.js';
import { parseAttributeNumber, parseDateNs, parseTimestampNs } from '../../../chain/events/values.js';
import { event, type AbciEvent } from '../../../chain/types/events.js';

const cond = (text: string) => parseQuery(text).conditions[0]!;

describe('conditionMatchesValue', () => {
  it('compares numbers exactly, including big integers and decimals', () => {
    expect(conditionMatchesValue(cond('a.b > 5'), '6')).toBe(true);
    expect(conditionMatchesValue(cond('a.b > 5'), '5')).toBe(false);
    expect(conditionMatchesValue(cond('a.b >= 5'), '5')).toBe(true);
    expect(conditionMatchesValue(cond('a.b < 10'), '9.999')).toBe(true);
    expect(conditionMatchesValue(cond('a.b = 5'), '5.0')).toBe(true);
    expect(conditionMatchesValue(cond('a.b = 5.'), '5')).toBe(true);
    expect(conditionMatchesValue(cond('a.b <= 2.5'), '2.50')).toBe(true);
    expect(conditionMatchesValue(cond('a.b < 100000000000000000001'), '100000000000000000000')).toBe(true);
    expect(conditionMatchesValue(cond('a.b > 100000000000000000000'), '100000000000000000000')).toBe(false);
    // Floats would call these equal.
    expect(conditionMatchesValue(cond('a.b = 9007199254740993'), '9007199254740992')).toBe(false);
  });

  it('reads amounts with a denom suffix by their leading number, as CometBFT does', () => {
    expect(conditionMatchesValue(cond('transfer.amount >= 100'), '250nicoin')).toBe(true);
    expect(conditionMatchesValue(cond('transfer.amount = 6.5'), '6.5stake')).toBe(true);
    expect(conditionMatchesValue(cond('transfer.amount > 1'), 'nicoin5')).toBe(false);
    expect(conditionMatchesValue(cond('a.b < 1'), '-5')).toBe(false);
    expect(conditionMatchesValue(cond('a.b = 0'), '')).toBe(false);
  });

  it('uses string equality for strings, and does not compare strings numerically', () => {
    expect(conditionMatchesValue(cond("a.b = '5'"), '5')).toBe(true);
    expect(conditionMatchesValue(cond("a.b = '5'"), '5.0')).toBe(false);
    expect(conditionMatchesValue(cond("a.b = 'X'"), 'x')).toBe(false);
  });

  it('compares tx.hash case-insensitively', () => {
    expect(conditionMatchesValue(cond("tx.hash = 'abcDEF'"), 'ABCDEF')).toBe(true);
    expect(conditionMatchesValue(cond("tx.hash = 'abcdee'"), 'ABCDEF')).toBe(false);
  });

  it('implements CONTAINS as substring and EXISTS as presence', () => {
    expect(conditionMatchesValue(cond("a.b CONTAINS 'ank.v1'"), '/cosmos.bank.v1beta1.MsgSend')).toBe(true);
    expect(conditionMatchesValue(cond("a.b CONTAINS 'staking'"), '/cosmos.bank.v1beta1.MsgSend')).toBe(false);
    expect(conditionMatchesValue(cond('a.b EXISTS'), '')).toBe(true);
  });

  it('compares times and dates', () => {
    expect(conditionMatchesValue(cond('a.t > TIME 2020-01-01T00:00:00Z'), '2020-01-01T00:00:00.000000001Z')).toBe(true);
    expect(conditionMatchesValue(cond('a.t = TIME 2020-01-01T02:00:00+02:00'), '2020-01-01T00:00:00Z')).toBe(true);
    expect(conditionMatchesValue(cond('a.t < TIME 2020-01-01T00:00:00Z'), 'not a time')).toBe(false);
    expect(conditionMatchesValue(cond('a.d >= DATE 2020-01-02'), '2020-01-02')).toBe(true);
    expect(conditionMatchesValue(cond('a.d < DATE 2020-01-02'), '2020-01-01')).toBe(true);
    expect(conditionMatchesValue(cond('a.d = DATE 2020-01-02'), '2020-01-02T00:00:00Z')).toBe(false);
  });
});

describe('value parsing', () => {
  it('parses timestamps and dates strictly', () => {
    expect(parseTimestampNs('1970-01-01T00:00:01.5Z')).toBe(1_500_000_000n);
    expect(parseTimestampNs('0001-01-01T00:00:00Z')).toBe(
      BigInt(Date.UTC(2000, 0, 1)) * 1_000_000n - 63082281600000000000n,
    );
    expect(parseTimestampNs('2020-02-30T00:00:00Z')).toBeUndefined();
    expect(parseTimestampNs('2020-01-01T24:00:00Z')).toBeUndefined();
    expect(parseTimestampNs('2020-01-01 00:00:00Z')).toBeUndefined();
    expect(parseDateNs('2024-02-29')).toBe(BigInt(Date.UTC(2024, 1, 29)) * 1_000_000n);
    expect(parseDateNs('2023-02-29')).toBeUndefined();
  });

  it('refuses absurdly long numbers instead of spending time on them', () => {
    expect(parseAttributeNumber('9'.repeat(10_000))).toBeUndefined();
    expect(parseAttributeNumber('12.5abc')).toEqual({ mant: 125n, scale: 1 });
  });
});

const transfer = (sender: string, recipient: string, amount: string): AbciEvent =>
  event('transfer', [
    ['recipient', recipient],
    ['sender', sender],
    ['amount', amount],
  ]);

describe('matchesEvents (structured, same event instance)', () => {
  const events = [
    transfer('alice', 'bob', '10nicoin'),
    transfer('carol', 'dave', '20nicoin'),
    event('message', [['sender', 'alice']]),
  ];

  it('requires conditions on one event type to hold in one instance', () => {
    expect(matchesEvents(parseQuery("transfer.sender='alice' AND transfer.recipient='bob'"), events)).toBe(true);
    expect(matchesEvents(parseQuery("transfer.sender='carol' AND transfer.recipient='dave'"), events)).toBe(true);
    expect(matchesEvents(parseQuery("transfer.sender='alice' AND transfer.recipient='dave'"), events)).toBe(false);
    expect(matchesEvents(parseQuery("transfer.sender='alice' AND transfer.amount > 15"), events)).toBe(false);
    expect(matchesEvents(parseQuery("transfer.sender='carol' AND transfer.amount > 15"), events)).toBe(true);
  });

  it('matches conditions on different event types independently', () => {
    expect(matchesEvents(parseQuery("message.sender='alice' AND transfer.recipient='dave'"), events)).toBe(true);
    expect(matchesEvents(parseQuery("message.sender='bob' AND transfer.recipient='dave'"), events)).toBe(false);
  });

  it('the flat form cannot tell instances apart (CometBFT subscriptions)', () => {
    const flat = flattenEvents(events);
    expect(matchesFlat(parseQuery("transfer.sender='alice' AND transfer.recipient='dave'"), flat)).toBe(true);
    expect(matchesFlat(parseQuery("transfer.sender='zed'"), flat)).toBe(false);
  });

  it('reads reserved tags only from the reserved map', () => {
    const spoof = [event('tx', [['hash', 'FAKE']]), event('tm', [['event', 'NewBlock']])];
    const reserved = { 'tm.event': ['Tx'], 'tx.hash': ['ABCD'], 'tx.height': ['7'] };
    expect(matchesEvents(parseQuery("tm.event='Tx' AND tx.hash='abcd' AND tx.height=7"), spoof, reserved)).toBe(true);
    expect(matchesEvents(parseQuery("tx.hash='FAKE'"), spoof, reserved)).toBe(false);
    expect(matchesEvents(parseQuery("tm.event='NewBlock'"), spoof, reserved)).toBe(false);
    expect(matchesEvents(parseQuery('tx.height > 7'), spoof, reserved)).toBe(false);
    expect(matchesEvents(parseQuery('block.height EXISTS'), spoof, reserved)).toBe(false);
  });

  it('honours indexedOnly', () => {
    const ev: AbciEvent = { type: 'x', attributes: [{ key: 'secret', value: 'v', index: false }] };
    expect(matchesEvents(parseQuery("x.secret='v'"), [ev])).toBe(true);
    expect(matchesEvents(parseQuery("x.secret='v'"), [ev], {}, { indexedOnly: true })).toBe(false);
  });

  it('finds typed events whose type contains dots', () => {
    const ev = event('mychain.counter.v1.EventIncremented', [['new_value', '"5"']]);
    expect(matchesEvents(parseQuery(`mychain.counter.v1.EventIncremented.new_value='"5"'`), [ev])).toBe(true);
  });
});

describe('flattenEvents', () => {
  it('builds the composite map with reserved entries, skipping empty types/keys and reserved spoofs', () => {
    const flat = flattenEvents(
      [
        event('transfer', [['amount', '1a']]),
        event('transfer', [['amount', '2a']]),
        event('', [['k', 'v']]),
        event('tx', [['hash', 'X']]),
      ],
      { 'tm.event': ['Tx'], 'tx.hash': ['H'] },
    );
    expect({ ...flat }).toEqual({ 'tm.event': ['Tx'], 'tx.hash': ['H'], 'transfer.amount': ['1a', '2a'] });
  });

  it('treats odd event types as plain data', () => {
    const flat = flattenEvents([event('__proto__', [['polluted', 'yes']])]);
    expect(flat['__proto__.polluted']).toEqual(['yes']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(flat))).toEqual({ '__proto__.polluted': ['yes'] });
  });
});
