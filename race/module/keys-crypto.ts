import { sha256 } from '@noble/hashes/sha2.js';

/** CometBFT consensus address of an ed25519 key: the first 20 bytes of its SHA-256. */
export function consensusAddress(pubKey: Uint8Array): Uint8Array {
  return sha256(pubKey).slice(0, 20);
}
