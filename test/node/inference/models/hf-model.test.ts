import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BYTE_TOKENIZER_SHA256 } from '../../../../node/inference/model/default-registration.js';
import { DEFAULT_MODEL } from '../../../../node/inference/model/default-model.js';
import { buildInferenceModel } from '../../../../node/inference/model/build-onnx.js';
import { sha256Hex } from '../../../../node/inference/runner/model-cache.js';
import { cudaProviderLibrary } from '../../../../race/engine/session.js';
import { compileChatTemplate } from '../../../../node/inference/models/hf-chat-template.js';
import { loadHfTokenizer, TokenizerFileError } from '../../../../node/inference/models/hf-tokenizer.js';
import { checkModelFiles, ModelFilesError, modelDir } from '../../../../node/inference/models/model-files.js';
import { hfModelText } from '../../../../node/inference/models/model-text.js';
import { ModelInterfaceError, readDecoderConfig } from '../../../../node/inference/models/onnx-interface.js';
import { openRegisteredModel, type OpenedModel } from '../../../../node/inference/models/open-model.js';
import {
  HF_CONFIG,
  HF_VOCAB,
  tokenizerConfigJson,
  tokenizerJson,
  writeHfModel,
  type WrittenModel,
} from './hf-fixture.js';

const quiet = { info: () => {} };
const LIMITS = { maxModelBytes: 64 << 20 };
let modelsDir: string;
let written: WrittenModel;

beforeAll(() => {
  modelsDir = mkdtempSync(path.join(tmpdir(), 'race-models-'));
  written = writeHfModel(modelsDir, 'test/tiny-hf:v1');
});
afterAll(() => rmSync(modelsDir, { recursive: true, force: true }));

describe('Hugging Face tokenizer.json', () => {
  const t = loadHfTokenizer(tokenizerJson(), tokenizerConfigJson());

  it('encodes with the merges and decodes back, specials skipped', () => {
    const ids = t.tokenizer.encode('hello world');
    expect(ids.map((id) => t.hf.id_to_token(id))).toEqual(['hello', 'Ġwor', 'l', 'd']);
    expect(t.tokenizer.decode([t.bos!, ...ids, t.tokenizer.eosId])).toBe('hello world');
    expect(t.tokenizer.vocab).toBe(HF_VOCAB);
    expect(t.tokenizer.bosId).toBe(0);
    expect(t.tokenizer.eosId).toBe(1);
  });

  it('streams multi-byte characters whole, in the same text as one decode', () => {
    const text = 'héllo 世界 🙂 world';
    const ids = t.tokenizer.encode(text);
    const dec = t.tokenizer.streamDecoder();
    const pieces = ids.map((id) => dec.push(id));
    expect(pieces.join('') + dec.flush()).toBe(text);
    expect(pieces.every((p) => !p.includes('\uFFFD'))).toBe(true);
  });

  it('refuses malformed files with a clear error', () => {
    expect(() => loadHfTokenizer('{nope', undefined)).toThrow(/tokenizer.json is not valid JSON/);
    expect(() => loadHfTokenizer('{}', undefined)).toThrow(/no model section/);
    expect(() => loadHfTokenizer(tokenizerJson(), '{}')).toThrow(/must name eos_token/);
    expect(() => loadHfTokenizer(tokenizerJson(), JSON.stringify({ eos_token: '<eot>' }))).toThrow(
      /eos_token "<eot>" is not in the vocabulary/,
    );
    expect(() => t.tokenizer.decode([HF_VOCAB])).toThrow(/outside/);
  });
});

describe('chat template (Jinja)', () => {
  it('renders the conversation with the generation prompt, and prompt ids carry the special ids', () => {
    const text = hfModelText(tokenizerJson(), tokenizerConfigJson());
    const msgs = [
      { role: 'system' as const, content: 'be brief' },
      { role: 'user' as const, content: 'hello' },
    ];
    const ids = text.chatPromptIds(msgs);
    expect(text.tokenizer.decode(ids)).toBe('<|system|>be briefhello'); // only the specials are skipped
    expect(ids[0]).toBe(0); // <s>
    expect(ids).toContain(2); // <|user|>
    expect(ids.at(-1)).toBe(3); // <|assistant|>
    expect(text.completionPromptIds('hello')).toEqual([0, ...text.tokenizer.encode('hello')]);
  });

  it('refuses a template that is missing or does not parse', () => {
    const tokens = { bosToken: '<s>', eosToken: '</s>' };
    expect(() => compileChatTemplate(undefined, tokens)).toThrow(TokenizerFileError);
    expect(() => compileChatTemplate('{% for m in messages %}', tokens)).toThrow(/chat_template does not parse/);
  });
});

