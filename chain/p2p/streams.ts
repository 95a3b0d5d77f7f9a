/** Frame I/O over libp2p 3 streams (message streams: `send` + drain, async iteration for reading). */
import type { Stream } from '@libp2p/interface';
import { encodeFrame, FrameDecoder } from './frames.js';

type Chunk = Uint8Array | { subarray(): Uint8Array };

function bytesOf(chunk: Chunk): Uint8Array {
  return chunk instanceof Uint8Array ? chunk : chunk.subarray();
}

export async function writeFrame(stream: Stream, payload: Uint8Array, signal?: AbortSignal): Promise<void> {
  if (!stream.send(encodeFrame(payload))) await stream.onDrain({ signal });
}

/** Reads frames until the remote closes its write end; FrameTooLargeError propagates to the caller. */
export async function readFrames(
  stream: Stream,
  maxFrameBytes: number,
  onFrame: (frame: Uint8Array) => void | Promise<void>,
): Promise<void> {
  const decoder = new FrameDecoder(maxFrameBytes);
  for await (const chunk of stream as AsyncIterable<Chunk>) {
    for (const frame of decoder.push(bytesOf(chunk))) await onFrame(frame);
  }
}

export class StreamEndedError extends Error {
  constructor() {
    super('stream ended before a complete frame arrived');
    this.name = 'StreamEndedError';
  }
}

/** Reads exactly one frame (a request or a response). */
export async function readOneFrame(stream: Stream, maxFrameBytes: number): Promise<Uint8Array> {
  const decoder = new FrameDecoder(maxFrameBytes);
  for await (const chunk of stream as AsyncIterable<Chunk>) {
    const frames = decoder.push(bytesOf(chunk));
    if (frames.length > 0) return frames[0];
  }
  throw new StreamEndedError();
}
