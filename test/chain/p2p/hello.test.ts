import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { nodeKeyFromSeed } from '../../../chain/crypto/keyfiles.js';
import { checkHello, decodeHello, encodeHello, HelloError, type Hello } from '../../../chain/p2p/hello.js';
import { libp2pKeyFromSeed, nodeIdOfPeer } from '../../../chain/p2p/identity.js';
import { JsonFilePeerBook, KnownPeers, PeerBookFormatError } from '../../../chain/p2p/peer-book.js';

const hello: Hello = {
  chainId: 'race-1',
  nodeId: 'ab'.repeat(20),
  moniker: 'm',
  listenAddrs: ['/ip4/1.2.3.4/tcp/1'],
  version: '1',
};

describe('node identity', () => {
  it('derives the libp2p peer id and the CometBFT node id from one seed', async () => {
    const seed = new Uint8Array(32).fill(9);
    const peerId = peerIdFromPrivateKey(await libp2pKeyFromSeed(seed));
    expect(nodeIdOfPeer(peerId)).toBe(nodeKeyFromSeed(seed).nodeId);
    await expect(libp2pKeyFromSeed(new Uint8Array(31))).rejects.toThrow(/32 bytes/);
  });
});

describe('hello', () => {
  it('round-trips and checks chain id and key', () => {
    const back = decodeHello(encodeHello(hello));
    expect(back).toEqual(hello);
    expect(() => checkHello(back, 'race-1', hello.nodeId)).not.toThrow();
    expect(() => checkHello(back, 'race-2', hello.nodeId)).toThrow(
      expect.objectContaining({ offence: 'wrong-network' }),
    );
    expect(() => checkHello(back, 'race-1', 'cd'.repeat(20))).toThrow(expect.objectContaining({ offence: 'protocol' }));
  });

  it('refuses malformed hellos as protocol errors', () => {
    const bad = [
      new TextEncoder().encode('nope'),
      encodeHello({ ...hello, listenAddrs: 'x' as never }),
      encodeHello({ ...hello, chainId: 5 as never }),
      new Uint8Array(9000),
    ];
    for (const b of bad) expect(() => decodeHello(b)).toThrow(HelloError);
  });
});

describe('peer book', () => {
  it('keeps the newest peers up to its limit', () => {
    const k = new KnownPeers(2);
    for (const [id, t] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['a', 4],
    ] as const)
      k.upsert({ peerId: id, nodeId: id, addrs: [], lastSeenMs: t });
    expect(k.list().map((p) => p.peerId)).toEqual(['a', 'c']);
  });

  it('persists to a JSON file, starts empty without one, and names a corrupt one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peerbook-'));
    try {
      const book = new JsonFilePeerBook(path.join(dir, 'sub', 'addrbook.json'));
      expect(await book.load()).toEqual([]);
      const p = { peerId: 'p', nodeId: 'n', addrs: ['/ip4/1.2.3.4/tcp/1/p2p/p'], lastSeenMs: 5, moniker: 'x' };
      await book.save([p]);
      expect(await book.load()).toEqual([p]);
      fs.writeFileSync(book.file, '{');
      await expect(book.load()).rejects.toBeInstanceOf(PeerBookFormatError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('peer exchange encoding', () => {
  it('keeps only entries whose addresses name their peer', async () => {
    const { decodePex, encodePex } = await import('../../../chain/p2p/pex.js');
    const good = { peerId: 'QmA', addrs: ['/ip4/1.2.3.4/tcp/1/p2p/QmA'] };
    const mixed = encodePex([good, { peerId: 'QmB', addrs: ['/ip4/1.2.3.4/tcp/1/p2p/QmA'] }]);
    expect(decodePex(mixed)).toEqual([good]);
    expect(decodePex(new TextEncoder().encode('[1, {"peerId": 3}, null]'))).toEqual([]);
    expect(() => decodePex(new TextEncoder().encode('{'))).toThrow();
  });
});

describe('peer book in the chain db', () => {
  it('round-trips through the peers sublevel', async () => {
    const { ChainDb, SUBLEVELS } = await import('../../../chain/store/db.js');
    const { LevelPeerBook } = await import('../../../chain/p2p/level-peer-book.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peerbook-db-'));
    const db = await ChainDb.open(dir);
    try {
      const book = new LevelPeerBook(db.sub(SUBLEVELS.peers));
      expect(await book.load()).toEqual([]);
      const p = { peerId: 'p', nodeId: 'n', addrs: [], lastSeenMs: 1 };
      await book.save([p]);
      expect(await new LevelPeerBook(db.sub(SUBLEVELS.peers)).load()).toEqual([p]);
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
