import { describe, expect, it } from '@jest/globals';
import { decodeConsensusMessage, encodeConsensusMessage } from '../../../chain/consensus/message-codec.js';
import { encodeVote } from '../../../chain/block/proto-codec.js';
import { type ConsensusMessage } from '../../../chain/consensus/types.js';
import { VoteType, type Vote } from '../../../chain/types/vote.js';
import { GOSSIP_MAX_MESSAGE_BYTES } from '../../../chain/p2p/channels.js';
import { silentLogger } from '../../../chain/util/log.js';
import { P2PConsensusTransport } from '../../../node/services/net-consensus.js';
import { MempoolGossip } from '../../../node/services/net-mempool.js';
import { nodeChannels } from '../../../node/services/net-service.js';

/** Records what the transport sends and lets the test deliver bytes as the host would. */
function fakeP2P() {
  const sent: Array<{ channel: string; msg: ConsensusMessage }> = [];
  const handlers = new Map<string, (data: Uint8Array, from: string) => void>();
  return {
    sent,
    deliver: (channel: string, data: Uint8Array, from = 'peer-1') => handlers.get(channel)?.(data, from),
    p2p: {
      broadcast: async (channel: string, data: Uint8Array) => {
        sent.push({ channel, msg: decodeConsensusMessage(data) });
        return 1;
      },
      on: (channel: string, h: (data: Uint8Array, from: string) => void) => {
        handlers.set(channel, h);
        return () => handlers.delete(channel);
      },
    },
  };
}

const vote = (fill: number): Vote => ({
  type: VoteType.Prevote,
  height: 3,
  round: 0,
  timestampNs: 5n,
  validatorAddress: new Uint8Array(20),
  validatorIndex: 0,
  blockId: { hash: new Uint8Array(32).fill(fill), partSetHeader: { total: 1, hash: new Uint8Array(32).fill(fill) } },
  signature: new Uint8Array(64),
});
const evidence: ConsensusMessage = {
  type: 'evidence',
  evidence: {
    type: 'duplicate_vote',
    voteA: encodeVote(vote(1)),
    voteB: encodeVote(vote(2)),
    height: 3,
    validatorAddress: new Uint8Array(20),
    validatorPower: 10n,
    totalVotingPower: 40n,
    timestampNs: 5n,
  },
};
const status: ConsensusMessage = { type: 'status', height: 4, round: 1 };

describe('P2PConsensusTransport', () => {
  it('sends evidence on the evidence channel and everything else on consensus', async () => {
    const f = fakeP2P();
    const t = new P2PConsensusTransport({}, { p2p: f.p2p, logger: silentLogger() });
    t.broadcast(status);
    t.broadcast(evidence);
    await new Promise((r) => setImmediate(r));
    expect(f.sent.map((s) => [s.channel, s.msg.type])).toEqual([
      ['consensus', 'status'],
      ['evidence', 'evidence'],
    ]);
  });

  it('validates by channel and screen, and delivers what was accepted to the engine', () => {
    const f = fakeP2P();
    const t = new P2PConsensusTransport({}, { p2p: f.p2p, logger: silentLogger() });
    const got: Array<[string, string]> = [];
    t.onMessage((m, from) => got.push([m.type, from]));
    const statusBytes = encodeConsensusMessage(status);
    const evBytes = encodeConsensusMessage(evidence);
    expect(t.validateConsensus(new Uint8Array([0xfe]))).toBe('reject');
    expect(t.validateConsensus(evBytes)).toBe('reject');
    expect(t.validateEvidence(statusBytes)).toBe('reject');
    expect(t.validateEvidence(evBytes)).toBe('accept');
    expect(t.validateConsensus(statusBytes)).toBe('accept');
    t.setScreen((m) => (m.type === 'status' && m.height === 4 ? 'reject' : 'accept'));
    expect(t.validateConsensus(statusBytes)).toBe('reject');
    expect(t.validateConsensus(encodeConsensusMessage({ type: 'status', height: 5, round: 0 }))).toBe('accept');
    f.deliver('consensus', statusBytes, 'p1');
    f.deliver('evidence', evBytes, 'p2');
    f.deliver('consensus', new Uint8Array([0xfe]), 'p3');
    expect(got).toEqual([
      ['status', 'p1'],
      ['evidence', 'p2'],
    ]);
  });

  it('nodeChannels raises the consensus cap to fit a maximal block, up to the gossip frame limit, and installs the validators', () => {
    const f = fakeP2P();
    const t = new P2PConsensusTransport({}, { p2p: f.p2p, logger: silentLogger() });
    const g = new MempoolGossip(
      {},
      {
        p2p: f.p2p,
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
    const chans = nodeChannels(t, g, 22_020_096);
    const byName = new Map(chans.map((c) => [c.name, c]));
    // Raised for the block, but never past what gossipsub can frame (the engine builds proposals that fit).
    expect(byName.get('consensus')!.maxMessageBytes).toBe(GOSSIP_MAX_MESSAGE_BYTES);
    expect(nodeChannels(t, g, 1 << 20).find((c) => c.name === 'consensus')!.maxMessageBytes).toBe(2 << 20);
    expect(t.maxMessageBytes).toBe(GOSSIP_MAX_MESSAGE_BYTES);
    expect(byName.get('consensus')!.validate).toBe(t.validateConsensus);
    expect(byName.get('evidence')!.validate).toBe(t.validateEvidence);
    expect(byName.get('mempool')!.validate).toBe(g.validate);
    expect(byName.get('race-proofs')!.validate).toBeUndefined();
  });
});
