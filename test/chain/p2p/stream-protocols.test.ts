import { afterEach, describe, expect, it } from '@jest/globals';
import type { P2PHost } from '../../../chain/p2p/host.js';
import type { FramedSession, StreamProtocolLimits } from '../../../chain/p2p/stream-protocols.js';
import { cometAddr, connected, makeHost, waitFor } from './harness.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
const LIMITS: StreamProtocolLimits = {
  maxFrameBytes: 64,
  rateLimit: { messagesPerSec: 1000, bytesPerSec: 1 << 20 },
  maxInboundStreams: 4,
};

describe('P2PHost stream protocols: framed duplex sessions', () => {
  const hosts: P2PHost[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((h) => h.stop()));
  });

  async function pair(handler: (s: FramedSession) => Promise<void>): Promise<[P2PHost, P2PHost]> {
    const a = makeHost(31);
    hosts.push(a);
    await a.handleStream('echo', handler, LIMITS);
    await a.start();
    const b = makeHost(32, { persistentPeers: cometAddr(a) });
    hosts.push(b);
    await b.start();
    await waitFor(() => connected(a, b), 'a and b to connect');
    return [a, b];
  }

  it('carries frames both ways while both sides are open, in order, and ends when the remote closes', async () => {
    const [a, b] = await pair(async (s) => {
      for await (const f of s.frames()) {
        if (dec(f) === 'bye') break;
        await s.send(enc(`echo ${dec(f)} from ${s.peer === b.peerId}`));
      }
      await s.closeWrite();
    });
    const s = await b.openStream(a.peerId, 'echo', LIMITS);
    const got: string[] = [];
    const it = s.frames()[Symbol.asyncIterator]();
    for (const m of ['1', '2', '3']) {
      await s.send(enc(m));
      got.push(dec((await it.next()).value as Uint8Array));
    }
    await s.send(enc('bye'));
    expect((await it.next()).done).toBe(true);
    expect(got).toEqual(['echo 1 from true', 'echo 2 from true', 'echo 3 from true']);
  });

  it('refuses to send a frame over the cap, and a peer that sends one anyway has its stream reset', async () => {
    let serverError: unknown;
    const [a, b] = await pair(async (s) => {
      try {
        for await (const _ of s.frames());
      } catch (e) {
        serverError = e;
      }
    });
    const s = await b.openStream(a.peerId, 'echo', LIMITS);
    await expect(s.send(new Uint8Array(65))).rejects.toThrow(/exceeds 64/);
    // A sender whose own cap is larger: the receiver refuses the frame from its header.
    const loose = await b.openStream(a.peerId, 'echo', { ...LIMITS, maxFrameBytes: 1024 });
    await loose.send(new Uint8Array(500));
    await waitFor(() => serverError !== undefined, 'the oversize frame to be refused');
    expect(String(serverError)).toMatch(/too large|exceeds|FrameTooLarge/i);
  });

  it('an unserved protocol or an unconnected peer is a clear error', async () => {
    const [a, b] = await pair(async () => {});
    await expect(b.openStream(a.peerId, 'nothing', LIMITS)).rejects.toThrow();
    await expect(b.openStream(b.peerId, 'echo', LIMITS)).rejects.toThrow(/not connected/);
  });
});
