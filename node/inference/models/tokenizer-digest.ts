/**
 * What a registered tokenizer_sha256 covers. A model's tokenizer is tokenizer.json and, when the model ships one,
 * tokenizer_config.json (chat template, BOS/EOS names): both shape the prompt, so both are under the hash. With no
 * config the digest is plain sha256(tokenizer.json) (the registry's "sha256 of the tokenizer file"); with one it is
 * sha256 of a domain-separated, length-prefixed pair, so neither file can be added, dropped or swapped unseen.
 */
import { createHash } from 'node:crypto';

const PAIR_DOMAIN = 'race-tokenizer-pair/v1\0';

export function tokenizerDigest(tokenizerJson: Uint8Array, tokenizerConfig?: Uint8Array): string {
  const h = createHash('sha256');
  if (tokenizerConfig === undefined) return h.update(tokenizerJson).digest('hex');
  const len = (n: number) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(n));
    return b;
  };
  return h
    .update(PAIR_DOMAIN)
    .update(len(tokenizerJson.length))
    .update(tokenizerJson)
    .update(len(tokenizerConfig.length))
    .update(tokenizerConfig)
    .digest('hex');
}
