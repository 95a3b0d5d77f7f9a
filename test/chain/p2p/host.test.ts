import { afterEach, describe, expect, it } from '@jest/globals';
import type { P2PHost } from '../../../chain/p2p/host.js';
import { RequestError } from '../../../chain/p2p/req-resp.js';
import { cometAddr, connected, loopbackAddr, makeHost, waitFor } from './harness.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('P2PHost: connecting and exchanging messages', () => {
  const hosts: P2PHost[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((h) => h.stop()));
  });

  it('two hosts connect through a CometBFT-style persistent peer and exchange gossip, direct and request/response', async () => {
    const a = makeHost(1);
    hosts.push(a);
    await a.handle('echo', (req, from) => enc(`${dec(req)} from ${from.slice(-6)}`));
    await a.start();
    const b = makeHost(2, { persistentPeers: cometAddr(a) });
    hosts.push(b);
    await b.start();
    await waitFor(() => connected(a, b), 'a and b to connect');

    const pb = a.peers().find((p) => p.peerId === b.peerId)!;
    expect(pb).toMatchObject({ nodeId: b.nodeId, moniker: 'node2', outbound: false });
    expect(b.peers()[0]).toMatchObject({ nodeId: a.nodeId, moniker: 'node1', outbound: true });

    const gotGossip: string[] = [];
    a.on('consensus', (d, from) => gotGossip.push(`${dec(d)}|${from === b.peerId}`));
    await waitFor(() => b.gossipPeers('consensus').includes(a.peerId), 'gossip subscription');
    expect(await b.broadcast('consensus', enc('vote-1'))).toBe(1);
    await waitFor(() => gotGossip.length === 1, 'gossip delivery');
    expect(gotGossip).toEqual(['vote-1|true']);

    const gotDirect: string[] = [];
    b.on('direct', (d) => gotDirect.push(dec(d)));
    for (let i = 0; i < 20; i++) await a.send(b.peerId, 'direct', enc(`m${i}`));
    await waitFor(() => gotDirect.length === 20, 'direct delivery');
    expect(gotDirect).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));

    const reply = await b.request(a.peerId, 'echo', enc('ping'), { timeoutMs: 5000 });
    expect(dec(reply)).toBe(`ping from ${b.peerId.slice(-6)}`);
    await expect(a.request(b.peerId, 'echo', enc('x'))).rejects.toBeInstanceOf(RequestError);
  });

  it('request/response reports remote errors and timeouts as RequestError', async () => {
    const a = makeHost(3);
    hosts.push(a);
    await a.handle('fail', () => {
      throw new Error('no such block');
    });
    await a.handle('slow', () => new Promise<Uint8Array>((r) => setTimeout(() => r(enc('late')), 1500).unref()));
    await a.start();
    const b = makeHost(4, { persistentPeers: [loopbackAddr(a)] });
    hosts.push(b);
    await b.start();
    await waitFor(() => connected(a, b), 'connect');
    await expect(b.request(a.peerId, 'fail', enc('1'))).rejects.toMatchObject({
      failure: 'remote-error',
      message: expect.stringContaining('no such block'),
    });
    await expect(b.request(a.peerId, 'slow', enc('1'), { timeoutMs: 200 })).rejects.toMatchObject({
      failure: 'timeout',
    });
    await expect(b.request(a.peerId, 'unknown', enc('1'))).rejects.toBeInstanceOf(RequestError);
  });

  it('three hosts: gossip from one reaches both others, and a persistent peer is redialled after it restarts', async () => {
    const a = makeHost(5);
    hosts.push(a);
    await a.start();
    // No peer exchange, so b and c stay unconnected and c can only hear b through a.
    const b = makeHost(6, { persistentPeers: [cometAddr(a)], pex: false });
    const c = makeHost(7, { persistentPeers: [cometAddr(a), loopbackAddr(a)], pex: false });
    hosts.push(b, c);
    await Promise.all([b.start(), c.start()]);
    await waitFor(() => connected(a, b) && connected(a, c), 'star topology');

    const got = new Map<string, string[]>([
      ['a', []],
      ['b', []],
      ['c', []],
    ]);
    a.on('consensus', (d) => got.get('a')!.push(dec(d)));
    b.on('consensus', (d) => got.get('b')!.push(dec(d)));
    c.on('consensus', (d) => got.get('c')!.push(dec(d)));
    // Relaying goes to the mesh, which gossipsub forms on its heartbeat: wait for a's mesh to hold both.
    await waitFor(
      () => b.gossipPeers('consensus').length >= 1 && a.gossipMeshPeers('consensus').length === 2,
      'a full mesh at a',
    );
    await b.broadcast('consensus', enc('proposal'));
    // c is not connected to b: it gets the message through a's relay.
    await waitFor(() => got.get('a')!.length === 1 && got.get('c')!.length === 1, 'relayed gossip');
    expect(got.get('b')).toEqual([]);

    // a goes away and comes back on the same port; b and c redial it on their own.
    const port = Number(/\/tcp\/(\d+)/.exec(loopbackAddr(a))![1]);
    await a.stop();
    await waitFor(() => b.peers().length === 0 && c.peers().length === 0, 'disconnect seen');
    const a2 = makeHost(5, { listenAddress: `tcp://127.0.0.1:${port}` });
    hosts.push(a2);
    await a2.start();
    await waitFor(() => connected(a2, b) && connected(a2, c), 'redial after restart');
    expect(connected(b, c)).toBe(false);
  });

  it('peer exchange: two nodes that only know a seed find each other through it', async () => {
    const seedNode = makeHost(8);
    hosts.push(seedNode);
    await seedNode.start();
    const a = makeHost(9, { seeds: cometAddr(seedNode) });
    hosts.push(a);
    await a.start();
    await waitFor(() => connected(a, seedNode), 'a reaches the seed');
    const b = makeHost(10, { seeds: [loopbackAddr(seedNode)] });
    hosts.push(b);
    await b.start();
    await waitFor(() => connected(a, b), 'b finds a through the seed');
    expect(
      b
        .knownPeers()
        .map((p) => p.peerId)
        .sort(),
    ).toEqual([a.peerId, seedNode.peerId].sort());
  });
});
