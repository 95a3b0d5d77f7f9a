import { describe, expect, it } from '@jest/globals';
import { DEFAULT_PEER_SCORE_PARAMS, PeerScoreBook } from '../../../chain/p2p/peer-score.js';
import { PeerRateLimiter, TokenBucket } from '../../../chain/p2p/token-bucket.js';
import { backoffDelay, resolveP2POptions } from '../../../chain/p2p/options.js';

describe('PeerScoreBook', () => {
  it('bans at the threshold, reports the ban once, and lifts it after banMs', () => {
    const s = new PeerScoreBook({ ...DEFAULT_PEER_SCORE_PARAMS, recoveryPerSec: 0, banMs: 1000 });
    for (let i = 0; i < 4; i++) expect(s.report('p', 'invalid', 0).banned).toBe(false);
    const out = s.report('p', 'invalid', 0);
    expect(out).toEqual({ score: -100, banned: true, bannedUntilMs: 1000 });
    expect(s.report('p', 'invalid', 10).banned).toBe(false);
    expect(s.isBanned('p', 999)).toBe(true);
    expect(s.isBanned('p', 1000)).toBe(false);
    s.expire(1000);
    expect(s.score('p', 1000)).toBe(0);
    expect(s.isBanned('other', 0)).toBe(false);
  });

  it('recovers towards zero over time, so rare offences never ban', () => {
    const s = new PeerScoreBook({ ...DEFAULT_PEER_SCORE_PARAMS, recoveryPerSec: 1 });
    for (let t = 0; t < 100; t++) expect(s.report('p', 'invalid', t * 30_000).banned).toBe(false);
    expect(s.score('p', 10_000_000)).toBe(0);
  });

  it('bans a foreign-chain node on the first strike', () => {
    expect(new PeerScoreBook().report('p', 'wrong-network', 0).banned).toBe(true);
  });
});

describe('token buckets', () => {
  it('allows a burst, then the rate', () => {
    const b = new TokenBucket(10, 20, 0);
    let n = 0;
    while (b.take(1, 0)) n++;
    expect(n).toBe(20);
    expect(b.take(1, 50)).toBe(false);
    expect(b.take(1, 100)).toBe(true);
  });

  it('limits per peer and per channel on messages and bytes, refusals costing nothing', () => {
    let now = 0;
    const l = new PeerRateLimiter(() => now);
    const limit = { messagesPerSec: 2, bytesPerSec: 100, burstSec: 1 };
    expect(l.allow('a', 'c', limit, 60)).toBe(true);
    expect(l.allow('a', 'c', limit, 60)).toBe(false); // bytes
    expect(l.allow('a', 'c', limit, 10)).toBe(true);
    expect(l.allow('a', 'c', limit, 1)).toBe(false); // messages
    expect(l.allow('b', 'c', limit, 60)).toBe(true);
    expect(l.allow('a', 'd', limit, 60)).toBe(true);
    now = 1000;
    expect(l.allow('a', 'c', limit, 60)).toBe(true);
  });
});

describe('p2p options', () => {
  it('backs off exponentially with bounded jitter', () => {
    const b = { minMs: 100, maxMs: 1000, factor: 2 };
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, b, () => 0.5))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(0, b, () => 0)).toBe(80);
    expect(backoffDelay(10, b, () => 1)).toBe(1200);
  });

  it('validates and parses config', () => {
    const o = resolveP2POptions({
      chainId: 'race-1',
      moniker: 'm',
      listenAddress: 'tcp://127.0.0.1:26656',
      persistentPeers: '',
      scoring: { banMs: 5 },
    });
    expect(o.listenMultiaddr).toBe('/ip4/127.0.0.1/tcp/26656');
    expect(o.scoring.banMs).toBe(5);
    expect(o.scoring.banThreshold).toBe(DEFAULT_PEER_SCORE_PARAMS.banThreshold);
    expect(() => resolveP2POptions({ chainId: 'bad chain', moniker: 'm' })).toThrow(/chain id/);
    expect(() => resolveP2POptions({ chainId: 'c', moniker: 'm', maxPeers: 0 })).toThrow(/maxPeers/);
    expect(() => resolveP2POptions({ chainId: 'c', moniker: 'm', seeds: 'nope' })).toThrow(/bad peer address/);
  });
});

describe('config.toml mapping', () => {
  it('maps [p2p] onto host options', async () => {
    const { p2pOptionsFromConfig } = await import('../../../chain/p2p/options.js');
    const o = resolveP2POptions(
      p2pOptionsFromConfig(
        {
          laddr: 'tcp://0.0.0.0:26656',
          persistent_peers: `${'ab'.repeat(20)}@127.0.0.1:26657`,
          seeds: '',
          max_num_peers: 7,
        },
        { chainId: 'race-1', moniker: 'v0', homeDir: '/h/' },
      ),
    );
    expect(o).toMatchObject({
      listenMultiaddr: '/ip4/0.0.0.0/tcp/26656',
      maxPeers: 7,
      peerStorePath: '/h/data/addrbook.json',
    });
    expect(o.persistent).toEqual([{ multiaddr: '/ip4/127.0.0.1/tcp/26657', nodeId: 'ab'.repeat(20) }]);
  });
});
