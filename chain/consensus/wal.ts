import * as fs from 'node:fs';
import * as path from 'node:path';
import { BinaryReader, BinaryWriter } from 'cosmjs-types/binary';
import { concatBytes } from '../types/bytes.js';
import { decodeConsensusMessage, encodeConsensusMessage } from './message-codec.js';
import type { ConsensusMessage, TimeoutStep } from './types.js';

/**
 * The consensus write-ahead log (data/cs.wal/wal). Every input is appended before the state machine sees it; our
 * own votes and proposals, and the end-of-height marker, are fsynced. Frame: crc32(payload) u32 BE, length u32 BE,
 * payload. A torn or bit-flipped final frame (a crash mid-write) is cut off on open; damage followed by more frames
 * is not a crash artefact and stops the node with a clear error instead of being silently dropped.
 */
export type WalRecord =
  | { type: 'message'; msg: ConsensusMessage; own: boolean }
  | { type: 'timeout'; height: number; round: number; step: TimeoutStep }
  | { type: 'endHeight'; height: number };

export interface Wal {
  write(rec: WalRecord): void;
  /** Written and fsynced before returning. */
  writeSync(rec: WalRecord): void;
  /** Records after the `endHeight(height)` marker, or null when there is no such marker. */
  recordsAfterEndHeight(height: number): WalRecord[] | null;
  close(): void;
}

const MAX_WAL_RECORD_BYTES = 128 * 1024 * 1024;
const STEPS: TimeoutStep[] = ['newHeight', 'propose', 'prevote', 'precommit'];

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function encodeWalRecord(rec: WalRecord): Uint8Array {
  switch (rec.type) {
    case 'message':
      return concatBytes(new Uint8Array([rec.own ? 2 : 1]), encodeConsensusMessage(rec.msg));
    case 'timeout':
      return concatBytes(
        new Uint8Array([3]),
        BinaryWriter.create().uint64(BigInt(rec.height)).uint32(rec.round).uint32(STEPS.indexOf(rec.step)).finish(),
      );
    case 'endHeight':
      return concatBytes(new Uint8Array([4]), BinaryWriter.create().uint64(BigInt(rec.height)).finish());
  }
}

export function decodeWalRecord(payload: Uint8Array): WalRecord {
  const body = payload.subarray(1);
  switch (payload[0]) {
    case 1:
    case 2:
      return { type: 'message', own: payload[0] === 2, msg: decodeConsensusMessage(body) };
    case 3: {
      const r = new BinaryReader(body);
      const height = Number(r.uint64());
      const round = r.uint32();
      const step = STEPS[r.uint32()];
      if (!step) throw new Error('WAL timeout record has an unknown step');
      return { type: 'timeout', height, round, step };
    }
    case 4:
      return { type: 'endHeight', height: Number(new BinaryReader(body).uint64()) };
    default:
      throw new Error(`unknown WAL record type ${payload[0]}`);
  }
}

export function frame(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + payload.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, crc32(payload));
  dv.setUint32(4, payload.length);
  out.set(payload, 8);
  return out;
}

export interface ScanResult {
  payloads: Uint8Array[];
  /** Bytes of whole, checksummed frames from the start. */
  goodLength: number;
  /** Why scanning stopped before the end, if it did. */
  problem: string | null;
  /** True when the damage reaches the end of the file (a torn write), false when whole frames follow it. */
  damageAtTail: boolean;
}

export function scanFrames(buf: Uint8Array): ScanResult {
  const payloads: Uint8Array[] = [];
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let off = 0;
  while (off < buf.length) {
    if (buf.length - off < 8)
      return { payloads, goodLength: off, problem: 'truncated frame header', damageAtTail: true };
    const crc = dv.getUint32(off);
    const len = dv.getUint32(off + 4);
    if (len > MAX_WAL_RECORD_BYTES) {
      return { payloads, goodLength: off, problem: `frame length ${len} exceeds the maximum`, damageAtTail: true };
    }
    if (off + 8 + len > buf.length)
      return { payloads, goodLength: off, problem: 'truncated frame payload', damageAtTail: true };
    const payload = buf.subarray(off + 8, off + 8 + len);
    if (crc32(payload) !== crc) {
      return { payloads, goodLength: off, problem: 'checksum mismatch', damageAtTail: off + 8 + len === buf.length };
    }
    payloads.push(payload);
    off += 8 + len;
  }
  return { payloads, goodLength: off, problem: null, damageAtTail: false };
}

