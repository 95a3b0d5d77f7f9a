import type { ExecTxResult } from '../abci.js';
import { SUBLEVELS, type BatchOp, type ChainDb, type SubDb } from '../store/db.js';
import { conditionMatchesValue, RESERVED_TAGS, tagEventType } from '../events/match.js';
import { DEFAULT_QUERY_LIMITS, parseQuery, type Condition, type Query, type QueryLimits } from '../events/query.js';
import { ceilDecimal, floorDecimal } from '../events/values.js';
import { silentLogger, type Logger } from '../util/log.js';
import { BinReader, BinWriter, CODEC_VERSION, readExecTxResult, writeExecTxResult } from './codec.js';
import { concatBytes, fromHex, toHexUpper } from '../types/bytes.js';
import { txHash } from '../block/hashing.js';
import {
  attrCompositePrefix,
  attrKey,
  attrValuePrefix,
  decodeAttrKey,
  decodePos,
  encodePos,
  hashKey,
  POS_LEN,
  posFromHex,
  posHex,
  prefixEnd,
  PREFIX_TX,
  txKey,
  utf8Length,
} from './keys.js';
import { getBytes } from './subget.js';
import { SearchRequestError, validateOrderBy, validatePage, validatePerPage, type OrderBy } from './pagination.js';

export interface IndexedTx {
  hash: Uint8Array;
  height: number;
  index: number;
  /** The exact tx bytes received. */
  tx: Uint8Array;
  result: ExecTxResult;
}

export interface SearchOpts {
  page?: number;
  perPage?: number;
  /** 'asc' (default), 'desc', or '' (= asc); anything else is an error. */
  orderBy?: OrderBy | string;
}

export interface SearchResult {
  txs: IndexedTx[];
  /** All matches, not just this page (CosmJS pages until it has this many). */
  totalCount: number;
}

export interface TxIndexerOpts {
  /** Longer attribute values are stored with the tx but not indexed (they could not be queried sensibly anyway). */
  maxIndexedValueBytes?: number;
  /** Longer `<type>.<key>` composites are not indexed. */
  maxCompositeBytes?: number;
  /** A query whose conditions touch more index entries is refused as too broad, instead of exhausting memory. */
  maxScanEntries?: number;
  queryLimits?: QueryLimits;
}

export interface TxIndexerDeps {
  db: ChainDb;
  logger?: Logger;
}

const EMPTY = new Uint8Array(0);
const MAX_INDEX = 0xffffffff;
// Heights are safe integers; this bound keeps the u64 key math in range.
const MAX_HEIGHT = BigInt(Number.MAX_SAFE_INTEGER);

interface HeightBounds {
  lo: bigint;
  hi: bigint;
}

/** posHex → event numbers (within the tx) whose attribute met the condition. */
type Postings = Map<string, Set<number>>;

/**
 * The tx index (CometBFT's kv indexer, reworked): every tx by position and by hash, and every indexed attribute
 * as a key `composite/value/position/event#`, so a condition is a range scan of its own keys, never a scan of
 * all txs. Conditions on one event type are joined on event# (same-event-instance rule), other conditions on
 * position. Writes are returned as batch ops for the block's atomic commit.
 */
export class TxIndexer {
  private readonly sub: SubDb;
  private readonly log: Logger;
  private readonly maxValueBytes: number;
  private readonly maxCompositeBytes: number;
  private readonly maxScanEntries: number;
  private readonly queryLimits: QueryLimits;

  constructor(opts: TxIndexerOpts, deps: TxIndexerDeps) {
    this.sub = deps.db.sub(SUBLEVELS.txIndex);
    this.log = deps.logger ?? silentLogger();
    this.maxValueBytes = opts.maxIndexedValueBytes ?? 8192;
    this.maxCompositeBytes = Math.min(opts.maxCompositeBytes ?? 1024, 0xffff);
    this.maxScanEntries = opts.maxScanEntries ?? 1_000_000;
    this.queryLimits = opts.queryLimits ?? DEFAULT_QUERY_LIMITS;
  }

