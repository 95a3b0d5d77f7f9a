/** How a backend stores the private key inside a key file: in the clear (`test`) or sealed (`file`). */
import { fromHex, toHexLower } from '../../types/bytes.js';
import { InvalidKeyFileError } from './types.js';

export interface SecretCodec {
  seal(privkey: Uint8Array, aad: Uint8Array): Promise<unknown>;
  /** `file` names the key file for error messages. */
  open(secret: unknown, aad: Uint8Array, file: string): Promise<Uint8Array>;
}

/** The SDK's `test` backend: no protection at all. For devnets and CI only. */
export class PlainSecretCodec implements SecretCodec {
  async seal(privkey: Uint8Array): Promise<unknown> {
    return { kind: 'plain', privkey: toHexLower(privkey) };
  }

  async open(secret: unknown, _aad: Uint8Array, file: string): Promise<Uint8Array> {
    const s = secret as { kind?: unknown; privkey?: unknown };
    if (typeof s !== 'object' || s === null || s.kind !== 'plain' || typeof s.privkey !== 'string') {
      throw new InvalidKeyFileError(
        file,
        'secret is not an unencrypted key (was this file written by another backend?)',
      );
    }
    try {
      const key = fromHex(s.privkey);
      if (key.length === 32) return key;
    } catch {
      // fall through to the error below
    }
    throw new InvalidKeyFileError(file, 'secret.privkey must be 64 hex characters');
  }
}