describe('models_dir files checked against the registry', () => {
  it('accepts files whose hashes are the registered ones', async () => {
    const files = await checkModelFiles(modelsDir, written, LIMITS);
    expect(files.dir).toBe(path.join(modelsDir, 'test', 'tiny-hf:v1'));
    expect(files.tokenizerConfig).toBeDefined();
  });

  it('refuses an ONNX or tokenizer hash mismatch, naming the file and both hashes', async () => {
    const other = '0'.repeat(64);
    await expect(checkModelFiles(modelsDir, { ...written, onnxSha256: other }, LIMITS)).rejects.toThrow(
      new RegExp(`model.onnx has sha256 ${written.onnxSha256} but the registry says onnx_sha256 ${other}; not served`),
    );
    await expect(checkModelFiles(modelsDir, { ...written, tokenizerSha256: other }, LIMITS)).rejects.toThrow(
      /tokenizer files \(tokenizer.json \+ tokenizer_config.json\) have digest .* tokenizer_sha256 0{64}; not served/,
    );
  });

  it('covers tokenizer_config.json: dropping or editing it changes the digest', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'race-models-'));
    try {
      const m = writeHfModel(dir, 'edited');
      writeFileSync(path.join(dir, 'edited', 'tokenizer_config.json'), tokenizerConfigJson('{{ "evil" }}'));
      await expect(checkModelFiles(dir, m, LIMITS)).rejects.toThrow(ModelFilesError);
      rmSync(path.join(dir, 'edited', 'tokenizer_config.json'));
      await expect(checkModelFiles(dir, m, LIMITS)).rejects.toThrow(/\(tokenizer.json\) have digest/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses missing files, an oversized model and ids that would leave models_dir', async () => {
    await expect(checkModelFiles(modelsDir, { ...written, id: 'absent' }, LIMITS)).rejects.toThrow(/does not exist/);
    await expect(checkModelFiles(modelsDir, written, { maxModelBytes: 1000 })).rejects.toThrow(/over the cap of 1000/);
    expect(() => modelDir(modelsDir, 'a/../../etc')).toThrow(/cannot name a folder/);
  });

  it('a byte-tokenizer model needs only model.onnx', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'race-models-'));
    try {
      const onnx = buildInferenceModel(
        { ...DEFAULT_MODEL.config, layers: 1, dModel: 16, heads: 2, ffn: 16 },
        Buffer.from('b'),
      );
      const id = 'byte-small';
      const f = path.join(dir, id, 'model.onnx');
      (await import('node:fs')).mkdirSync(path.dirname(f), { recursive: true });
      writeFileSync(f, onnx);
      const files = await checkModelFiles(
        dir,
        { id, onnxSha256: sha256Hex(onnx), tokenizerSha256: BYTE_TOKENIZER_SHA256 },
        LIMITS,
      );
      expect(files.tokenizer).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the decoder shape comes from the ONNX graph', () => {
  it('reads the builder config back', () => {
    expect(readDecoderConfig(written.onnx, 'x')).toEqual({ ...HF_CONFIG, name: 'x' });
  });

  it('refuses bytes that are not a Race decoder graph', () => {
    expect(() => readDecoderConfig(new Uint8Array([0xff, 0xff, 0xff]), 'x')).toThrow(ModelInterfaceError);
    expect(() => readDecoderConfig(new TextEncoder().encode('hello world, not onnx'), 'x')).toThrow(
      ModelInterfaceError,
    );
  });
});

describe('a registered HF model served by the runner', () => {
  let opened: OpenedModel;
  beforeAll(async () => {
    const files = await checkModelFiles(modelsDir, written, LIMITS);
    opened = await openRegisteredModel(files, written, { device: 'cpu' }, { logger: quiet });
  });
  afterAll(() => opened.runner.close());

  it('generates from a chat prompt with the model tokenizer, reproducibly', async () => {
    expect(opened.contextLength).toBe(40); // registry 40 < graph 48
    const promptIds = opened.text.chatPromptIds([{ role: 'user', content: 'hello world' }]);
    const run = async () => {
      const ids: number[] = [];
      for await (const t of opened.runner.generate({ promptIds, maxTokens: 8, temperature: 0.8, seed: 7 }))
        ids.push(t.id);
      return ids;
    };
    const a = await run();
    expect(a.length).toBeGreaterThan(0);
    expect(a.every((id) => id >= 0 && id < HF_VOCAB)).toBe(true);
    expect(await run()).toEqual(a);
    expect(typeof opened.text.tokenizer.decode(a)).toBe('string');
  });

  it('refuses a prompt over the registry context length', () => {
    expect(() => opened.runner.generate({ promptIds: new Array<number>(40).fill(5), maxTokens: 1 })).toThrow(
      /context length 40/,
    );
  });

  it("takes the Race's device choice: auto is CUDA when its provider loads, else CPU with the fallback logged", async () => {
    const logs: string[] = [];
    const files = await checkModelFiles(modelsDir, written, LIMITS);
    const m = await openRegisteredModel(
      files,
      written,
      { device: 'auto' },
      { logger: { info: (_d, msg) => logs.push(msg) } },
    );
    try {
      if (cudaProviderLibrary() === null) {
        expect(m.runner.device).toBe('cpu');
        expect(logs).toContain('race: CUDA provider unavailable, falling back to the CPU provider');
      } else {
        expect(['cuda', 'cpu']).toContain(m.runner.device);
        if (m.runner.device === 'cpu') expect(logs.join('\n')).toMatch(/falling back to the CPU provider/);
      }
    } finally {
      await m.runner.close();
    }
  });

  it('bad model bytes with a matching hash give an error, not a served model', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'race-models-'));
    try {
      const m = writeHfModel(dir, 'broken');
      const junk = new TextEncoder().encode('not an onnx graph at all');
      writeFileSync(path.join(dir, 'broken', 'model.onnx'), junk);
      const files = await checkModelFiles(dir, { ...m, onnxSha256: sha256Hex(junk) }, LIMITS);
      await expect(openRegisteredModel(files, m, { device: 'cpu' }, { logger: quiet })).rejects.toThrow(
        ModelInterfaceError,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
