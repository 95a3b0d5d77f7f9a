/**
 * Fetches a registered model's files from peers by their registered hashes (model-fetch-codec.ts), so a model
 * governance registers reaches executors with no outside download. Every byte of a download comes from one peer:
 * a peer whose answers break the protocol (a size over the cap, a size that changes, an empty or oversized chunk)
 * or whose finished file does not hash to the registered value is reported to the p2p layer's scores and dropped
 * for good by this fetcher, and the download restarts from another peer. A transport failure keeps the partial
 * file and resumes from its end with the same peer, a few times, before moving on. Nothing is renamed into the
 * model's folder until its hash matches, so a half-fetched or lied-about file is never served.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../../chain/util/log.js';
import {
  decodeChunkResponse,
  encodeChunkRequest,
  MODEL_CHUNK_BYTES,
  MODEL_RESPONSE_HEADER_BYTES,
} from './model-fetch-codec.js';
import {
  MAX_TOKENIZER_FILE_BYTES,
  MODEL_FILE_NAMES,
  modelDir,
  sha256File,
  usesByteTokenizer,
  type ModelFileKind,
  type RegisteredHashes,
} from './model-files.js';
import { tokenizerDigest } from './tokenizer-digest.js';

export interface ModelFetchNet {
  /** Connected peers to ask, in the order to ask them. */
  peers(): string[];
  /** One request/response exchange; throws on a transport failure (timeout, disconnect, refusal). */
  request(peer: string, body: Uint8Array, maxResponseBytes: number): Promise<Uint8Array>;
  /** The peer sent bad data (p2p peer scores). */
  report(peer: string, detail: string): void;
}

export interface ModelFetcherOpts {
  maxModelBytes: number;
  chunkBytes?: number;
  /** Transport failures tolerated per peer per file before the next peer is tried. */
  retriesPerPeer?: number;
}

export class ModelFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFetchError';
  }
}

/** The peer broke the protocol or sent a file that is not the registered one. */
class PeerLied extends Error {}

type Download = 'done' | 'not-held' | 'no-such-file';

export class ModelFetcher {
  private readonly dropped = new Set<string>();
  private readonly chunkBytes: number;
  /** The current fetch's abort signal (the node shutting down): checked before every chunk. */
  private signal: AbortSignal | undefined;

  constructor(
    private readonly opts: ModelFetcherOpts,
    private readonly deps: { net: ModelFetchNet; log: Logger },
  ) {
    this.chunkBytes = opts.chunkBytes ?? MODEL_CHUNK_BYTES;
  }

  /** Peers this fetcher no longer asks because they lied. */
  droppedPeers(): string[] {
    return [...this.dropped];
  }

  /** Brings the model's missing files into modelsDir/<id>/, each verified; throws ModelFetchError when no peer delivers. */
  async fetch(model: RegisteredHashes, modelsDir: string, signal?: AbortSignal): Promise<void> {
    this.signal = signal;
    const dir = modelDir(modelsDir, model.id);
    mkdirSync(dir, { recursive: true });
    // Files already present are the operator's: checked by the caller, never overwritten here.
    if (!existsSync(path.join(dir, MODEL_FILE_NAMES.onnx)))
      await this.fromSomePeer(model, 'model.onnx', (peer) => this.fetchOnnx(peer, model, dir));
    if (!usesByteTokenizer(model) && !existsSync(path.join(dir, MODEL_FILE_NAMES.tokenizer)))
      await this.fromSomePeer(model, 'tokenizer', (peer) => this.fetchTokenizer(peer, model, dir));
  }

  private async fromSomePeer(
    model: RegisteredHashes,
    what: string,
    attempt: (peer: string) => Promise<'done' | 'not-held' | 'failed'>,
  ): Promise<void> {
    const tried: string[] = [];
    for (const peer of this.deps.net.peers()) {
      if (this.dropped.has(peer)) continue;
      let outcome: 'done' | 'not-held' | 'failed' | 'lied';
      try {
        outcome = await attempt(peer);
      } catch (e) {
        if (!(e instanceof PeerLied)) throw e;
        this.dropped.add(peer);
        this.deps.net.report(peer, `model ${model.id} ${what}: ${e.message}`);
        this.deps.log.warn({ peer, model: model.id, file: what, err: e.message }, 'peer sent bad model data; dropped');
        outcome = 'lied';
      }
      if (outcome === 'done') {
        this.deps.log.info({ peer, model: model.id, file: what }, 'model file fetched and verified');
        return;
      }
      tried.push(`${peer} (${outcome})`);
    }
    throw new ModelFetchError(
      `model ${model.id}: no peer delivered its ${what}${tried.length ? `; tried ${tried.join(', ')}` : ' (no peers to ask)'}`,
    );
  }

