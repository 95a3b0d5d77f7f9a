import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { NetMetrics } from '../../../node/services/net-metrics.js';

describe('NetMetrics', () => {
  it('exports the p2p counters on the registry', async () => {
    const registry = new Registry();
    const m = new NetMetrics(registry);
    m.peerCount(3);
    m.messageReceived('consensus', 100);
    m.messageReceived('consensus', 50);
    m.messageSent('mempool', 10);
    m.messageDropped('consensus', 'rejected');
    m.peerReported('invalid');
    m.peerBanned();
    const text = await registry.metrics();
    expect(text).toContain('race_p2p_peers 3');
    expect(text).toContain('race_p2p_messages_received_total{channel="consensus"} 2');
    expect(text).toContain('race_p2p_message_receive_bytes_total{channel="consensus"} 150');
    expect(text).toContain('race_p2p_messages_sent_total{channel="mempool"} 1');
    expect(text).toContain('race_p2p_messages_dropped_total{channel="consensus",reason="rejected"} 1');
    expect(text).toContain('race_p2p_peer_reports_total{offence="invalid"} 1');
    expect(text).toContain('race_p2p_peer_bans_total 1');
  });
});
