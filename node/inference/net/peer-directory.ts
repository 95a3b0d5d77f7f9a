/**
 * Which connected peer is which Race participant. The chain names executors by address; the network knows peer ids.
 * Each node answers WHOAMI_PROTOCOL with its Race address, public key and a signature binding that address to its own
 * peer id (the connection authenticates the peer id, the signature the address), so a peer cannot pose as another
 * participant. Peers are asked when they connect and again when a lookup misses.
 */
import { addressBytesFromSecp256k1, toBech32 } from '../../../chain/crypto/address.js';
import { signSecp256k1, verifySecp256k1 } from '../../../chain/crypto/secp256k1.js';
import { fromHex, toHexLower } from '../../../chain/types/bytes.js';
import type { Logger } from '../../../chain/util/log.js';
import { WHOAMI_PROTOCOL, whoamiSignBytes } from './wire.js';
import type { InferenceP2P } from './inference-p2p.js';

export const WHOAMI_LIMITS = {
  maxRequestBytes: 16,
  maxResponseBytes: 1024,
  rateLimit: { messagesPerSec: 5, bytesPerSec: 16 << 10 },
};

export interface PeerDirectoryDeps {
  p2p: InferenceP2P;
  chainId: string;
  key: { address: string; pubKey: Uint8Array; privKey: Uint8Array };
  log: Logger;
}

export class PeerDirectory {
  private readonly byAddress = new Map<string, string>();

  constructor(private readonly deps: PeerDirectoryDeps) {}

  async start(): Promise<void> {
    const { p2p, chainId, key } = this.deps;
    await p2p.handle(
      WHOAMI_PROTOCOL,
      () => {
        const sig = signSecp256k1(whoamiSignBytes(chainId, p2p.peerId, key.address), key.privKey);
        return new TextEncoder().encode(
          JSON.stringify({ address: key.address, pubKey: toHexLower(key.pubKey), sig: toHexLower(sig) }),
        );
      },
      WHOAMI_LIMITS,
    );
    p2p.onPeerEvent((e) => {
      if (e.type === 'connected') void this.ask(e.peer.peerId);
      else for (const [a, p] of this.byAddress) if (p === e.peerId) this.byAddress.delete(a);
    });
  }

  /** The connected peer that proved it is `address`, asking every connected peer once if none is known. */
  async peerOf(address: string): Promise<string | undefined> {
    const known = this.byAddress.get(address);
    if (known) return known;
    await Promise.all(this.deps.p2p.peers().map((p) => this.ask(p.peerId)));
    return this.byAddress.get(address);
  }

  private async ask(peer: string): Promise<void> {
    try {
      const reply = await this.deps.p2p.request(peer, WHOAMI_PROTOCOL, new Uint8Array(0), {
        timeoutMs: 5000,
        maxResponseBytes: WHOAMI_LIMITS.maxResponseBytes,
      });
      const address = verifyWhoami(reply, this.deps.chainId, peer);
      this.byAddress.set(address, peer);
    } catch (err) {
      this.deps.log.debug({ peer, err: (err as Error).message }, 'whoami failed');
    }
  }
}

/** The address a whoami reply proves for `peer`; throws on anything else. */
export function verifyWhoami(reply: Uint8Array, chainId: string, peer: string): string {
  const o = JSON.parse(new TextDecoder().decode(reply)) as { address?: unknown; pubKey?: unknown; sig?: unknown };
  if (typeof o.address !== 'string' || typeof o.pubKey !== 'string' || typeof o.sig !== 'string')
    throw new Error('malformed whoami reply');
  const pubKey = fromHex(o.pubKey);
  if (pubKey.length !== 33 || toBech32(addressBytesFromSecp256k1(pubKey)) !== o.address)
    throw new Error(`whoami key does not give ${o.address}`);
  if (!verifySecp256k1(fromHex(o.sig), whoamiSignBytes(chainId, peer, o.address), pubKey))
    throw new Error('whoami signature does not verify');
  return o.address;
}