  /**
   * The writes that index one block's txs (index = position in the block). A tx hash seen again points at the
   * newest position; older positions stay searchable by attribute and height.
   */
  indexOps(height: number, txs: ReadonlyArray<{ tx: Uint8Array; result: ExecTxResult }>): BatchOp[] {
    if (!Number.isSafeInteger(height) || height < 0) throw new RangeError(`invalid height ${height}`);
    if (txs.length > MAX_INDEX) throw new RangeError(`too many txs in block ${height}`);
    const ops: BatchOp[] = [];
    const put = (key: Uint8Array, value: Uint8Array) => ops.push({ type: 'put', sublevel: this.sub, key, value });
    txs.forEach(({ tx, result }, index) => {
      const hash = txHash(tx);
      const w = new BinWriter().u8(CODEC_VERSION);
      for (const b of hash) w.u8(b);
      w.bytes(tx);
      writeExecTxResult(w, result);
      put(txKey(height, index), w.finish());
      put(hashKey(hash), encodePos(height, index));
      result.events.forEach((ev, eventSeq) => {
        if (ev.type === '') return;
        for (const a of ev.attributes) {
          if (!a.index || a.key === '') continue;
          const composite = `${ev.type}.${a.key}`;
          if (RESERVED_TAGS.has(composite)) continue;
          if (utf8Length(composite) > this.maxCompositeBytes || utf8Length(a.value) > this.maxValueBytes) {
            this.log.debug({ height, index, composite }, 'attribute too long to index');
            continue;
          }
          put(attrKey(composite, a.value, height, index, eventSeq), EMPTY);
        }
      });
    });
    return ops;
  }

  async getByHash(hash: Uint8Array): Promise<IndexedTx | undefined> {
    if (hash.length !== 32) return undefined;
    const pos = await getBytes(this.sub, hashKey(hash));
    if (!pos || pos.length !== POS_LEN) return undefined;
    const { height, index } = decodePos(pos);
    return this.getByPosition(height, index);
  }

  async getByPosition(height: number, index: number): Promise<IndexedTx | undefined> {
    const record = await getBytes(this.sub, txKey(height, index));
    return record ? decodeRecord(record, height, index) : undefined;
  }

  /**
   * tx_search. Throws QuerySyntaxError for a bad query and SearchRequestError for a bad page or order; a query
   * that matches nothing is `{ txs: [], totalCount: 0 }`, never an error.
   */
  async search(query: string | Query, opts: SearchOpts = {}): Promise<SearchResult> {
    const q = typeof query === 'string' ? parseQuery(query, this.queryLimits) : query;
    const order = validateOrderBy(opts.orderBy);
    const perPage = validatePerPage(opts.perPage);
    const matches = await this.matchPositions(q);
    const page = validatePage(opts.page, perPage, matches.length);
    if (order === 'desc') matches.reverse();
    const slice = matches.slice((page - 1) * perPage, page * perPage);
    const txs: IndexedTx[] = [];
    for (const hex of slice) {
      const { height, index } = posFromHex(hex);
      const tx = await this.getByPosition(height, index);
      if (tx) txs.push(tx);
      else this.log.error({ height, index }, 'tx index entry without its tx record');
    }
    return { txs, totalCount: matches.length };
  }

  /** Positions (hex, ascending) of every tx matching the query. */
  private async matchPositions(q: Query): Promise<string[]> {
    const bounds: HeightBounds = { lo: 0n, hi: MAX_HEIGHT };
    const heightConds: Condition[] = [];
    const hashConds: Condition[] = [];
    const groups = new Map<string, Condition[]>();
    for (const c of q.conditions) {
      if (c.tag === 'tm.event') {
        if (!conditionMatchesValue(c, 'Tx')) return [];
      } else if (c.tag === 'block.height') {
        return []; // txs carry tx.height, not block.height
      } else if (c.tag === 'tx.height') {
        heightConds.push(c);
        narrowBounds(bounds, c);
      } else if (c.tag === 'tx.hash') {
        hashConds.push(c);
      } else {
        const type = tagEventType(c.tag);
        const g = groups.get(type);
        if (g) g.push(c);
        else groups.set(type, [c]);
      }
    }
    if (bounds.lo > bounds.hi) return [];

    const sets: Set<string>[] = [];
    const hashEq = hashConds.find((c) => c.op === '=' && c.arg?.kind === 'string');
    if (hashEq) {
      // A tx hash is 32 bytes of hex in either case; anything else matches no tx.
      const hash = /^[0-9a-fA-F]{64}$/.test(hashEq.arg!.text) ? fromHex(hashEq.arg!.text) : undefined;
      const pos = hash ? await getBytes(this.sub, hashKey(hash)) : undefined;
      if (!pos || pos.length !== POS_LEN) return [];
      sets.push(new Set([posHex(pos)]));
    }
    for (const group of groups.values()) {
      sets.push(await this.matchGroup(group, bounds));
      if (sets.at(-1)!.size === 0) return [];
    }

    let candidates: string[];
    if (sets.length === 0) {
      candidates = await this.positionsInBounds(bounds);
    } else {
      sets.sort((a, b) => a.size - b.size);
      candidates = [...sets[0]!].filter((p) => sets.every((s) => s.has(p)));
    }
    // The hash lookup already settled hashEq; only other tx.hash conditions need the record.
    const recheck = hashConds.filter((c) => c !== hashEq);
    const out: string[] = [];
    for (const hex of candidates) {
      const { height } = posFromHex(hex);
      if (BigInt(height) < bounds.lo || BigInt(height) > bounds.hi) continue;
      if (!heightConds.every((c) => conditionMatchesValue(c, String(height)))) continue;
      if (recheck.length > 0 && !(await this.hashMatches(hex, recheck))) continue;
      out.push(hex);
    }
    return out.sort();
  }

