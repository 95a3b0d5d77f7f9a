import type { AbciEvent } from '../types/events.js';
import type { Condition, Query } from './query.js';
import { compareDecimal, parseAttributeNumber, parseDateNs, parseTimestampNs } from './values.js';

/** Tags CometBFT reserves: they come from the node, never from an app event. */
export const RESERVED_TAGS: ReadonlySet<string> = new Set(['tm.event', 'tx.hash', 'tx.height', 'block.height']);

/** The flattened form CometBFT uses for subscriptions: composite key `<type>.<key>` → values in emission order. */
export type FlatEvents = Record<string, string[]>;

function ordered(op: Condition['op'], cmp: number): boolean {
  switch (op) {
    case '=':
      return cmp === 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
    default:
      return false;
  }
}

/** Does one attribute value satisfy one condition? Numbers compare as numbers, strings by equality. */
export function conditionMatchesValue(c: Condition, value: string): boolean {
  if (c.op === 'EXISTS') return true;
  const arg = c.arg;
  if (!arg) return false;
  if (c.op === 'CONTAINS') return arg.kind === 'string' && value.includes(arg.text);
  switch (arg.kind) {
    case 'string':
      // Hashes are printed upper-case but clients (CosmJS getTx) pass them as given.
      if (c.tag === 'tx.hash') return c.op === '=' && value.toUpperCase() === arg.text.toUpperCase();
      return c.op === '=' && value === arg.text;
    case 'number': {
      const n = parseAttributeNumber(value);
      return n !== undefined && ordered(c.op, compareDecimal(n, arg.value));
    }
    case 'time': {
      const ns = parseTimestampNs(value);
      return ns !== undefined && ordered(c.op, ns < arg.ns ? -1 : ns > arg.ns ? 1 : 0);
    }
    case 'date': {
      const ns = parseDateNs(value);
      return ns !== undefined && ordered(c.op, ns < arg.ns ? -1 : ns > arg.ns ? 1 : 0);
    }
  }
}

/** The event type a tag names: everything before the last dot (CometBFT's reading of a composite key). */
export function tagEventType(tag: string): string {
  const dot = tag.lastIndexOf('.');
  return dot < 0 ? '' : tag.slice(0, dot);
}

/** Every condition must be met by some value under its tag. The flat form has no event instances to keep apart. */
export function matchesFlat(q: Query, events: FlatEvents): boolean {
  return q.conditions.every((c) =>
    (Object.hasOwn(events, c.tag) ? events[c.tag]! : []).some((v) => conditionMatchesValue(c, v)),
  );
}

export interface StructuredMatchOpts {
  /** Only attributes with `index: true` count (what tx_search sees). Default false (what subscriptions see). */
  indexedOnly?: boolean;
}

function eventSatisfies(ev: AbciEvent, group: readonly Condition[], indexedOnly: boolean): boolean {
  return group.every((c) =>
    ev.attributes.some(
      (a) => (!indexedOnly || a.index) && `${ev.type}.${a.key}` === c.tag && conditionMatchesValue(c, a.value),
    ),
  );
}

/**
 * Matching against the structured events of one tx or block, as CometBFT ≥ 0.34.26 intends: conditions on the same
 * event type must all hold within one event instance (`transfer.sender='a' AND transfer.recipient='b'` needs a
 * single transfer from a to b). Conditions on different types match independently. Reserved tags are read from
 * `reserved` (e.g. tm.event, tx.hash, tx.height), never from app events.
 */
export function matchesEvents(
  q: Query,
  events: readonly AbciEvent[],
  reserved: FlatEvents = {},
  opts: StructuredMatchOpts = {},
): boolean {
  const indexedOnly = opts.indexedOnly ?? false;
  const groups = new Map<string, Condition[]>();
  for (const c of q.conditions) {
    if (RESERVED_TAGS.has(c.tag)) {
      const values = Object.hasOwn(reserved, c.tag) ? reserved[c.tag]! : [];
      if (!values.some((v) => conditionMatchesValue(c, v))) return false;
      continue;
    }
    const type = tagEventType(c.tag);
    const group = groups.get(type);
    if (group) group.push(c);
    else groups.set(type, [c]);
  }
  for (const group of groups.values()) {
    if (!events.some((ev) => ev.type !== '' && eventSatisfies(ev, group, indexedOnly))) return false;
  }
  return true;
}

/** The composite map of events (plus the reserved entries first), as CometBFT sends it in `subscribe` frames. */
export function flattenEvents(events: readonly AbciEvent[], reserved: FlatEvents = {}): FlatEvents {
  // No prototype: an event type such as "__proto__" must stay plain data.
  const out: FlatEvents = Object.create(null) as FlatEvents;
  for (const [k, vs] of Object.entries(reserved)) out[k] = [...vs];
  for (const ev of events) {
    if (ev.type === '') continue;
    for (const a of ev.attributes) {
      if (a.key === '') continue;
      const k = `${ev.type}.${a.key}`;
      if (RESERVED_TAGS.has(k)) continue;
      (out[k] ??= []).push(a.value);
    }
  }
  return out;
}
