import { describe, expect, it } from '@jest/globals';
import { modelFromJson, modelToJson, validateModel } from '../../../modules/registry/model.js';

const good = {
  id: 'llama-3.1-8b',
  name: 'Llama',
  onnxSha256: 'ab'.repeat(32),
  tokenizerSha256: 'cd'.repeat(32),
  unitsPerInputToken: 1n,
  unitsPerOutputToken: 3n,
  contextLength: 8192n,
  validationThreshold: '0.95',
};

describe('registry model validation', () => {
  it('accepts a well-formed model and round-trips its JSON', () => {
    expect(validateModel(good)).toBe(good);
    expect(modelFromJson(modelToJson(good))).toEqual(good);
  });

  it.each([
    [{ id: 'Upper' }, /id/],
    [{ id: '' }, /id/],
    [{ name: ' ' }, /name/],
    [{ onnxSha256: 'AB'.repeat(32) }, /onnx_sha256/],
    [{ tokenizerSha256: 'cd' }, /tokenizer_sha256/],
    [{ unitsPerInputToken: 0n }, /units_per_input_token/],
    [{ unitsPerOutputToken: 0n }, /units_per_output_token/],
    [{ contextLength: 0n }, /context_length/],
    [{ validationThreshold: '1.5' }, /validation_threshold/],
    [{ validationThreshold: '0' }, /validation_threshold/],
    [{ validationThreshold: 'abc' }, /validation_threshold/],
  ])('rejects %o', (patch, msg) => {
    expect(() => validateModel({ ...good, ...patch })).toThrow(msg);
  });

  it('rejects a missing model and malformed JSON numbers', () => {
    expect(() => validateModel(undefined)).toThrow(/required/);
    expect(() => modelFromJson({ ...modelToJson(good), context_length: '-1' })).toThrow(/context_length/);
  });
});
