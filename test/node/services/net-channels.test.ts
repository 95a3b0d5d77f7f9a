/**
 * A proposal carries its whole block in one gossip message, so the largest block the engine builds must get through
 * gossipsub's frame limit, the consensus channel's size cap and its per-peer rate limit — re-gossip included — or the
 * chain stalls exactly when it is busy. (Before the cap, a block over ~4 MiB was silently never sent.)
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { decodeConsensusMessage, encodeConsensusMessage } from '../../../chain/consensus/message-codec.js';
import { BLOCK_PROTOCOL } from '../../../chain/block/hashing.js';
import type { ConsensusMessage } from '../../../chain/consensus/types.js';
import type { P2PHost } from '../../../chain/p2p/host.js';
import { ChannelRegistry, GOSSIP_MAX_MESSAGE_BYTES } from '../../../chain/p2p/channels.js';
import { PeerRateLimiter } from '../../../chain/p2p/token-bucket.js';
import { fitTxs, maxDataBytes, proposalBlockBytes } from '../../../chain/consensus/block-builder.js';
import { PROPOSAL_ENVELOPE_BYTES } from '../../../chain/consensus/engine.js';
import { EMPTY_BLOCK_ID, type Block } from '../../../chain/types/block.js';
import { silentLogger } from '../../../chain/util/log.js';
import { P2PConsensusTransport } from '../../../node/services/net-consensus.js';
import { MempoolGossip } from '../../../node/services/net-mempool.js';
import { nodeChannels } from '../../../node/services/net-service.js';
import { connected, cometAddr, makeHost, waitFor } from '../../chain/p2p/harness.js';

const DEFAULT_MAX_BLOCK_BYTES = 22_020_096; // CometBFT's default block.max_bytes (our genesis default)

function proposalWith(txCount: number, txBytes: number): ConsensusMessage {
  const h32 = (b: number) => new Uint8Array(32).fill(b);
  const txs = Array.from({ length: txCount }, (_, i) => {
    const tx = new Uint8Array(txBytes).fill(i & 0xff);
    tx[0] = i >> 8;
    return tx;
  });
  const block: Block = {
    header: {
      version: { block: BLOCK_PROTOCOL, app: 0n },
      chainId: 'race-test-1',
      height: 1,
      timeNs: 1_000_000_000n,
      lastBlockId: EMPTY_BLOCK_ID,
      lastCommitHash: h32(1),
      dataHash: h32(2),
      validatorsHash: h32(3),
      nextValidatorsHash: h32(3),
      consensusHash: h32(4),
      appHash: h32(5),
      lastResultsHash: h32(6),
      evidenceHash: h32(7),
      proposerAddress: new Uint8Array(20).fill(8),
    },
    txs,
    evidence: [],
    lastCommit: { height: 0, round: 0, blockId: EMPTY_BLOCK_ID, signatures: [] },
  };
  return {
    type: 'proposal',
    block,
    proposal: {
      height: 1,
      round: 0,
      polRound: -1,
      blockId: { hash: h32(9), partSetHeader: { total: 1, hash: h32(10) } },
      timestampNs: 5n,
      signature: new Uint8Array(64).fill(11),
    },
  };
}

/** nodeChannels around a transport bound (lazily, as NetworkService does) to `host()`. */
function channelsFor(maxBlockBytes: number, host: () => P2PHost | null = () => null) {
  const p2p = {
    broadcast: async (channel: string, data: Uint8Array) => host()?.broadcast(channel, data) ?? 0,
    on: (channel: string, h: (data: Uint8Array, from: string) => void) => host()!.on(channel, h),
  };
  const t = new P2PConsensusTransport({}, { p2p, logger: silentLogger() });
  const g = new MempoolGossip(
    {},
    {
      p2p,
      mempool: {
        checkTx: () => {
          throw new Error('unused');
        },
        onTxAdded: () => {},
      },
      isSyncing: () => false,
      logger: silentLogger(),
    },
  );
  return { transport: t, channels: nodeChannels(t, g, maxBlockBytes) };
}

