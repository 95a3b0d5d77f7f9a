import { describe, expect, it } from '@jest/globals';
import { fitTxs, proposalBlockBytes, txProtoBytes } from '../../../chain/consensus/block-builder.js';
import { PROPOSAL_ENVELOPE_BYTES } from '../../../chain/consensus/engine.js';
import { encodeConsensusMessage } from '../../../chain/consensus/message-codec.js';
import { encodeBlock } from '../../../chain/block/proto-codec.js';
import { ManualScheduler } from '../../../chain/consensus/scheduler.js';
import type { ConsensusTransport } from '../../../chain/consensus/transport.js';
import type { ConsensusMessage } from '../../../chain/consensus/types.js';
import { newDurables, runUntil, startNode, stopNode, testGenesis, testSigner } from './helpers.js';

/** A transport that carries at most `maxMessageBytes` and records the size of every proposal sent. */
function cappedTransport(maxMessageBytes: number) {
  const proposals: Array<{ bytes: number; txs: number }> = [];
  const t: ConsensusTransport = {
    maxMessageBytes,
    broadcast(msg: ConsensusMessage) {
      if (msg.type === 'proposal')
        proposals.push({ bytes: encodeConsensusMessage(msg).length, txs: msg.block.txs.length });
    },
    onMessage() {},
  };
  return { t, proposals };
}

describe('proposal size', () => {
  it('counts txs as protobuf does and keeps the longest prefix that fits', () => {
    expect(txProtoBytes(new Uint8Array(1))).toBe(3);
    expect(txProtoBytes(new Uint8Array(127))).toBe(129);
    expect(txProtoBytes(new Uint8Array(128))).toBe(131);
    expect(txProtoBytes(new Uint8Array(20_000))).toBe(20_004);
    const txs = Array.from({ length: 10 }, () => new Uint8Array(10));
    expect(fitTxs(txs, 120)).toHaveLength(10);
    expect(fitTxs(txs, 119)).toHaveLength(9);
    expect(fitTxs(txs, 0)).toHaveLength(0);
  });

  it('caps the block at what the transport carries, never above block.max_bytes', () => {
    expect(proposalBlockBytes(22_020_096n, undefined, PROPOSAL_ENVELOPE_BYTES)).toBe(22_020_096n);
    expect(proposalBlockBytes(22_020_096n, 4 << 20, PROPOSAL_ENVELOPE_BYTES)).toBe(
      BigInt((4 << 20) - PROPOSAL_ENVELOPE_BYTES),
    );
    expect(proposalBlockBytes(1000n, 4 << 20, PROPOSAL_ENVELOPE_BYTES)).toBe(1000n);
    expect(proposalBlockBytes(1000n, 10, PROPOSAL_ENVELOPE_BYTES)).toBe(0n);
  });

  it('a proposer with a full mempool builds proposals that fit its transport, and commits every tx over the next blocks', async () => {
    const sched = new ManualScheduler();
    const signer = testSigner(0);
    const cap = PROPOSAL_ENVELOPE_BYTES + 40_000;
    const { t, proposals } = cappedTransport(cap);
    const durables = newDurables('proposal-size');
    // 300 txs of 1000 bytes (~300 KB) and 3000 of 8 bytes: far more than one capped block holds.
    for (let i = 0; i < 300; i++)
      durables.mempool.add(new Uint8Array(1000).fill(i & 0xff).map((x, j) => (j < 2 ? (i >> (8 * j)) & 0xff : x)));
    for (let i = 0; i < 3000; i++) durables.mempool.add(new TextEncoder().encode(`t${String(i).padStart(6, '0')}`));
    const node = await startNode({
      name: 'solo',
      genesis: testGenesis([signer]),
      signer,
      transport: t,
      scheduler: sched,
      durables,
    });
    await runUntil(
      sched,
      () => [node.engine],
      () => durables.mempool.txs.length === 0,
      120_000,
    );
    expect(proposals.length).toBeGreaterThan(5);
    for (const p of proposals) expect(p.bytes).toBeLessThanOrEqual(cap);
    // Full blocks come close to the cap (the budget is not wasted).
    expect(Math.max(...proposals.map((p) => p.bytes))).toBeGreaterThan(cap - PROPOSAL_ENVELOPE_BYTES - 2000);
    let committed = 0;
    for (let h = 1; h <= node.engine.latestHeight(); h++) {
      const b = (await node.blockStore.loadBlock(h))!;
      expect(encodeBlock(b).length).toBeLessThanOrEqual(cap - PROPOSAL_ENVELOPE_BYTES);
      committed += b.txs.length;
    }
    expect(committed).toBe(3300);
    await stopNode(node);
  });
});
