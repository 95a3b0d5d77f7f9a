/** The p2p layer's counters (P2PMetrics) on the node's Prometheus registry; labels are channel names and fixed enums. */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { DropReason, P2PMetrics, PeerOffence } from '../../chain/p2p/index.js';

export class NetMetrics implements P2PMetrics {
  readonly peers: Gauge;
  readonly received: Counter<'channel'>;
  readonly receivedBytes: Counter<'channel'>;
  readonly sent: Counter<'channel'>;
  readonly sentBytes: Counter<'channel'>;
  readonly dropped: Counter<'channel' | 'reason'>;
  readonly reported: Counter<'offence'>;
  readonly banned: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.peers = new Gauge({ name: 'race_p2p_peers', help: 'Connected peers (hello done)', registers });
    this.received = new Counter({
      name: 'race_p2p_messages_received_total',
      help: 'Accepted inbound messages by channel',
      labelNames: ['channel'],
      registers,
    });
    this.receivedBytes = new Counter({
      name: 'race_p2p_message_receive_bytes_total',
      help: 'Accepted inbound bytes by channel',
      labelNames: ['channel'],
      registers,
    });
    this.sent = new Counter({
      name: 'race_p2p_messages_sent_total',
      help: 'Outbound messages by channel',
      labelNames: ['channel'],
      registers,
    });
    this.sentBytes = new Counter({
      name: 'race_p2p_message_send_bytes_total',
      help: 'Outbound bytes by channel',
      labelNames: ['channel'],
      registers,
    });
    this.dropped = new Counter({
      name: 'race_p2p_messages_dropped_total',
      help: 'Inbound messages dropped, by channel and reason',
      labelNames: ['channel', 'reason'],
      registers,
    });
    this.reported = new Counter({
      name: 'race_p2p_peer_reports_total',
      help: 'Peer offences reported, by offence',
      labelNames: ['offence'],
      registers,
    });
    this.banned = new Counter({ name: 'race_p2p_peer_bans_total', help: 'Peers banned', registers });
  }

  messageReceived(channel: string, bytes: number): void {
    this.received.inc({ channel });
    this.receivedBytes.inc({ channel }, bytes);
  }

  messageSent(channel: string, bytes: number): void {
    this.sent.inc({ channel });
    this.sentBytes.inc({ channel }, bytes);
  }

  messageDropped(channel: string, reason: DropReason): void {
    this.dropped.inc({ channel, reason });
  }

  peerReported(offence: PeerOffence): void {
    this.reported.inc({ offence });
  }

  peerBanned(): void {
    this.banned.inc();
  }

  peerCount(n: number): void {
    this.peers.set(n);
  }
}
