import { createPublicKey, type KeyObject } from 'node:crypto';
import { toHexLower } from '../types/bytes.js';

/**
 * OpenSSL public-key objects for raw public keys, built once per key (creating a KeyObject costs more than the
 * verification it serves). A raw key becomes DER SPKI by prefixing the algorithm's fixed header. Keys OpenSSL
 * rejects (off the curve) are remembered as null. Bounded: the oldest entry goes first.
 */
export class NativeKeyCache {
  private readonly keys = new Map<string, KeyObject | null>();
  private readonly spkiPrefix: Buffer;

  constructor(
    spkiPrefixHex: string,
    private readonly maxKeys: number,
  ) {
    this.spkiPrefix = Buffer.from(spkiPrefixHex, 'hex');
  }

  get(rawPubKey: Uint8Array): KeyObject | null {
    const id = toHexLower(rawPubKey);
    let key = this.keys.get(id);
    if (key === undefined) {
      try {
        key = createPublicKey({ key: Buffer.concat([this.spkiPrefix, rawPubKey]), format: 'der', type: 'spki' });
      } catch {
        key = null;
      }
      if (this.keys.size >= this.maxKeys) this.keys.delete(this.keys.keys().next().value!);
      this.keys.set(id, key);
    }
    return key;
  }
}
