/**
 * One ed25519 key for both identities: the CometBFT node id (hex of sha256(pubkey)[:20], as in `<id>@host:port`)
 * and the libp2p peer id (the identity multihash of the same public key), so either can be checked against the other.
 */
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys';
import type { Ed25519PrivateKey, PeerId } from '@libp2p/interface';
import { consensusAddress, ED25519_SEED_LENGTH } from '../crypto/ed25519.js';
import { toHexLower } from '../types/bytes.js';

export async function libp2pKeyFromSeed(seed: Uint8Array): Promise<Ed25519PrivateKey> {
  if (seed.length !== ED25519_SEED_LENGTH)
    throw new Error(`node key seed must be ${ED25519_SEED_LENGTH} bytes, got ${seed.length}`);
  return generateKeyPairFromSeed('Ed25519', seed);
}

/** The CometBFT node id of an ed25519 peer; undefined for other key types (which our nodes never use). */
export function nodeIdOfPeer(peerId: PeerId): string | undefined {
  if (peerId.type !== 'Ed25519' || !peerId.publicKey) return undefined;
  return toHexLower(consensusAddress(peerId.publicKey.raw));
}
