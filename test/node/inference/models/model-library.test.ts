import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { ModelFileServer } from '../../../../node/inference/models/model-file-server.js';
import { ModelFetcher, type ModelFetchNet } from '../../../../node/inference/models/model-fetcher.js';
import { ModelLibrary, type RegisteredModelEntry } from '../../../../node/inference/models/model-library.js';
import { writeHfModel, type WrittenModel } from './hf-fixture.js';

const log = pino({ level: 'silent' });
let root: string;
let model: WrittenModel;
let libs: ModelLibrary[];
let now: number;

function library(dir: string, wanted: () => RegisteredModelEntry[], net?: ModelFetchNet): ModelLibrary {
  const lib = new ModelLibrary(
    { modelsDir: dir, maxModelBytes: 1 << 26, device: 'cpu', retryMs: 1000 },
    {
      wanted,
      fetcher: net && new ModelFetcher({ maxModelBytes: 1 << 26, chunkBytes: 8192 }, { net, log }),
      runnerDeps: { logger: { info: () => {} } },
      nowMs: () => now,
      log,
    },
  );
  libs.push(lib);
  return lib;
}

/** Peers whose requests go straight to other libraries' file servers. */
function netTo(holders: Record<string, ModelLibrary>): ModelFetchNet {
  const servers = Object.fromEntries(
    Object.entries(holders).map(([peer, lib]) => [
      peer,
      new ModelFileServer({ chunkBytes: 8192 }, { lookup: lib.lookupHeld }),
    ]),
  );
  return {
    peers: () => Object.keys(servers),
    request: (peer, body) => servers[peer].handle(body),
    report: () => {},
  };
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'race-lib-'));
  model = writeHfModel(path.join(root, 'a'), 'org/tiny');
  libs = [];
  now = 0;
});
afterEach(async () => {
  for (const l of libs) await l.close();
  rmSync(root, { recursive: true, force: true });
});

describe('ModelLibrary', () => {
  it('serves a model from models_dir with its own tokenizer, and offers only its checked files to peers', async () => {
    const a = library(path.join(root, 'a'), () => [model]);
    await a.sync();
    expect(a.ids()).toEqual(['org/tiny']);
    expect(a.get('org/tiny')!.text.tokenizer.eosId).toBe(1);
    expect(a.lookupHeld('onnx', model.onnxSha256)).toBe(path.join(root, 'a', 'org', 'tiny', 'model.onnx'));
    expect(a.lookupHeld('tokenizerConfig', model.tokenizerSha256)).toMatch(/tokenizer_config\.json$/);
    expect(a.lookupHeld('onnx', model.tokenizerSha256)).toBeUndefined();
  });

  it('fetches a wanted model it does not have from a peer that serves it, then serves it', async () => {
    const a = library(path.join(root, 'a'), () => [model]);
    await a.sync();
    let wanted: RegisteredModelEntry[] = [];
    const b = library(path.join(root, 'b'), () => wanted, netTo({ a }));
    await b.sync();
    expect(b.ids()).toEqual([]);
    wanted = [model]; // registered, and now in b's executor record
    await b.sync();
    expect(b.ids()).toEqual(['org/tiny']);
    const promptIds = b.get('org/tiny')!.text.chatPromptIds([{ role: 'user', content: 'hello' }]);
    const ids: number[] = [];
    for await (const t of b.get('org/tiny')!.runner.generate({ promptIds, maxTokens: 4 })) ids.push(t.id);
    const ref: number[] = [];
    for await (const t of a.get('org/tiny')!.runner.generate({ promptIds, maxTokens: 4 })) ref.push(t.id);
    expect(ids).toEqual(ref);
  });

  it('does not serve files that mismatch the registry, keeps going, and heals once they are fixed', async () => {
    const dir = path.join(root, 'a');
    const onnx = path.join(dir, 'org', 'tiny', 'model.onnx');
    writeFileSync(onnx, Buffer.from('tampered'));
    const a = library(dir, () => [model], netTo({}));
    await a.sync();
    expect(a.ids()).toEqual([]);
    expect(a.problem('org/tiny')).toMatch(/model.onnx has sha256 [0-9a-f]{64} but the registry says onnx_sha256/);
    writeFileSync(onnx, model.onnx);
    await a.sync();
    expect(a.ids()).toEqual([]); // still backing off
    now += 1000;
    await a.sync();
    expect(a.ids()).toEqual(['org/tiny']);
    expect(a.problem('org/tiny')).toBeUndefined();
  });

  it('closes a model whose registered hashes change', async () => {
    let wanted: RegisteredModelEntry[] = [model];
    const a = library(path.join(root, 'a'), () => wanted);
    await a.sync();
    const runner = a.get('org/tiny')!.runner;
    wanted = [{ ...model, onnxSha256: 'ee'.repeat(32) }];
    await a.sync();
    expect(a.ids()).toEqual([]);
    expect(() => runner.generate({ promptIds: [0], maxTokens: 1 })).toThrow(/closed/);
    expect(a.problem('org/tiny')).toMatch(/onnx_sha256 e{64}/);
  });
});
