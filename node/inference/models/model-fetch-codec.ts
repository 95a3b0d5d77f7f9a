/**
 * The model-file protocol (request/response `model`, i.e. /race/<chainId>/req/model/1.0.0): one chunk of one file
 * per request, asked for by the registered hash it must end up matching. Request (46 bytes): version 1 | kind (0
 * model.onnx, 1 tokenizer.json, 2 tokenizer_config.json) | sha256 (the registry's onnx_sha256 for kind 0, its
 * tokenizer_sha256 for 1 and 2) | offset u64 | max bytes u32. Response: status (0 chunk, 1 the peer holds no model
 * with that hash, 2 the model has no such file) | the file's total size u64 | the chunk's bytes.
 */
import type { ModelFileKind } from './model-files.js';

export const MODEL_PROTOCOL = 'model';
export const MODEL_PROTOCOL_VERSION = 1;
/** One chunk's cap: a response stays well under the request protocol's frame limit. */
export const MODEL_CHUNK_BYTES = 1 << 20;
export const MODEL_REQUEST_BYTES = 46;
export const MODEL_RESPONSE_HEADER_BYTES = 9;

export const KIND_CODES: Readonly<Record<ModelFileKind, number>> = Object.freeze({
  onnx: 0,
  tokenizer: 1,
  tokenizerConfig: 2,
});
const KINDS_BY_CODE: readonly ModelFileKind[] = ['onnx', 'tokenizer', 'tokenizerConfig'];

export type ChunkStatus = 'chunk' | 'not-held' | 'no-such-file';
const STATUS_CODES: Readonly<Record<ChunkStatus, number>> = { chunk: 0, 'not-held': 1, 'no-such-file': 2 };
const STATUSES: readonly ChunkStatus[] = ['chunk', 'not-held', 'no-such-file'];

export interface ChunkRequest {
  kind: ModelFileKind;
  /** Lower-case hex. */
  sha256: string;
  offset: number;
  maxBytes: number;
}

export interface ChunkResponse {
  status: ChunkStatus;
  total: number;
  data: Uint8Array;
}

const HEX64 = /^[0-9a-f]{64}$/;

export function encodeChunkRequest(r: ChunkRequest): Uint8Array {
  if (!HEX64.test(r.sha256)) throw new Error(`model chunk request: sha256 must be 64 lower-case hex digits`);
  const b = Buffer.alloc(MODEL_REQUEST_BYTES);
  b[0] = MODEL_PROTOCOL_VERSION;
  b[1] = KIND_CODES[r.kind];
  Buffer.from(r.sha256, 'hex').copy(b, 2);
  b.writeBigUInt64BE(BigInt(r.offset), 34);
  b.writeUInt32BE(r.maxBytes, 42);
  return new Uint8Array(b);
}

export function decodeChunkRequest(bytes: Uint8Array): ChunkRequest {
  if (bytes.length !== MODEL_REQUEST_BYTES)
    throw new Error(`model chunk request must be ${MODEL_REQUEST_BYTES} bytes, got ${bytes.length}`);
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (b[0] !== MODEL_PROTOCOL_VERSION) throw new Error(`model chunk request version ${b[0]} is not supported`);
  const kind = KINDS_BY_CODE[b[1]];
  if (kind === undefined) throw new Error(`model chunk request: unknown file kind ${b[1]}`);
  const offset = b.readBigUInt64BE(34);
  if (offset > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('model chunk request: offset out of range');
  const maxBytes = b.readUInt32BE(42);
  if (maxBytes === 0) throw new Error('model chunk request: max bytes must be positive');
  return { kind, sha256: b.subarray(2, 34).toString('hex'), offset: Number(offset), maxBytes };
}

export function encodeChunkResponse(r: ChunkResponse): Uint8Array {
  const out = new Uint8Array(MODEL_RESPONSE_HEADER_BYTES + r.data.length);
  out[0] = STATUS_CODES[r.status];
  new DataView(out.buffer).setBigUint64(1, BigInt(r.total));
  out.set(r.data, MODEL_RESPONSE_HEADER_BYTES);
  return out;
}

export function decodeChunkResponse(bytes: Uint8Array): ChunkResponse {
  if (bytes.length < MODEL_RESPONSE_HEADER_BYTES) throw new Error(`model chunk response of ${bytes.length} bytes`);
  const status = STATUSES[bytes[0]];
  if (status === undefined) throw new Error(`model chunk response status ${bytes[0]} is unknown`);
  const total = new DataView(bytes.buffer, bytes.byteOffset, bytes.length).getBigUint64(1);
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('model chunk response: total size out of range');
  return { status, total: Number(total), data: bytes.subarray(MODEL_RESPONSE_HEADER_BYTES) };
}
