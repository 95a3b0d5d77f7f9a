/**
 * ConsensusTransport over the p2p host: votes, proposals, decisions and status on the gossip channel `consensus`,
 * duplicate-vote evidence on `evidence`. The channel validators run before gossipsub relays anything: a message that
 * does not decode, or that the engine's screen finds forged (a bad signature at the height both sides are at), is
 * rejected, which scores the sending peer down (and is never relayed). Broadcasts are fire-and-forget: the engine
 * re-gossips its state every `peer_gossip_interval`, so a lost message is sent again.
 */
import { decodeConsensusMessage, encodeConsensusMessage } from '../../chain/consensus/message-codec.js';
import type { ConsensusTransport, MessageVerdict } from '../../chain/consensus/transport.js';
import type { ConsensusMessage } from '../../chain/consensus/types.js';
import { GOSSIP_MAX_MESSAGE_BYTES, type P2PHost, type Verdict } from '../../chain/p2p/index.js';
import type { Logger } from '../../chain/util/log.js';

export const CONSENSUS_CHANNEL = 'consensus';
export const EVIDENCE_CHANNEL = 'evidence';

type Handler = (msg: ConsensusMessage, from: string) => void;

export class P2PConsensusTransport implements ConsensusTransport {
  private screen: ((msg: ConsensusMessage) => MessageVerdict) | null = null;
  private readonly handlers: Handler[] = [];
  /** Messages decoded by the validator, so delivery does not decode the same bytes again. */
  private readonly decoded = new WeakMap<Uint8Array, ConsensusMessage>();
  private attached = false;
  private readonly log: Logger;
  /** What the `consensus` channel carries; the engine builds proposals that fit. */
  readonly maxMessageBytes = GOSSIP_MAX_MESSAGE_BYTES;

  constructor(
    _opts: Record<string, never>,
    private readonly deps: { p2p: Pick<P2PHost, 'broadcast' | 'on'>; logger: Logger },
  ) {
    this.log = deps.logger.child({ module: 'net-consensus' });
  }

  /** Validator for the `consensus` channel (goes into the host's channel list). */
  readonly validateConsensus = (bytes: Uint8Array): Verdict => this.check(bytes, false);

  /** Validator for the `evidence` channel: evidence messages only. */
  readonly validateEvidence = (bytes: Uint8Array): Verdict => this.check(bytes, true);

  private check(bytes: Uint8Array, evidenceOnly: boolean): Verdict {
    let msg: ConsensusMessage;
    try {
      msg = decodeConsensusMessage(bytes);
    } catch (err) {
      this.log.debug({ err: (err as Error).message }, 'undecodable consensus message');
      return 'reject';
    }
    if (evidenceOnly !== (msg.type === 'evidence')) return 'reject';
    const verdict = this.screen?.(msg) ?? 'accept';
    if (verdict === 'accept') this.decoded.set(bytes, msg);
    return verdict;
  }

  broadcast(msg: ConsensusMessage): void {
    const channel = msg.type === 'evidence' ? EVIDENCE_CHANNEL : CONSENSUS_CHANNEL;
    let bytes: Uint8Array;
    try {
      bytes = encodeConsensusMessage(msg);
    } catch (err) {
      this.log.error({ err: (err as Error).message, type: msg.type }, 'cannot encode a consensus message');
      return;
    }
    this.deps.p2p
      .broadcast(channel, bytes)
      .catch((err: unknown) => this.log.debug({ channel, err: (err as Error).message }, 'broadcast failed'));
  }

  onMessage(handler: Handler): void {
    this.handlers.push(handler);
    if (this.attached) return;
    this.attached = true;
    for (const channel of [CONSENSUS_CHANNEL, EVIDENCE_CHANNEL]) {
      this.deps.p2p.on(channel, (bytes, from) => {
        let msg = this.decoded.get(bytes);
        if (!msg) {
          try {
            msg = decodeConsensusMessage(bytes);
          } catch {
            return;
          }
        }
        for (const h of this.handlers) h(msg, from);
      });
    }
  }

  setScreen(screen: (msg: ConsensusMessage) => MessageVerdict): void {
    this.screen = screen;
  }
}