export interface FileWalOptions {
  /** The WAL directory (data/cs.wal). */
  dir: string;
  /** Compact (rewrite to just the last end-height marker) once the file grows past this. */
  maxBytes?: number;
}

export class FileWal implements Wal {
  private fd: number;
  private size: number;
  private readonly file: string;
  private readonly maxBytes: number;
  /** What open() had to cut off the tail, for the node's log. */
  readonly repaired: string | null;

  constructor(opts: FileWalOptions) {
    fs.mkdirSync(opts.dir, { recursive: true });
    this.file = path.join(opts.dir, 'wal');
    this.maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
    const existing = fs.existsSync(this.file) ? new Uint8Array(fs.readFileSync(this.file)) : new Uint8Array(0);
    const scan = scanFrames(existing);
    let repaired: string | null = null;
    if (scan.problem) {
      if (!scan.damageAtTail) {
        throw new Error(
          `consensus WAL ${this.file} is corrupted at byte ${scan.goodLength} (${scan.problem}) with intact records after it; ` +
            'this is not a torn write. Move the file aside to start without it (the double-sign guard still protects the key).',
        );
      }
      repaired = `cut ${existing.length - scan.goodLength} bytes of a torn final record (${scan.problem}) at byte ${scan.goodLength}`;
      fs.truncateSync(this.file, scan.goodLength);
    }
    this.repaired = repaired;
    this.fd = fs.openSync(this.file, 'a');
    this.size = scan.goodLength;
    if (repaired) fs.fsyncSync(this.fd);
  }

  write(rec: WalRecord): void {
    const f = frame(encodeWalRecord(rec));
    fs.writeSync(this.fd, f);
    this.size += f.length;
  }

  writeSync(rec: WalRecord): void {
    this.write(rec);
    fs.fsyncSync(this.fd);
    if (rec.type === 'endHeight' && this.size > this.maxBytes) this.compact(rec);
  }

  /** Everything before the newest end-height marker is never replayed again; start a fresh file holding only it. */
  private compact(marker: WalRecord): void {
    const tmp = `${this.file}.tmp`;
    const f = frame(encodeWalRecord(marker));
    const fd = fs.openSync(tmp, 'w');
    fs.writeSync(fd, f);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.closeSync(this.fd);
    fs.renameSync(tmp, this.file);
    syncDir(path.dirname(this.file));
    this.fd = fs.openSync(this.file, 'a');
    this.size = f.length;
  }

  recordsAfterEndHeight(height: number): WalRecord[] | null {
    return recordsAfter(scanFrames(new Uint8Array(fs.readFileSync(this.file))).payloads, height);
  }

  close(): void {
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
  }
}

function recordsAfter(payloads: Uint8Array[], height: number): WalRecord[] | null {
  let start = -1;
  const records = payloads.map((p) => {
    try {
      return decodeWalRecord(p);
    } catch {
      return null;
    }
  });
  records.forEach((r, i) => {
    if (r && r.type === 'endHeight' && r.height === height) start = i;
  });
  if (start < 0) return null;
  return records.slice(start + 1).filter((r): r is WalRecord => r !== null);
}

export function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  }
}

/** A WAL in memory (tests and nodes that accept losing the in-flight height). */
export class MemoryWal implements Wal {
  readonly frames: Uint8Array[] = [];
  /** Test hook: throw on the n-th write (counting from 1), as CometBFT's crashing WAL does. */
  failOnWrite: number | null = null;
  writes = 0;

  write(rec: WalRecord): void {
    this.writes++;
    if (this.failOnWrite !== null && this.writes === this.failOnWrite)
      throw new Error(`WAL write ${this.writes} failed (injected)`);
    this.frames.push(encodeWalRecord(rec));
  }

  writeSync(rec: WalRecord): void {
    this.write(rec);
  }

  recordsAfterEndHeight(height: number): WalRecord[] | null {
    return recordsAfter(this.frames, height);
  }

  close(): void {}
}
