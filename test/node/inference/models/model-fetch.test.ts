import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import {
  decodeChunkRequest,
  decodeChunkResponse,
  encodeChunkRequest,
  encodeChunkResponse,
  MODEL_REQUEST_BYTES,
} from '../../../../node/inference/models/model-fetch-codec.js';
import { ModelFileServer } from '../../../../node/inference/models/model-file-server.js';
import { ModelFetcher, type ModelFetchNet } from '../../../../node/inference/models/model-fetcher.js';
import { checkModelFiles, type ModelFileKind } from '../../../../node/inference/models/model-files.js';
import { tokenizerConfigJson } from './hf-fixture.js';
import { writeHfModel, type WrittenModel } from './hf-fixture.js';

const log = pino({ level: 'silent' });
const CHUNK = 4096;
type Handler = (req: Uint8Array) => Promise<Uint8Array>;

let root: string;
let model: WrittenModel;
let honest: ModelFileServer;

/** A server holding `m`'s files under `dir` (what a peer with the model in models_dir answers). */
function serverFor(m: WrittenModel, dir: string): ModelFileServer {
  const base = path.join(dir, ...m.id.split('/'));
  return new ModelFileServer(
    { chunkBytes: CHUNK },
    {
      lookup: (kind: ModelFileKind, sha: string) => {
        if (kind === 'onnx') return sha === m.onnxSha256 ? path.join(base, 'model.onnx') : undefined;
        if (sha !== m.tokenizerSha256) return undefined;
        return path.join(base, kind === 'tokenizer' ? 'tokenizer.json' : 'tokenizer_config.json');
      },
    },
  );
}

interface TestNet extends ModelFetchNet {
  reports: string[];
  /** Offsets asked, per peer. */
  requests: Record<string, number[]>;
  /** Offsets of model.onnx asked, per peer. */
  onnxOffsets: Record<string, number[]>;
}