  /** Conditions on one event type: positions where a single event instance meets all of them. */
  private async matchGroup(group: Condition[], bounds: HeightBounds): Promise<Set<string>> {
    let joined: Postings | undefined;
    for (const c of group) {
      const postings = await this.scanCondition(c, bounds, joined);
      joined = postings;
      if (joined.size === 0) break;
    }
    return new Set(joined!.keys());
  }

  /** The postings of one condition, restricted to `within` (same position and same event#) when given. */
  private async scanCondition(c: Condition, bounds: HeightBounds, within: Postings | undefined): Promise<Postings> {
    const exact = c.op === '=' && c.arg?.kind === 'string';
    const prefix = exact ? attrValuePrefix(c.tag, c.arg!.text) : attrCompositePrefix(c.tag);
    const compositeLen = attrCompositePrefix(c.tag).length;
    // Within one exact value the keys run in block order, so the height bounds become the scan range.
    const range = exact
      ? {
          gte: concatBytes(prefix, encodePos(Number(bounds.lo), 0)),
          lt: prefixEnd(concatBytes(prefix, encodePos(Number(bounds.hi), MAX_INDEX))),
        }
      : { gte: prefix, lt: prefixEnd(prefix) };
    const out: Postings = new Map();
    let scanned = 0;
    for await (const key of this.sub.keys(range)) {
      if (++scanned > this.maxScanEntries) {
        throw new SearchRequestError(
          `query too broad: ${c.tag} touches more than ${this.maxScanEntries} index entries; add conditions such as tx.height bounds`,
        );
      }
      const e = decodeAttrKey(key, compositeLen);
      if (!exact) {
        if (BigInt(e.pos.height) < bounds.lo || BigInt(e.pos.height) > bounds.hi) continue;
        if (!conditionMatchesValue(c, e.value)) continue;
      }
      if (within && !within.get(e.posHex)?.has(e.eventSeq)) continue;
      const seqs = out.get(e.posHex);
      if (seqs) seqs.add(e.eventSeq);
      else out.set(e.posHex, new Set([e.eventSeq]));
    }
    return out;
  }

  private async positionsInBounds(bounds: HeightBounds): Promise<string[]> {
    const tag = new Uint8Array([PREFIX_TX]);
    const range = {
      gte: concatBytes(tag, encodePos(Number(bounds.lo), 0)),
      lt: prefixEnd(concatBytes(tag, encodePos(Number(bounds.hi), MAX_INDEX))),
    };
    const out: string[] = [];
    for await (const key of this.sub.keys(range)) {
      if (out.length >= this.maxScanEntries) {
        throw new SearchRequestError(
          `query too broad: more than ${this.maxScanEntries} txs; add conditions such as tx.height bounds`,
        );
      }
      out.push(posHex(key.subarray(1, 1 + POS_LEN)));
    }
    return out;
  }

  private async hashMatches(hex: string, conds: Condition[]): Promise<boolean> {
    const { height, index } = posFromHex(hex);
    const record = await getBytes(this.sub, txKey(height, index));
    if (!record || record.length < 33) return false;
    const h = toHexUpper(record.subarray(1, 33));
    return conds.every((c) => conditionMatchesValue(c, h));
  }
}

/** Tightens [lo, hi] by a numeric condition on tx.height (the exact test is applied afterwards). */
function narrowBounds(b: HeightBounds, c: Condition): void {
  if (c.arg?.kind !== 'number') return;
  const v = c.arg.value;
  const clampLo = (x: bigint) => {
    if (x > b.lo) b.lo = x;
  };
  const clampHi = (x: bigint) => {
    if (x < b.hi) b.hi = x;
  };
  switch (c.op) {
    case '=':
      clampLo(ceilDecimal(v));
      clampHi(floorDecimal(v));
      break;
    case '>':
      clampLo(floorDecimal(v) + 1n);
      break;
    case '>=':
      clampLo(ceilDecimal(v));
      break;
    case '<':
      clampHi(ceilDecimal(v) - 1n);
      break;
    case '<=':
      clampHi(floorDecimal(v));
      break;
  }
}

function decodeRecord(buf: Uint8Array, height: number, index: number): IndexedTx {
  const r = new BinReader(buf);
  r.version();
  const hash = new Uint8Array(32);
  for (let i = 0; i < 32; i++) hash[i] = r.u8();
  const tx = r.bytes();
  const result = readExecTxResult(r);
  r.end();
  return { hash, height, index, tx, result };
}