  private async fetchOnnx(peer: string, model: RegisteredHashes, dir: string): Promise<'done' | 'not-held' | 'failed'> {
    const final = path.join(dir, MODEL_FILE_NAMES.onnx);
    const part = `${final}.part`;
    const got = await this.download(peer, 'onnx', model.onnxSha256, part, this.opts.maxModelBytes);
    if (got === 'no-such-file') throw new PeerLied('answered that the model has no ONNX file');
    if (got !== 'done') return got;
    const sha = await sha256File(part);
    if (sha !== model.onnxSha256) {
      rmSync(part, { force: true });
      throw new PeerLied(`sent a file with sha256 ${sha}, not the registered ${model.onnxSha256}`);
    }
    renameSync(part, final);
    return 'done';
  }

  private async fetchTokenizer(
    peer: string,
    model: RegisteredHashes,
    dir: string,
  ): Promise<'done' | 'not-held' | 'failed'> {
    const tokFinal = path.join(dir, MODEL_FILE_NAMES.tokenizer);
    const cfgFinal = path.join(dir, MODEL_FILE_NAMES.tokenizerConfig);
    const tokPart = `${tokFinal}.part`;
    const cfgPart = `${cfgFinal}.part`;
    const tok = await this.download(peer, 'tokenizer', model.tokenizerSha256, tokPart, MAX_TOKENIZER_FILE_BYTES);
    if (tok === 'no-such-file') throw new PeerLied('answered that the model has no tokenizer.json');
    if (tok !== 'done') return tok;
    const cfg = await this.download(peer, 'tokenizerConfig', model.tokenizerSha256, cfgPart, MAX_TOKENIZER_FILE_BYTES);
    if (cfg === 'not-held' || cfg === 'failed') return cfg;
    const tokBytes = await readFile(tokPart);
    const cfgBytes = cfg === 'done' ? await readFile(cfgPart) : undefined;
    const digest = tokenizerDigest(tokBytes, cfgBytes);
    if (digest !== model.tokenizerSha256) {
      rmSync(tokPart, { force: true });
      rmSync(cfgPart, { force: true });
      throw new PeerLied(`sent tokenizer files with digest ${digest}, not the registered ${model.tokenizerSha256}`);
    }
    renameSync(tokPart, tokFinal);
    if (cfg === 'done') renameSync(cfgPart, cfgFinal);
    else rmSync(cfgFinal, { force: true });
    return 'done';
  }

  /**
   * One file from one peer into `part`, resuming after transport failures (up to retriesPerPeer in a row); 'failed' leaves
   * no partial file behind, since the next peer starts over.
   */
  private async download(
    peer: string,
    kind: ModelFileKind,
    sha256: string,
    part: string,
    cap: number,
  ): Promise<Download | 'failed'> {
    rmSync(part, { force: true });
    let failures = 0;
    let total: number | undefined;
    for (;;) {
      if (this.signal?.aborted) throw new ModelFetchError('model fetch aborted: the node is shutting down');
      const offset = existsSync(part) ? statSync(part).size : 0;
      if (total !== undefined && offset === total) return 'done';
      let reply: Uint8Array;
      try {
        reply = await this.deps.net.request(
          peer,
          encodeChunkRequest({ kind, sha256, offset, maxBytes: this.chunkBytes }),
          this.chunkBytes + MODEL_RESPONSE_HEADER_BYTES,
        );
      } catch (e) {
        this.deps.log.debug({ peer, kind, offset, err: (e as Error).message }, 'model chunk request failed');
        if (++failures > (this.opts.retriesPerPeer ?? 2)) {
          rmSync(part, { force: true });
          return 'failed';
        }
        continue;
      }
      failures = 0;
      let r;
      try {
        r = decodeChunkResponse(reply);
      } catch (e) {
        throw new PeerLied((e as Error).message);
      }
      if (r.status !== 'chunk') {
        if (offset > 0) throw new PeerLied(`answered ${r.status} after sending part of the file`);
        return r.status;
      }
      if (r.total > cap) throw new PeerLied(`announced ${r.total} bytes, over the cap of ${cap}`);
      if (total !== undefined && r.total !== total)
        throw new PeerLied(`announced ${r.total} bytes after announcing ${total}`);
      total = r.total;
      if (r.data.length > this.chunkBytes) throw new PeerLied(`sent a chunk of ${r.data.length} bytes`);
      if (offset + r.data.length > total) throw new PeerLied(`sent bytes past the announced end (${total})`);
      if (r.data.length === 0 && offset < total) throw new PeerLied(`sent an empty chunk at ${offset} of ${total}`);
      // An empty file still gets its (empty) part, so the loop sees offset === total.
      await appendFile(part, r.data);
    }
  }
}