function net(peers: Record<string, Handler>): TestNet {
  const reports: string[] = [];
  const requests: Record<string, number[]> = {};
  const onnxOffsets: Record<string, number[]> = {};
  return {
    reports,
    requests,
    onnxOffsets,
    peers: () => Object.keys(peers),
    request: async (peer, body, max) => {
      const r = decodeChunkRequest(body);
      (requests[peer] ??= []).push(r.offset);
      if (r.kind === 'onnx') (onnxOffsets[peer] ??= []).push(r.offset);
      const reply = await peers[peer](body);
      if (reply.length > max) throw new Error('too large');
      return reply;
    },
    report: (peer) => reports.push(peer),
  };
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'race-fetch-'));
  model = writeHfModel(path.join(root, 'holder'), 'org/tiny:1');
  honest = serverFor(model, path.join(root, 'holder'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const fetcher = (n: ModelFetchNet, maxModelBytes = 1 << 26) =>
  new ModelFetcher({ maxModelBytes, chunkBytes: CHUNK }, { net: n, log });

describe('model chunk codec', () => {
  it('round-trips and refuses malformed requests', () => {
    const r = { kind: 'tokenizerConfig' as const, sha256: 'ab'.repeat(32), offset: 123456789, maxBytes: 4096 };
    expect(decodeChunkRequest(encodeChunkRequest(r))).toEqual(r);
    const bytes = encodeChunkRequest(r);
    expect(() => decodeChunkRequest(bytes.subarray(1))).toThrow(`must be ${MODEL_REQUEST_BYTES} bytes`);
    expect(() => decodeChunkRequest(Uint8Array.from(bytes, (b, i) => (i === 1 ? 9 : b)))).toThrow(/unknown file kind/);
    expect(() => decodeChunkRequest(Uint8Array.from(bytes, (b, i) => (i === 0 ? 2 : b)))).toThrow(/version 2/);
    expect(() => encodeChunkRequest({ ...r, sha256: 'XY' })).toThrow(/64 lower-case hex/);
    const resp = { status: 'chunk' as const, total: 10, data: Uint8Array.of(1, 2, 3) };
    expect(decodeChunkResponse(encodeChunkResponse(resp))).toEqual(resp);
    expect(() => decodeChunkResponse(Uint8Array.of(7, 0, 0, 0, 0, 0, 0, 0, 0))).toThrow(/status 7/);
  });
});

describe('model file server', () => {
  it('serves bounded chunks of held files only', async () => {
    const ask = async (kind: ModelFileKind, sha: string, offset: number, maxBytes = 1 << 20) =>
      decodeChunkResponse(await honest.handle(encodeChunkRequest({ kind, sha256: sha, offset, maxBytes })));
    const first = await ask('onnx', model.onnxSha256, 0);
    expect(first.status).toBe('chunk');
    expect(first.total).toBe(model.onnx.length);
    expect(first.data).toEqual(model.onnx.subarray(0, CHUNK)); // capped by the server's chunk size
    expect((await ask('onnx', model.onnxSha256, 100, 10)).data).toEqual(model.onnx.subarray(100, 110));
    expect((await ask('onnx', 'cd'.repeat(32), 0)).status).toBe('not-held');
    await expect(ask('onnx', model.onnxSha256, model.onnx.length + 1)).rejects.toThrow(/past the end/);
    await expect(honest.handle(new Uint8Array(3))).rejects.toThrow(/must be 46 bytes/);
  });
});

describe('fetching a model by its registered hashes', () => {
  const dest = () => path.join(root, 'fetcher');

  it('brings every file, chunk by chunk, verified, from an honest peer', async () => {
    const n = net({ honest: honest.handle });
    await fetcher(n).fetch(model, dest());
    const files = await checkModelFiles(dest(), model, { maxModelBytes: 1 << 26 });
    expect(readFileSync(files.onnx)).toEqual(Buffer.from(model.onnx));
    expect(n.requests.honest.length).toBeGreaterThan(model.onnx.length / CHUNK);
    expect(n.reports).toEqual([]);
  });

  it('drops a peer that sends another file under the registered hash, and gets the model from the next', async () => {
    const other = writeHfModel(path.join(root, 'liar'), 'org/tiny:1', 'other-seed');
    const liarServer = serverFor({ ...other, onnxSha256: model.onnxSha256 }, path.join(root, 'liar'));
    const n = net({ liar: liarServer.handle, honest: honest.handle });
    const f = fetcher(n);
    await f.fetch(model, dest());
    expect(n.reports).toEqual(['liar']);
    expect(f.droppedPeers()).toEqual(['liar']);
    await expect(checkModelFiles(dest(), model, { maxModelBytes: 1 << 26 })).resolves.toBeDefined();
    // Dropped for good: a later fetch never asks it again.
    rmSync(dest(), { recursive: true, force: true });
    const before = n.requests.liar.length;
    await f.fetch(model, dest());
    expect(n.requests.liar.length).toBe(before);
  });

  it('drops a peer whose tokenizer_config.json is not the registered one', async () => {
    const base = path.join(root, 'holder', 'org', 'tiny:1');
    const evil = encodeChunkResponse({
      status: 'chunk',
      total: tokenizerConfigJson('{{ "evil" }}').length,
      data: Buffer.from(tokenizerConfigJson('{{ "evil" }}')),
    });
    const liar: Handler = async (req) =>
      decodeChunkRequest(req).kind === 'tokenizerConfig' ? evil : honest.handle(req);
    const n = net({ liar, honest: honest.handle });
    await fetcher(n).fetch(model, dest());
    expect(n.reports).toEqual(['liar']);
    expect(readFileSync(path.join(dest(), 'org', 'tiny:1', 'tokenizer_config.json'))).toEqual(
      readFileSync(path.join(base, 'tokenizer_config.json')),
    );
  });

  const lies: [string, (req: Uint8Array) => Promise<Uint8Array>, RegExp | null][] = [
    [
      'announces a size over the cap',
      async () => encodeChunkResponse({ status: 'chunk', total: 2 ** 40, data: new Uint8Array(10) }),
      null,
    ],
    [
      'changes the announced size',
      async (req) => {
        const r = decodeChunkResponse(await honest.handle(req));
        return encodeChunkResponse({ ...r, total: r.total + decodeChunkRequest(req).offset });
      },
      null,
    ],
    [
      'sends an empty chunk before the end',
      async () => encodeChunkResponse({ status: 'chunk', total: 100, data: new Uint8Array(0) }),
      null,
    ],
    ['sends garbage', async () => Uint8Array.of(1, 2), null],
    [
      'sends bytes past the announced end',
      async () => encodeChunkResponse({ status: 'chunk', total: 5, data: new Uint8Array(6) }),
      null,
    ],
  ];
  it.each(lies)('drops a peer that %s, before reading more than a chunk or two', async (_name, liar) => {
    const n = net({ liar, honest: honest.handle });
    await fetcher(n).fetch(model, dest());
    expect(n.reports).toEqual(['liar']);
    expect(n.requests.liar.length).toBeLessThanOrEqual(2);
  });

  it('resumes from the partial file after transport failures with the same peer', async () => {
    let calls = 0;
    const flaky: Handler = async (req) => {
      if (++calls % 3 === 0) throw new Error('stream reset');
      return honest.handle(req);
    };
    const n = net({ flaky });
    await fetcher(n).fetch(model, dest());
    const offsets = n.onnxOffsets.flaky;
    // A failed chunk is asked again at its offset, never from 0: the file is resumed, not restarted.
    expect(offsets.every((o, i) => i === 0 || o >= offsets[i - 1])).toBe(true);
    expect(offsets.filter((o) => o === 0)).toHaveLength(1);
    expect(offsets.length).toBeGreaterThan(Math.ceil(model.onnx.length / CHUNK));
    expect(n.reports).toEqual([]);
    await expect(checkModelFiles(dest(), model, { maxModelBytes: 1 << 26 })).resolves.toBeDefined();
  });

  it('fails clearly when no peer holds the model, and leaves nothing half-written', async () => {
    const empty = new ModelFileServer({ chunkBytes: CHUNK }, { lookup: () => undefined });
    const down: Handler = async () => {
      throw new Error('not connected');
    };
    const n = net({ empty: empty.handle, down });
    await expect(fetcher(n).fetch(model, dest())).rejects.toThrow(
      /model org\/tiny:1: no peer delivered its model.onnx; tried empty \(not-held\), down \(failed\)/,
    );
    expect(existsSync(path.join(dest(), 'org', 'tiny:1', 'model.onnx'))).toBe(false);
    expect(existsSync(path.join(dest(), 'org', 'tiny:1', 'model.onnx.part'))).toBe(false);
    expect(n.reports).toEqual([]);
  });

  it('stops at the next chunk once aborted (the node shutting down)', async () => {
    const abort = new AbortController();
    let calls = 0;
    const slow: Handler = async (req) => {
      if (++calls === 2) abort.abort();
      return honest.handle(req);
    };
    const n = net({ slow });
    await expect(fetcher(n).fetch(model, dest(), abort.signal)).rejects.toThrow(/aborted: the node is shutting down/);
    expect(calls).toBe(2);
    expect(existsSync(path.join(dest(), 'org', 'tiny:1', 'model.onnx'))).toBe(false);
  });

  it('refuses a model bigger than the configured cap from an honest peer too', async () => {
    const n = net({ honest: honest.handle });
    await expect(fetcher(n, 1000).fetch(model, dest())).rejects.toThrow(/no peer delivered/);
  });
});
