import { describe, expect, it } from '@jest/globals';
import { sha256 } from '@noble/hashes/sha2.js';
import { toHexUpper } from '../../../chain/types/bytes.js';
import { headerHash, partSetHeaderOf, txsHash, BLOCK_PART_SIZE } from '../../../chain/block/hashing.js';
import { merkleRoot } from '../../../chain/block/merkle.js';
import { decodeBlock, encodeBlock } from '../../../chain/block/proto-codec.js';
import { proposalSignBytes, signBytesTimestampNs, voteSignBytes } from '../../../chain/consensus/sign-bytes.js';
import { parseRfc3339Ns, formatRfc3339Ns } from '../../../chain/types/time.js';
import { VoteType } from '../../../chain/types/vote.js';
import type { Block, Header } from '../../../chain/types/block.js';

const enc = (s: string) => new TextEncoder().encode(s);
const tm = (s: string) => sha256(enc(s));
const GO_ZERO_TIME_NS = -62_135_596_800n * 1_000_000_000n;

describe('CometBFT-compatible hashing and sign bytes', () => {
  it('hashes the empty merkle tree to sha256("")', () => {
    expect(toHexUpper(merkleRoot([]))).toBe('E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855');
  });

  it('reproduces CometBFT TestHeaderHash', () => {
    const h: Header = {
      version: { block: 1n, app: 2n },
      chainId: 'chainId',
      height: 3,
      timeNs: parseRfc3339Ns('2019-10-13T16:14:44Z'),
      lastBlockId: { hash: new Uint8Array(32), partSetHeader: { total: 6, hash: new Uint8Array(32) } },
      lastCommitHash: tm('last_commit_hash'),
      dataHash: tm('data_hash'),
      validatorsHash: tm('validators_hash'),
      nextValidatorsHash: tm('next_validators_hash'),
      consensusHash: tm('consensus_hash'),
      appHash: tm('app_hash'),
      lastResultsHash: tm('last_results_hash'),
      evidenceHash: tm('evidence_hash'),
      proposerAddress: tm('proposer_address').slice(0, 20),
    };
    expect(toHexUpper(headerHash(h))).toBe('F740121F553B5418C3EFBD343C2DBFE9E007BB67B0D020A0741374BAB65242A4');
  });

  it('reproduces CometBFT TestVoteSignBytesTestVectors', () => {
    const base = { blockId: null, timestampNs: GO_ZERO_TIME_NS };
    expect([...voteSignBytes('', { ...base, type: 0 as VoteType, height: 0, round: 0 })]).toEqual([
      0xd, 0x2a, 0xb, 0x8, 0x80, 0x92, 0xb8, 0xc3, 0x98, 0xfe, 0xff, 0xff, 0xff, 0x1,
    ]);
    expect([...voteSignBytes('', { ...base, type: VoteType.Precommit, height: 1, round: 1 })]).toEqual([
      0x21, 0x8, 0x2, 0x11, 0x1, 0, 0, 0, 0, 0, 0, 0, 0x19, 0x1, 0, 0, 0, 0, 0, 0, 0, 0x2a, 0xb, 0x8, 0x80, 0x92, 0xb8,
      0xc3, 0x98, 0xfe, 0xff, 0xff, 0xff, 0x1,
    ]);
    expect([...voteSignBytes('test_chain_id', { ...base, type: 0 as VoteType, height: 1, round: 1 })]).toEqual([
      0x2e, 0x11, 0x1, 0, 0, 0, 0, 0, 0, 0, 0x19, 0x1, 0, 0, 0, 0, 0, 0, 0, 0x2a, 0xb, 0x8, 0x80, 0x92, 0xb8, 0xc3,
      0x98, 0xfe, 0xff, 0xff, 0xff, 0x1, 0x32, 0xd, 0x74, 0x65, 0x73, 0x74, 0x5f, 0x63, 0x68, 0x61, 0x69, 0x6e, 0x5f,
      0x69, 0x64,
    ]);
  });

  it('reads the timestamp back out of vote and proposal sign bytes', () => {
    const ts = parseRfc3339Ns('2024-05-06T07:08:09.123456789Z');
    const blockId = { hash: tm('b'), partSetHeader: { total: 1, hash: tm('p') } };
    expect(
      signBytesTimestampNs(
        voteSignBytes('c', { type: VoteType.Prevote, height: 5, round: 2, blockId, timestampNs: ts }),
      ),
    ).toBe(ts);
    expect(
      signBytesTimestampNs(proposalSignBytes('c', { height: 5, round: 2, polRound: -1, blockId, timestampNs: ts })),
    ).toBe(ts);
    expect(signBytesTimestampNs(new Uint8Array([0xff, 0xff]))).toBeNull();
  });

  it('round-trips RFC 3339 times with nanoseconds', () => {
    const s = '2024-05-06T07:08:09.123456789Z';
    expect(formatRfc3339Ns(parseRfc3339Ns(s))).toBe(s);
    expect(formatRfc3339Ns(parseRfc3339Ns('2024-05-06T09:08:09+02:00'))).toBe('2024-05-06T07:08:09Z');
    expect(() => parseRfc3339Ns('yesterday')).toThrow(/invalid RFC 3339/);
  });

  it('gives a part set header with total ≥ 1, split at 64 KiB', () => {
    expect(partSetHeaderOf(new Uint8Array(0)).total).toBe(1);
    expect(partSetHeaderOf(new Uint8Array(BLOCK_PART_SIZE + 1)).total).toBe(2);
  });

  it('data hash is the merkle root of tx hashes and blocks round-trip through protobuf', () => {
    const txs = [enc('a'), enc('bb')];
    expect(txsHash(txs)).toEqual(merkleRoot(txs.map((t) => sha256(t))));
    const block: Block = {
      header: {
        version: { block: 11n, app: 0n },
        chainId: 'c',
        height: 7,
        timeNs: 123n,
        lastBlockId: { hash: tm('x'), partSetHeader: { total: 1, hash: tm('y') } },
        lastCommitHash: tm('1'),
        dataHash: txsHash(txs),
        validatorsHash: tm('3'),
        nextValidatorsHash: tm('4'),
        consensusHash: tm('5'),
        appHash: tm('6'),
        lastResultsHash: tm('7'),
        evidenceHash: tm('8'),
        proposerAddress: tm('9').slice(0, 20),
      },
      txs,
      evidence: [],
      lastCommit: {
        height: 6,
        round: 1,
        blockId: { hash: tm('x'), partSetHeader: { total: 1, hash: tm('y') } },
        signatures: [
          {
            blockIdFlag: 2,
            validatorAddress: tm('v').slice(0, 20),
            timestampNs: 99n,
            signature: new Uint8Array(64).fill(7),
          },
        ],
      },
    };
    const back = decodeBlock(encodeBlock(block));
    expect(back).toEqual(block);
  });
});
