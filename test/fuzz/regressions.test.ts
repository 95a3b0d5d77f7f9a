/**
 * Every fuzz finding, replayed with the exact input the runner printed, plus the wider cases behind it.
 */
import { describe, expect, it } from '@jest/globals';
import { Vote as PbVote } from 'cosmjs-types/tendermint/types/types';
import { decodeConsensusMessage, encodeConsensusMessage } from '../../chain/consensus/message-codec.js';
import { decodeBlock, encodeBlock } from '../../chain/block/proto-codec.js';
import { p2pSeeds } from './targets/consensus-seeds.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));

describe('finding 1: cosmjs-types wrote int64/uint64 values in [2^31, 2^32) as a truncated varint', () => {
  it('consensus-msg seed 11 exec 10173: a status at height 2^31 survives re-encoding', () => {
    const m = decodeConsensusMessage(hex('04808080800802'));
    expect(m).toEqual({ type: 'status', height: 2 ** 31, round: 2 });
    expect(decodeConsensusMessage(encodeConsensusMessage(m))).toEqual(m);
  });

  it('the other inputs of that run (heights 2^32 - 1 and 2170552320)', () => {
    for (const input of ['04ffffffff0f0302', '048080808b0802']) {
      const m = decodeConsensusMessage(hex(input));
      expect(decodeConsensusMessage(encodeConsensusMessage(m))).toEqual(m);
    }
  });

  it('votes, block times after 2038-01-19 and int64 edges round-trip through the tendermint encodings', () => {
    for (const height of [
      2n ** 31n - 1n,
      2n ** 31n,
      2n ** 32n - 1n,
      2n ** 32n,
      2n ** 40n + 2n ** 31n,
      -1n,
      -(2n ** 31n),
    ]) {
      expect(PbVote.decode(PbVote.encode(PbVote.fromPartial({ height })).finish()).height).toBe(height);
    }
    const { consensus } = p2pSeeds();
    const proposal = decodeConsensusMessage(consensus[0]!);
    if (proposal.type !== 'proposal') throw new Error('seed 0 is a proposal');
    // 2040-01-01: Timestamp.seconds is above 2^31.
    const block = { ...proposal.block, header: { ...proposal.block.header, timeNs: 2_208_988_800n * 1_000_000_000n } };
    expect(decodeBlock(encodeBlock(block)).header.timeNs).toBe(block.header.timeNs);
  });
});
