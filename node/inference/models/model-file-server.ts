/**
 * The serving side of the model-file protocol: chunks of files this node has checked against the registry (and
 * only those), looked up by the hash a requester asks for. Each answer is one bounded chunk read at its offset, so
 * a large model never sits in memory for a peer.
 */
import { open } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { decodeChunkRequest, encodeChunkResponse, MODEL_CHUNK_BYTES, type ChunkResponse } from './model-fetch-codec.js';
import type { ModelFileKind } from './model-files.js';

/** A checked file's path; 'absent' when the model has no such file (no tokenizer_config.json); undefined: not held. */
export type HeldFileLookup = (kind: ModelFileKind, sha256: string) => string | 'absent' | undefined;

export class ModelFileServer {
  constructor(
    private readonly opts: { chunkBytes: number } = { chunkBytes: MODEL_CHUNK_BYTES },
    private readonly deps: { lookup: HeldFileLookup },
  ) {}

  /** The request handler (P2PHost.handle(MODEL_PROTOCOL, …)); a malformed request is an error reply. */
  readonly handle = async (request: Uint8Array): Promise<Uint8Array> => encodeChunkResponse(await this.answer(request));

  private async answer(request: Uint8Array): Promise<ChunkResponse> {
    const req = decodeChunkRequest(request);
    const file = this.deps.lookup(req.kind, req.sha256);
    if (file === undefined) return { status: 'not-held', total: 0, data: new Uint8Array(0) };
    if (file === 'absent') return { status: 'no-such-file', total: 0, data: new Uint8Array(0) };
    const total = statSync(file).size;
    if (req.offset > total) throw new Error(`offset ${req.offset} is past the end (${total} bytes)`);
    const len = Math.min(req.maxBytes, this.opts.chunkBytes, total - req.offset);
    const data = new Uint8Array(len);
    const fh = await open(file, 'r');
    try {
      let got = 0;
      while (got < len) {
        const { bytesRead } = await fh.read(data, got, len - got, req.offset + got);
        if (bytesRead === 0) throw new Error(`${file} shrank while being served`);
        got += bytesRead;
      }
    } finally {
      await fh.close();
    }
    return { status: 'chunk', total, data };
  }
}
