import type { ExecTxResult, FinalizeBlockResponse, ValidatorUpdate } from '../abci.js';
import type { AbciEvent } from '../types/events.js';

/**
 * Storage encoding of tx results and block results: a compact, deterministic binary layout (big-endian, no
 * optional fields, no maps), versioned by a leading byte so the layout can change without a migration guess.
 *
 *   bytes   = u32 length, raw bytes          string = bytes of its UTF-8
 *   int64   = 8 bytes two's complement        (gas, power: bigint, exact)
 *   event   = string type, u32 n, n × (string key, string value, u8 index)
 *   ExecTxResult = u32 code, string codespace, string log, string info, bytes data, int64 gasWanted,
 *                  int64 gasUsed, u32 n, n × event
 */
export const CODEC_VERSION = 1;

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Stored bytes that do not decode: corruption or a layout this code does not know. */
export class CodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CodecError';
  }
}

export class BinWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private len = 0;

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): this {
    this.reserve(1);
    this.buf[this.len++] = v;
    return this;
  }

  u32(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new CodecError(`u32 out of range: ${v}`);
    this.reserve(4);
    this.view.setUint32(this.len, v);
    this.len += 4;
    return this;
  }

  int64(v: bigint): this {
    if (v < INT64_MIN || v > INT64_MAX) throw new CodecError(`int64 out of range: ${v}`);
    this.reserve(8);
    this.view.setBigInt64(this.len, v);
    this.len += 8;
    return this;
  }

  bytes(v: Uint8Array): this {
    this.u32(v.length);
    this.reserve(v.length);
    this.buf.set(v, this.len);
    this.len += v.length;
    return this;
  }

  string(v: string): this {
    return this.bytes(utf8.encode(v));
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

export class BinReader {
  private pos = 0;
  private readonly view: DataView;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new CodecError(`truncated record: need ${n} bytes at offset ${this.pos}`);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }

  int64(): bigint {
    this.need(8);
    const v = this.view.getBigInt64(this.pos);
    this.pos += 8;
    return v;
  }

  bytes(): Uint8Array {
    const n = this.u32();
    this.need(n);
    const v = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  string(): string {
    try {
      return utf8Strict.decode(this.bytes());
    } catch (err) {
      if (err instanceof CodecError) throw err;
      throw new CodecError(`invalid UTF-8 at offset ${this.pos}`);
    }
  }

  /** A count of items that each take at least `minBytes`: rejects counts the remaining bytes cannot hold. */
  count(minBytes: number): number {
    const n = this.u32();
    if (n * minBytes > this.buf.length - this.pos)
      throw new CodecError(`implausible count ${n} at offset ${this.pos - 4}`);
    return n;
  }

  end(): void {
    if (this.pos !== this.buf.length) throw new CodecError(`${this.buf.length - this.pos} trailing bytes`);
  }

  version(): void {
    const v = this.u8();
    if (v !== CODEC_VERSION) throw new CodecError(`unknown record version ${v}`);
  }
}

function writeEvents(w: BinWriter, events: readonly AbciEvent[]): void {
  w.u32(events.length);
  for (const ev of events) {
    w.string(ev.type).u32(ev.attributes.length);
    for (const a of ev.attributes)
      w.string(a.key)
        .string(a.value)
        .u8(a.index ? 1 : 0);
  }
}

function readEvents(r: BinReader): AbciEvent[] {
  const n = r.count(8);
  const events: AbciEvent[] = [];
  for (let i = 0; i < n; i++) {
    const type = r.string();
    const m = r.count(9);
    const attributes = [];
    for (let j = 0; j < m; j++) attributes.push({ key: r.string(), value: r.string(), index: r.u8() === 1 });
    events.push({ type, attributes });
  }
  return events;
}

export function writeExecTxResult(w: BinWriter, res: ExecTxResult): void {
  w.u32(res.code).string(res.codespace).string(res.log).string(res.info).bytes(res.data);
  w.int64(res.gasWanted).int64(res.gasUsed);
  writeEvents(w, res.events);
}

export function readExecTxResult(r: BinReader): ExecTxResult {
  return {
    code: r.u32(),
    codespace: r.string(),
    log: r.string(),
    info: r.string(),
    data: r.bytes(),
    gasWanted: r.int64(),
    gasUsed: r.int64(),
    events: readEvents(r),
  };
}

/** version, events, u32 n × ExecTxResult, u32 n × (bytes pubKey, int64 power), bytes appHash. */
export function encodeFinalizeBlockResponse(res: FinalizeBlockResponse): Uint8Array {
  const w = new BinWriter().u8(CODEC_VERSION);
  writeEvents(w, res.events);
  w.u32(res.txResults.length);
  for (const t of res.txResults) writeExecTxResult(w, t);
  w.u32(res.validatorUpdates.length);
  for (const v of res.validatorUpdates) w.bytes(v.pubKey).int64(v.power);
  w.bytes(res.appHash);
  return w.finish();
}

export function decodeFinalizeBlockResponse(buf: Uint8Array): FinalizeBlockResponse {
  const r = new BinReader(buf);
  r.version();
  const events = readEvents(r);
  const nTx = r.count(36);
  const txResults: ExecTxResult[] = [];
  for (let i = 0; i < nTx; i++) txResults.push(readExecTxResult(r));
  const nVal = r.count(12);
  const validatorUpdates: ValidatorUpdate[] = [];
  for (let i = 0; i < nVal; i++) validatorUpdates.push({ pubKey: r.bytes(), power: r.int64() });
  const appHash = r.bytes();
  r.end();
  return { events, txResults, validatorUpdates, appHash };
}
