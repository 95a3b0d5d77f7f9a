/**
 * Length-prefixed frames on a stream: a 4-byte big-endian length, then the payload. The decoder refuses a frame whose
 * declared length exceeds the channel's cap before buffering it, so an oversize message costs the receiver 4 bytes.
 */

const FRAME_HEADER_BYTES = 4;

export class FrameTooLargeError extends Error {
  constructor(
    readonly length: number,
    readonly max: number,
  ) {
    super(`frame of ${length} bytes exceeds the ${max}-byte limit`);
    this.name = 'FrameTooLargeError';
  }
}

export function encodeFrame(payload: Uint8Array): Uint8Array {
  if (payload.length > 0xffffffff) throw new FrameTooLargeError(payload.length, 0xffffffff);
  const out = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  new DataView(out.buffer).setUint32(0, payload.length, false);
  out.set(payload, FRAME_HEADER_BYTES);
  return out;
}

export class FrameDecoder {
  private buf: Uint8Array = new Uint8Array(0);

  constructor(private readonly maxFrameBytes: number) {}

  /** Appends a chunk and returns every frame now complete. Throws FrameTooLargeError on an oversize header. */
  push(chunk: Uint8Array): Uint8Array[] {
    if (this.buf.length === 0) {
      this.buf = chunk;
    } else {
      const joined = new Uint8Array(this.buf.length + chunk.length);
      joined.set(this.buf, 0);
      joined.set(chunk, this.buf.length);
      this.buf = joined;
    }
    const frames: Uint8Array[] = [];
    let off = 0;
    while (this.buf.length - off >= FRAME_HEADER_BYTES) {
      const len = new DataView(this.buf.buffer, this.buf.byteOffset + off, FRAME_HEADER_BYTES).getUint32(0, false);
      if (len > this.maxFrameBytes) throw new FrameTooLargeError(len, this.maxFrameBytes);
      if (this.buf.length - off - FRAME_HEADER_BYTES < len) break;
      // A copy, so a handler may keep the frame without pinning the whole receive buffer.
      frames.push(this.buf.slice(off + FRAME_HEADER_BYTES, off + FRAME_HEADER_BYTES + len));
      off += FRAME_HEADER_BYTES + len;
    }
    this.buf = this.buf.subarray(off);
    return frames;
  }

  /** Bytes received but not yet part of a complete frame (a truncated frame at end of stream). */
  get pendingBytes(): number {
    return this.buf.length;
  }
}
