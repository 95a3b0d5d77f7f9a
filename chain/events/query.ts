import { parseDateNs, parseQueryNumber, parseTimestampNs, type Decimal } from './values.js';

/**
 * The CometBFT 0.38 event query language (libs/pubsub/query/syntax), used by `tx_search` and websocket `subscribe`:
 *
 *   query     = condition { "AND" condition }          ("and" in any case is accepted too: Keplr sends it)
 *   condition = tag ( "=" | "<" | "<=" | ">" | ">=" ) value
 *             | tag "CONTAINS" string
 *             | tag "EXISTS"
 *   tag       = [_\p{L}\p{Nd}] [._\-\p{L}\p{Nd}]*   e.g. message.sender, tx.height, tm.event
 *   value     = 'string' (no escapes) | number (15, 3.14) | TIME 2013-05-03T14:45:00Z | DATE 2013-05-03
 *
 * Ordering comparisons take numbers, times and dates only; CONTAINS takes a string only.
 */
export type Op = '=' | '<' | '<=' | '>' | '>=' | 'CONTAINS' | 'EXISTS';

export type QueryArg =
  | { kind: 'string'; text: string }
  | { kind: 'number'; text: string; value: Decimal }
  | { kind: 'time'; text: string; ns: bigint }
  | { kind: 'date'; text: string; ns: bigint };

export interface Condition {
  tag: string;
  op: Op;
  /** Absent for EXISTS only. */
  arg?: QueryArg;
}

export interface Query {
  conditions: Condition[];
}

export interface QueryLimits {
  maxLength: number;
  maxConditions: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxLength: 2048, maxConditions: 20 };

/** A malformed query; the message is meant for the user (it reaches JSON-RPC clients as is). */
export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`invalid query at offset ${offset}: ${message}`);
    this.name = 'QuerySyntaxError';
  }
}

type TokenKind = 'tag' | 'string' | 'number' | 'time' | 'date' | 'and' | 'contains' | 'exists' | 'op' | 'eof';

interface Token {
  kind: TokenKind;
  text: string;
  offset: number;
}

const FIRST_TAG_CHAR = /[_\p{L}\p{Nd}]/u;
const TAG_CHAR = /[._\-\p{L}\p{Nd}]/u;
const SPACE = /\s/u;
const DIGIT = /[0-9]/;
const TIME_CHAR = /[0-9\-T:+Z]/;
const DATE_CHAR = /[0-9-]/;
const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of query';
    case 'string':
      return `string '${t.text}'`;
    case 'and':
    case 'contains':
    case 'exists':
      return t.text;
    default:
      return `${t.kind} ${JSON.stringify(t.text)}`;
  }
}

/** Splits a query into tokens; code points, not UTF-16 units, so offsets and tag letters are right for any script. */
class Scanner {
  private readonly chars: string[];
  private pos = 0;

  constructor(text: string) {
    this.chars = Array.from(text);
  }

  next(): Token {
    while (this.pos < this.chars.length && SPACE.test(this.chars[this.pos]!)) this.pos++;
    const start = this.pos;
    const ch = this.chars[this.pos];
    if (ch === undefined) return { kind: 'eof', text: '', offset: start };
    if (DIGIT.test(ch)) return this.number(start);
    if (FIRST_TAG_CHAR.test(ch)) return this.word(start);
    if (ch === "'") return this.string(start);
    if (ch === '<' || ch === '>') {
      this.pos++;
      if (this.chars[this.pos] === '=') {
        this.pos++;
        return { kind: 'op', text: ch + '=', offset: start };
      }
      return { kind: 'op', text: ch, offset: start };
    }
    if (ch === '=') {
      this.pos++;
      return { kind: 'op', text: '=', offset: start };
    }
    throw new QuerySyntaxError(`unexpected character ${JSON.stringify(ch)}`, start);
  }

  private takeWhile(re: RegExp): string {
    const begin = this.pos;
    while (this.pos < this.chars.length && re.test(this.chars[this.pos]!)) this.pos++;
    return this.chars.slice(begin, this.pos).join('');
  }

  private number(start: number): Token {
    let text = this.takeWhile(DIGIT);
    if (this.chars[this.pos] === '.') {
      this.pos++;
      text += '.' + this.takeWhile(DIGIT);
    }
    return { kind: 'number', text, offset: start };
  }

  private string(start: number): Token {
    this.pos++;
    const begin = this.pos;
    while (this.pos < this.chars.length && this.chars[this.pos] !== "'") this.pos++;
    if (this.pos >= this.chars.length) throw new QuerySyntaxError('unterminated string (missing closing quote)', start);
    const text = this.chars.slice(begin, this.pos).join('');
    this.pos++;
    return { kind: 'string', text, offset: start };
  }

