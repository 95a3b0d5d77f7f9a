/** The default model as `modules/registry` records it in the devnet and testnet genesis. */
import { sha256 } from '@noble/hashes/sha2.js';
import { DEFAULT_MODEL } from './default-model.js';

/**
 * The byte tokenizer has no file to hash, so its digest is that of a name that changes with its definition (ids
 * 0-255 are bytes, 256 BOS, 257 EOS): a node serving another tokenizer under this model id would not match.
 */
export const BYTE_TOKENIZER_SHA256 = Buffer.from(
  sha256(new TextEncoder().encode('race-byte-tokenizer/v1:258')),
).toString('hex');

/** Registry JSON (snake_case, uint64 as strings) of the default model. One unit per input token, two per output token. */
export function defaultModelRegistryJson() {
  return {
    id: DEFAULT_MODEL.config.name,
    name: 'Race byte-level default model (untrained until the training issue: gibberish)',
    onnx_sha256: DEFAULT_MODEL.sha256,
    tokenizer_sha256: BYTE_TOKENIZER_SHA256,
    units_per_input_token: '1',
    units_per_output_token: '2',
    context_length: DEFAULT_MODEL.config.contextLength.toString(),
    validation_threshold: '0.9',
  };
}
