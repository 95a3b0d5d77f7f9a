import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import type { ChannelSpec } from '../../../chain/p2p/channels.js';
import type { P2PHost } from '../../../chain/p2p/host.js';
import { JsonFilePeerBook } from '../../../chain/p2p/peer-book.js';
import type { DropReason, P2PMetrics } from '../../../chain/p2p/metrics.js';
import { connected, cometAddr, loopbackAddr, makeHost, TEST_CHANNELS, waitFor } from './harness.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function countingMetrics(): P2PMetrics & { drops: Array<[string, DropReason]>; bans: number } {
  const m = {
    drops: [] as Array<[string, DropReason]>,
    bans: 0,
    messageReceived() {},
    messageSent() {},
    messageDropped(channel: string, reason: DropReason) {
      m.drops.push([channel, reason]);
    },
    peerReported() {},
    peerBanned() {
      m.bans++;
    },
    peerCount() {},
  };
  return m;
}

/** The same channels with a bigger size cap: how a misbehaving (or misconfigured) peer gets oversize data out. */
const LOOSE: ChannelSpec[] = TEST_CHANNELS.map((c) => ({ ...c, maxMessageBytes: 1 << 20 }));

describe('P2PHost: scoring, bans and refusals', () => {
  const hosts: P2PHost[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'p2p-test-'));
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((h) => h.stop()));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('drops an oversize direct message, scores the sender down, and still delivers the next good one', async () => {
    const metrics = countingMetrics();
    const a = makeHost(11, {}, { metrics });
    hosts.push(a);
    await a.start();
    const b = makeHost(12, { persistentPeers: [cometAddr(a)], channels: LOOSE });
    hosts.push(b);
    await b.start();
    await waitFor(() => connected(a, b), 'connect');
    const got: number[] = [];
    a.on('direct', (d) => got.push(d.length));
    await b.send(a.peerId, 'direct', new Uint8Array(10_000));
    await waitFor(() => metrics.drops.some(([c, r]) => c === 'direct' && r === 'oversize'), 'oversize drop');
    expect(got).toEqual([]);
    expect(a.peerScore(b.peerId)).toBeLessThan(0);
    expect(a.isBanned(b.peerId)).toBe(false);
    // The stream was reset; the next message opens a new one and gets through.
    await waitFor(() => {
      void b.send(a.peerId, 'direct', new Uint8Array(100)).catch(() => {});
      return got.length > 0;
    }, 'next message');
    expect(got[0]).toBe(100);
  });

  it('rejects an oversize gossip message and one its validator rejects, scoring the relaying peer down', async () => {
    const metrics = countingMetrics();
    const channels: ChannelSpec[] = TEST_CHANNELS.map((c) =>
      c.kind === 'gossip' ? { ...c, validate: (d: Uint8Array) => (d[0] === 0xff ? 'reject' : 'accept') } : c,
    );
    const a = makeHost(13, { channels }, { metrics });
    hosts.push(a);
    await a.start();
    const b = makeHost(14, { persistentPeers: [cometAddr(a)], channels: LOOSE });
    hosts.push(b);
    await b.start();
    await waitFor(() => connected(a, b) && b.gossipPeers('consensus').includes(a.peerId), 'connect + subscribe');
    const got: number[] = [];
    a.on('consensus', (d) => got.push(d[0]));
    await b.broadcast('consensus', new Uint8Array(8000).fill(1));
    await b.broadcast('consensus', Uint8Array.of(0xff));
    await b.broadcast('consensus', Uint8Array.of(7));
    await waitFor(() => got.length === 1, 'the good message');
    expect(got).toEqual([7]);
    expect(metrics.drops).toEqual(
      expect.arrayContaining([
        ['consensus', 'oversize'],
        ['consensus', 'rejected'],
      ]),
    );
    expect(a.peerScore(b.peerId)).toBeLessThanOrEqual(-(25 + 20) + 1);
  });

  it('a peer that floods beyond its rate limit is banned, disconnected and not let back in', async () => {
    const metrics = countingMetrics();
    const tight: ChannelSpec[] = TEST_CHANNELS.map((c) =>
      c.kind === 'direct' ? { ...c, rateLimit: { messagesPerSec: 5, bytesPerSec: 1 << 20, burstSec: 1 } } : c,
    );
    const a = makeHost(15, { channels: tight }, { metrics });
    hosts.push(a);
    await a.start();
    const b = makeHost(16);
    hosts.push(b);
    await b.start();
    await b.dial(loopbackAddr(a));
    await waitFor(() => connected(a, b), 'connect');
    const got: number[] = [];
    a.on('direct', () => got.push(1));
    for (let i = 0; i < 40 && a.peers().length > 0; i++)
      await b.send(a.peerId, 'direct', enc(`flood ${i}`)).catch(() => {});
    await waitFor(() => a.peers().length === 0 && b.peers().length === 0, 'flooder disconnected');
    expect(a.isBanned(b.peerId)).toBe(true);
    expect(metrics.bans).toBe(1);
    expect(metrics.drops.filter(([, r]) => r === 'rate-limit').length).toBeGreaterThanOrEqual(10);
    expect(got.length).toBeLessThanOrEqual(6);
    // The ban holds: a new connection is cut by a (its gater or the open-connection check) and never says hello.
    await b.dial(loopbackAddr(a)).catch(() => {});
    await new Promise((r) => setTimeout(r, 300));
    expect(a.peers()).toEqual([]);
    expect(b.peers()).toEqual([]);
  });

  it('reportPeer from a higher layer bans after enough invalid reports; a persistent peer is redialled once the ban ends', async () => {
    let now = 1_000_000;
    const a = makeHost(17, { scoring: { banMs: 1500 } }, { now: () => now });
    hosts.push(a);
    await a.start();
    const b = makeHost(18);
    hosts.push(b);
    await b.start();
    // a keeps b as a persistent peer.
    const a2 = makeHost(17, { persistentPeers: [cometAddr(b)], scoring: { banMs: 1500 } }, { now: () => now });
    await a.stop();
    hosts.push(a2);
    await a2.start();
    await waitFor(() => connected(a2, b), 'connect');
    for (let i = 0; i < 4; i++) a2.reportPeer(b.peerId, 'invalid');
    expect(a2.isBanned(b.peerId)).toBe(false);
    a2.reportPeer(b.peerId, 'invalid');
    expect(a2.isBanned(b.peerId)).toBe(true);
    await waitFor(() => a2.peers().length === 0, 'banned peer dropped');
    // Time passes beyond the ban (the injected clock); the keeper's timer (real) fires after the ban delay.
    now += 2000;
    await waitFor(() => connected(a2, b), 'redial after the ban', 15_000);
    expect(a2.isBanned(b.peerId)).toBe(false);
  });

  it('refuses a node of another chain on both sides', async () => {
    const metrics = countingMetrics();
    const a = makeHost(19, {}, { metrics });
    hosts.push(a);
    await a.start();
    const other = makeHost(20, { chainId: 'other-chain', persistentPeers: [cometAddr(a)] });
    hosts.push(other);
    await other.start();
    await waitFor(() => metrics.bans === 1, 'a bans the foreign node');
    expect(a.isBanned(other.peerId)).toBe(true);
    await waitFor(() => a.peers().length === 0 && other.peers().length === 0, 'no connection kept');
    // And gossip never crosses: topics are chain-scoped.
    expect(a.gossipPeers('consensus')).toEqual([]);
  });

  it('remembers peers across a restart and redials them from the peer book', async () => {
    const file = path.join(tmp, 'addrbook.json');
    const b = makeHost(21);
    hosts.push(b);
    await b.start();
    const a = makeHost(22, {}, { peerBook: new JsonFilePeerBook(file) });
    hosts.push(a);
    await a.start();
    await a.dial(cometAddr(b));
    await waitFor(() => connected(a, b), 'first connection');
    await a.stop();
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      peers: Array<{ peerId: string; nodeId: string; addrs: string[] }>;
    };
    expect(saved.peers).toEqual([expect.objectContaining({ peerId: b.peerId, nodeId: b.nodeId })]);
    expect(saved.peers[0].addrs).toContain(loopbackAddr(b));
    await waitFor(() => b.peers().length === 0, 'b sees a leave');

    // No persistent peers, no seeds: only the book tells a2 about b.
    const a2 = makeHost(22, {}, { peerBook: new JsonFilePeerBook(file) });
    hosts.push(a2);
    await a2.start();
    await waitFor(() => connected(a2, b), 'redial from the book');
    expect(a2.peers()[0]).toMatchObject({ peerId: b.peerId, outbound: true });
  });

  it('stops cleanly even with connections, streams and timers live', async () => {
    const a = makeHost(23);
    const b = makeHost(24, { persistentPeers: [] });
    hosts.push(a, b);
    await a.start();
    await b.start();
    await b.dial(loopbackAddr(a));
    await waitFor(() => connected(a, b), 'connect');
    await b.send(a.peerId, 'direct', enc('x'));
    await Promise.all([a.stop(), b.stop()]);
    expect(a.started || b.started).toBe(false);
    expect(() => a.peerId).toThrow('not started');
    await a.stop();
    // And a stopped host starts again.
    await a.start();
    await b.start();
    await b.dial(loopbackAddr(a));
    await waitFor(() => connected(a, b), 'reconnect after restart of the same objects');
  });
});