/** The encoded proposal of the largest block the engine builds for this transport (1 KiB txs). */
function largestProposal(maxBlockBytes: number, transportMax: number): { msg: ConsensusMessage; bytes: Uint8Array } {
  const budget = maxDataBytes(proposalBlockBytes(BigInt(maxBlockBytes), transportMax, PROPOSAL_ENVELOPE_BYTES), 0, 4);
  const tx = new Uint8Array(1024);
  const n = fitTxs(
    Array.from({ length: Math.ceil(budget / 1024) + 10 }, () => tx),
    budget,
  ).length;
  const msg = proposalWith(n, 1024);
  return { msg, bytes: encodeConsensusMessage(msg) };
}

describe('consensus channel limits fit the largest proposal', () => {
  it.each([1 << 20, DEFAULT_MAX_BLOCK_BYTES, 100 << 20])(
    'block.max_bytes %d: the largest proposal the engine builds, its re-gossip and a decision from one peer pass the size cap, frame limit and rate limit',
    (maxBlockBytes) => {
      const { transport, channels } = channelsFor(maxBlockBytes);
      const spec = channels.find((c) => c.name === 'consensus')!;
      expect(spec.maxMessageBytes).toBeLessThanOrEqual(GOSSIP_MAX_MESSAGE_BYTES);
      expect(() => new ChannelRegistry(channels)).not.toThrow();
      const { bytes } = largestProposal(maxBlockBytes, Math.min(transport.maxMessageBytes, spec.maxMessageBytes));
      expect(bytes.length).toBeGreaterThan(
        Math.min(maxBlockBytes, GOSSIP_MAX_MESSAGE_BYTES) - 2 * PROPOSAL_ENVELOPE_BYTES,
      );
      expect(bytes.length).toBeLessThanOrEqual(spec.maxMessageBytes);
      let now = 0;
      const limiter = new PeerRateLimiter(() => now);
      expect(limiter.allow('peer', 'consensus', spec.rateLimit, bytes.length)).toBe(true);
      now += 1000;
      expect(limiter.allow('peer', 'consensus', spec.rateLimit, bytes.length)).toBe(true);
      expect(limiter.allow('peer', 'consensus', spec.rateLimit, bytes.length)).toBe(true);
    },
  );

  it('a gossip channel above the frame limit is refused at registration, not silently never sent', () => {
    expect(
      () =>
        new ChannelRegistry([
          { name: 'big', kind: 'gossip', maxMessageBytes: 4 << 20, rateLimit: { messagesPerSec: 1, bytesPerSec: 1 } },
        ]),
    ).toThrow(/frame limit/);
  });
});

describe('big proposals over real hosts', () => {
  const hosts: P2PHost[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((h) => h.stop()));
  });

  it('a proposal of 2000 txs of 1 KiB, and the largest one the engine builds under the default block.max_bytes, are delivered, twice', async () => {
    let a: P2PHost | null = null;
    let b: P2PHost | null = null;
    const ra = channelsFor(DEFAULT_MAX_BLOCK_BYTES, () => a);
    const rb = channelsFor(DEFAULT_MAX_BLOCK_BYTES, () => b);
    a = makeHost(1, { channels: ra.channels });
    hosts.push(a);
    await a.start();
    b = makeHost(2, { channels: rb.channels, persistentPeers: cometAddr(a) });
    hosts.push(b);
    await b.start();
    await waitFor(() => connected(a, b), 'a and b to connect');
    const got: ConsensusMessage[] = [];
    rb.transport.onMessage((m) => got.push(m));
    await waitFor(() => a.gossipPeers('consensus').includes(b.peerId), 'gossip subscription');

    const medium = proposalWith(2000, 1024);
    const full = largestProposal(DEFAULT_MAX_BLOCK_BYTES, ra.transport.maxMessageBytes);
    expect(full.bytes.length).toBeGreaterThan(3 << 20);
    const txCount = (m: ConsensusMessage) => (m.type === 'proposal' ? m.block.txs.length : -1);
    for (const m of [medium, full.msg, full.msg]) ra.transport.broadcast(m);
    await waitFor(() => got.length === 3, 'three proposals to arrive', 30_000).catch((e) => {
      throw new Error(`${(e as Error).message}: got ${got.map(txCount).join(',')}`);
    });
    expect(got.map(txCount)).toEqual([2000, txCount(full.msg), txCount(full.msg)]);
    expect(Buffer.from(encodeConsensusMessage(got[1]!)).equals(Buffer.from(full.bytes))).toBe(true);
    expect(decodeConsensusMessage(full.bytes).type).toBe('proposal');
  }, 60_000);
});
