import { parseDec } from '../../chain/types/dec.js';
import type { Model, Params } from '../../proto/gen/race/registry/v1/registry.js';
import { RegistryErrors } from './errors.js';

export const MODEL_ID_RE = /^[a-z0-9][a-z0-9._\-/:]{0,127}$/;
const SHA256_HEX_RE = /^[0-9a-f]{64}$/;
const MAX_NAME_LEN = 256;
const ONE = 10n ** 18n;

export const DEFAULT_REGISTRY_PARAMS: Params = { maxModels: 1000n };

/** Stateless checks of a model's fields; throws RegistryErrors.InvalidModel saying which field is wrong. */
export function validateModel(m: Model | undefined): Model {
  const bad = (why: string) => RegistryErrors.InvalidModel.wrap(why);
  if (!m) throw bad('model is required');
  if (!MODEL_ID_RE.test(m.id))
    throw bad(
      `id ${JSON.stringify(m.id)} must be 1-128 characters of a-z 0-9 . _ - / : starting with a letter or digit`,
    );
  if (m.name.trim() === '' || m.name.length > MAX_NAME_LEN) throw bad(`name must be 1-${MAX_NAME_LEN} characters`);
  if (!SHA256_HEX_RE.test(m.onnxSha256)) throw bad('onnx_sha256 must be 64 lower-case hex characters');
  if (!SHA256_HEX_RE.test(m.tokenizerSha256)) throw bad('tokenizer_sha256 must be 64 lower-case hex characters');
  if (m.unitsPerInputToken <= 0n) throw bad('units_per_input_token must be positive');
  if (m.unitsPerOutputToken <= 0n) throw bad('units_per_output_token must be positive');
  if (m.contextLength <= 0n) throw bad('context_length must be positive');
  let threshold: bigint;
  try {
    threshold = parseDec(m.validationThreshold);
  } catch {
    throw bad(`validation_threshold ${JSON.stringify(m.validationThreshold)} is not a decimal`);
  }
  if (threshold <= 0n || threshold > ONE) throw bad('validation_threshold must be in (0, 1]');
  return m;
}

export function validateRegistryParams(p: Params | undefined): Params {
  if (!p) throw RegistryErrors.InvalidParams.wrap('params are required');
  if (p.maxModels <= 0n) throw RegistryErrors.InvalidParams.wrap('max_models must be positive');
  return p;
}

/** Amino JSON of a model: snake_case, uint64 as strings, empty fields omitted (the Go amino rules). */
export function modelToAmino(m: Model): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (m.id) out.id = m.id;
  if (m.name) out.name = m.name;
  if (m.onnxSha256) out.onnx_sha256 = m.onnxSha256;
  if (m.tokenizerSha256) out.tokenizer_sha256 = m.tokenizerSha256;
  if (m.unitsPerInputToken !== 0n) out.units_per_input_token = m.unitsPerInputToken.toString();
  if (m.unitsPerOutputToken !== 0n) out.units_per_output_token = m.unitsPerOutputToken.toString();
  if (m.contextLength !== 0n) out.context_length = m.contextLength.toString();
  if (m.validationThreshold) out.validation_threshold = m.validationThreshold;
  return out;
}

export function modelFromAmino(j: Record<string, unknown>): Model {
  const s = (k: string) => (j[k] === undefined ? '' : String(j[k]));
  const n = (k: string) => (j[k] === undefined ? 0n : BigInt(String(j[k])));
  return {
    id: s('id'),
    name: s('name'),
    onnxSha256: s('onnx_sha256'),
    tokenizerSha256: s('tokenizer_sha256'),
    unitsPerInputToken: n('units_per_input_token'),
    unitsPerOutputToken: n('units_per_output_token'),
    contextLength: n('context_length'),
    validationThreshold: s('validation_threshold'),
  };
}

/** Genesis/CLI JSON of a model (snake_case, all fields). */
export interface ModelJson {
  id: string;
  name: string;
  onnx_sha256: string;
  tokenizer_sha256: string;
  units_per_input_token: string;
  units_per_output_token: string;
  context_length: string;
  validation_threshold: string;
}

export function modelToJson(m: Model): ModelJson {
  return {
    id: m.id,
    name: m.name,
    onnx_sha256: m.onnxSha256,
    tokenizer_sha256: m.tokenizerSha256,
    units_per_input_token: m.unitsPerInputToken.toString(),
    units_per_output_token: m.unitsPerOutputToken.toString(),
    context_length: m.contextLength.toString(),
    validation_threshold: m.validationThreshold,
  };
}

function uint(v: unknown, what: string): bigint {
  if (typeof v !== 'string' || !/^[0-9]{1,20}$/.test(v))
    throw new Error(`${what} must be an unsigned integer string, got ${JSON.stringify(v)}`);
  return BigInt(v);
}

export function modelFromJson(j: ModelJson): Model {
  if (!j || typeof j !== 'object') throw new Error('model must be an object');
  return {
    id: String(j.id ?? ''),
    name: String(j.name ?? ''),
    onnxSha256: String(j.onnx_sha256 ?? ''),
    tokenizerSha256: String(j.tokenizer_sha256 ?? ''),
    unitsPerInputToken: uint(j.units_per_input_token, 'units_per_input_token'),
    unitsPerOutputToken: uint(j.units_per_output_token, 'units_per_output_token'),
    contextLength: uint(j.context_length, 'context_length'),
    validationThreshold: String(j.validation_threshold ?? ''),
  };
}