  private word(start: number): Token {
    const text = this.takeWhile(TAG_CHAR);
    // As in CometBFT, TIME and DATE introduce a literal only when followed by exactly one space.
    const spaced = this.chars[this.pos] === ' ';
    if ((text === 'TIME' || text === 'DATE') && spaced) {
      this.pos++;
      return text === 'TIME' ? this.stamp('time', TIME_CHAR, start) : this.stamp('date', DATE_CHAR, start);
    }
    if (text === 'CONTAINS') return { kind: 'contains', text, offset: start };
    if (text === 'EXISTS') return { kind: 'exists', text, offset: start };
    if (text.toLowerCase() === 'and') return { kind: 'and', text, offset: start };
    return { kind: 'tag', text, offset: start };
  }

  private stamp(kind: 'time' | 'date', chars: RegExp, start: number): Token {
    const text = this.takeWhile(chars);
    const ns = kind === 'time' ? parseTimestampNs(text) : parseDateNs(text);
    const label = kind === 'time' ? 'TIME' : 'DATE';
    const layout = kind === 'time' ? 'YYYY-MM-DDThh:mm:ssZ or ±hh:mm' : 'YYYY-MM-DD';
    if (ns === undefined)
      throw new QuerySyntaxError(`invalid ${label} value ${JSON.stringify(text)} (want ${layout})`, start);
    const year = Number(text.slice(0, 4));
    if (year < MIN_YEAR || year > MAX_YEAR) {
      throw new QuerySyntaxError(`${label} year ${year} out of range [${MIN_YEAR}, ${MAX_YEAR}]`, start);
    }
    return { kind, text, offset: start };
  }
}

function toArg(t: Token): QueryArg {
  switch (t.kind) {
    case 'string':
      return { kind: 'string', text: t.text };
    case 'number': {
      const value = parseQueryNumber(t.text);
      if (!value) throw new QuerySyntaxError(`number ${t.text} is too long`, t.offset);
      return { kind: 'number', text: t.text, value };
    }
    case 'time':
      return { kind: 'time', text: t.text, ns: parseTimestampNs(t.text)! };
    case 'date':
      return { kind: 'date', text: t.text, ns: parseDateNs(t.text)! };
    default:
      throw new QuerySyntaxError(`expected a value, got ${describe(t)}`, t.offset);
  }
}

function parseCondition(s: Scanner): Condition {
  const tagTok = s.next();
  // A lower-case "and" where a tag belongs is a tag (CometBFT only reserves upper-case AND).
  if (tagTok.kind === 'and' && tagTok.text !== 'AND') tagTok.kind = 'tag';
  if (tagTok.kind !== 'tag')
    throw new QuerySyntaxError(`expected a tag such as message.sender, got ${describe(tagTok)}`, tagTok.offset);
  const opTok = s.next();
  if (opTok.kind === 'exists') return { tag: tagTok.text, op: 'EXISTS' };
  if (opTok.kind === 'contains') {
    const v = s.next();
    if (v.kind !== 'string')
      throw new QuerySyntaxError(`CONTAINS takes a 'quoted string', got ${describe(v)}`, v.offset);
    return { tag: tagTok.text, op: 'CONTAINS', arg: toArg(v) };
  }
  if (opTok.kind !== 'op') {
    throw new QuerySyntaxError(
      `expected an operator (=, <, <=, >, >=, CONTAINS, EXISTS) after ${tagTok.text}, got ${describe(opTok)}`,
      opTok.offset,
    );
  }
  const op = opTok.text as Op;
  const v = s.next();
  if (op !== '=' && v.kind === 'string') {
    throw new QuerySyntaxError(`${op} takes a number, TIME or DATE, got ${describe(v)}`, v.offset);
  }
  return { tag: tagTok.text, op, arg: toArg(v) };
}

/** Parses a query; throws QuerySyntaxError with a message fit for the user. */
export function parseQuery(text: string, limits: QueryLimits = DEFAULT_QUERY_LIMITS): Query {
  if (typeof text !== 'string') throw new QuerySyntaxError('query must be a string', 0);
  if (text.length > limits.maxLength) {
    throw new QuerySyntaxError(
      `query is ${text.length} characters long, the limit is ${limits.maxLength}`,
      limits.maxLength,
    );
  }
  if (text.trim() === '') throw new QuerySyntaxError('empty query', 0);
  const s = new Scanner(text);
  const conditions = [parseCondition(s)];
  for (let t = s.next(); t.kind !== 'eof'; t = s.next()) {
    if (t.kind !== 'and') throw new QuerySyntaxError(`expected AND, got ${describe(t)}`, t.offset);
    if (conditions.length >= limits.maxConditions) {
      throw new QuerySyntaxError(`too many conditions (the limit is ${limits.maxConditions})`, t.offset);
    }
    conditions.push(parseCondition(s));
  }
  return { conditions };
}

function formatArg(a: QueryArg): string {
  switch (a.kind) {
    case 'string':
      return `'${a.text}'`;
    case 'time':
      return `TIME ${a.text}`;
    case 'date':
      return `DATE ${a.text}`;
    default:
      return a.text;
  }
}

/** Canonical text, as CometBFT prints a query: `tag op arg` joined by ` AND `. Parsing it gives the same query. */
export function formatQuery(q: Query): string {
  return q.conditions.map((c) => (c.arg ? `${c.tag} ${c.op} ${formatArg(c.arg)}` : `${c.tag} ${c.op}`)).join(' AND ');
}
