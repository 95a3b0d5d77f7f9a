/**
 * p2p decoder targets: every byte string a peer can send before or after the handshake. Consensus messages and
 * evidence (the consensus and evidence gossip channels, the WAL), block-sync requests and responses, stream frames,
 * the hello and peer exchange. Each decoder's rejection is its own: a plain Error (consensus, block sync: their
 * cause chain must hold no engine error), FrameTooLargeError, HelloError, and for pex a SyntaxError or a plain Error.
 */
import {
  decodeRangeRequest,
  decodeRangeResponse,
  encodeRangeRequest,
  encodeRangeResponse,
} from '../../../chain/blocksync/codec.js';
import { isDeepStrictEqual } from 'node:util';
import { decodeConsensusMessage, encodeConsensusMessage } from '../../../chain/consensus/message-codec.js';
import { encodeFrame, FrameDecoder, FrameTooLargeError } from '../../../chain/p2p/frames.js';
import { decodeHello, encodeHello, HelloError, MAX_HELLO_BYTES } from '../../../chain/p2p/hello.js';
import { decodePex, encodePex } from '../../../chain/p2p/pex.js';
import { byteInput } from './mutate.js';
import { P2P_CHAIN_ID, p2pSeeds } from './consensus-seeds.js';
import { verifyDuplicateVoteEvidence } from '../../../chain/consensus/evidence.js';
import { expectRejectionOnly, FuzzFinding, hexOf, showValue, type FuzzTarget } from './target.js';
import type { Rng } from './rng.js';

const plainError = (e: unknown): boolean => e instanceof Error && e.constructor === Error;

function bytesTarget(
  name: string,
  surface: string,
  pool: Uint8Array[],
  decode: (b: Uint8Array) => unknown,
  isRejection: (e: unknown) => boolean,
): FuzzTarget<Uint8Array> {
  return {
    name,
    surface,
    generate: (rng) => byteInput(pool, rng),
    exec: (b) => expectRejectionOnly(() => decode(b), isRejection),
    show: hexOf,
  };
}

export async function consensusTarget(): Promise<FuzzTarget<Uint8Array>> {
  return bytesTarget(
    'consensus-msg',
    'chain/consensus/message-codec.ts (consensus gossip channel, WAL)',
    p2pSeeds().consensus,
    stable(decodeConsensusMessage, encodeConsensusMessage, 'consensus message'),
    plainError,
  );
}

/** Evidence is decoded and then verified against the validator set, as the evidence pool does before keeping it. */
export async function evidenceTarget(): Promise<FuzzTarget<Uint8Array>> {
  const seeds = p2pSeeds();
  const decodeAndVerify = (b: Uint8Array): void => {
    const m = decodeConsensusMessage(b);
    if (m.type === 'evidence') verifyDuplicateVoteEvidence(P2P_CHAIN_ID, m.evidence, seeds.validators);
  };
  return bytesTarget(
    'evidence',
    'evidence channel: decode (tag 5) then verifyDuplicateVoteEvidence',
    seeds.evidence,
    decodeAndVerify,
    plainError,
  );
}

/** A decoder whose accepted values must come back unchanged from encode → decode (the WAL and relays re-encode what they decoded). */
function stable<T>(decode: (b: Uint8Array) => T, encode: (v: T) => Uint8Array, what: string): (b: Uint8Array) => void {
  return (b) => {
    const v = decode(b);
    if (!isDeepStrictEqual(decode(encode(v)), v)) throw new FuzzFinding(`${what} changes when re-encoded`);
  };
}

export async function blocksyncRequestTarget(): Promise<FuzzTarget<Uint8Array>> {
  const decode = stable(decodeRangeRequest, encodeRangeRequest, 'block range request');
  return bytesTarget(
    'blocksync-request',
    'chain/blocksync/codec.ts decodeRangeRequest (served to any peer)',
    p2pSeeds().rangeRequests,
    decode,
    plainError,
  );
}

export async function blocksyncResponseTarget(): Promise<FuzzTarget<Uint8Array>> {
  const decode = stable(decodeRangeResponse, encodeRangeResponse, 'block range response');
  return bytesTarget(
    'blocksync-response',
    'chain/blocksync/codec.ts decodeRangeResponse (from the peer we sync from)',
    p2pSeeds().rangeResponses,
    decode,
    plainError,
  );
}

interface FrameInput {
  max: number;
  chunks: Uint8Array[];
}

export async function framesTarget(): Promise<FuzzTarget<FrameInput>> {
  const s = p2pSeeds();
  const pool = [...s.consensus, ...s.rangeRequests].map(encodeFrame);
  pool.push(new Uint8Array([...encodeFrame(new Uint8Array(3)), ...encodeFrame(new Uint8Array(0))]));
  return {
    name: 'frames',
    surface: 'chain/p2p/frames.ts FrameDecoder (every direct stream: hello, block sync, pex)',
    generate(rng: Rng) {
      const bytes = byteInput(pool, rng);
      // The same bytes cut into arbitrary chunks, as TCP may deliver them.
      const chunks: Uint8Array[] = [];
      for (let off = 0; off < bytes.length;) {
        const n = 1 + rng.below(Math.max(1, bytes.length - off));
        chunks.push(bytes.subarray(off, off + n));
        off += n;
      }
      return { max: rng.pick([0, 1, 64, 1 << 20]), chunks };
    },
    exec({ max, chunks }) {
      const dec = new FrameDecoder(max);
      let delivered = 0;
      let total = 0;
      try {
        for (const c of chunks) {
          total += c.length;
          for (const f of dec.push(c)) {
            if (f.length > max) throw new FuzzFinding(`frame of ${f.length} bytes passed the ${max}-byte cap`);
            delivered += 4 + f.length;
          }
        }
      } catch (e) {
        if (e instanceof FrameTooLargeError) return;
        expectRejectionOnly(
          () => {
            throw e;
          },
          () => false,
        );
      }
      if (delivered + dec.pendingBytes !== total)
        throw new FuzzFinding(`frames lost bytes: ${delivered} delivered + ${dec.pendingBytes} pending of ${total}`);
    },
    show: (i) => showValue({ max: i.max, chunks: i.chunks.map(hexOf) }),
  };
}

export async function helloTarget(): Promise<FuzzTarget<Uint8Array>> {
  const enc = new TextEncoder();
  const pool = [
    encodeHello({
      chainId: 'race-test',
      nodeId: '12D3KooWfuzz',
      moniker: 'm',
      listenAddrs: ['/ip4/127.0.0.1/tcp/26656/p2p/12D3KooWfuzz'],
      version: '0.1.0',
    }),
    enc.encode('{"chainId":"a","nodeId":"b","moniker":"c","listenAddrs":[],"version":"d","extra":{"deep":[[[[1]]]]}}'),
    enc.encode(`{"listenAddrs":${'['.repeat(5000)}${']'.repeat(5000)}}`),
    new Uint8Array(MAX_HELLO_BYTES + 1).fill(0x20),
  ];
  const decode = stable(decodeHello, encodeHello, 'hello');
  return bytesTarget(
    'hello',
    'chain/p2p/hello.ts decodeHello (first frame of every connection)',
    pool,
    decode,
    (e) => e instanceof HelloError,
  );
}

export async function pexTarget(): Promise<FuzzTarget<Uint8Array>> {
  const pool = [
    encodePex([
      {
        peerId: '12D3KooWfuzz',
        addrs: ['/ip4/10.0.0.1/tcp/26656/p2p/12D3KooWfuzz', '/dns4/x.example/tcp/1/p2p/12D3KooWfuzz'],
      },
    ]),
    new TextEncoder().encode(
      '[{"peerId":"a","addrs":["/ip6/::1/tcp/1/p2p/a","/unix/%2F/p2p/a","/ip4/1.2.3.4/udp/1/quic-v1/p2p/a"]},null,1,"x"]',
    ),
  ];
  return bytesTarget(
    'pex',
    "chain/p2p/pex.ts decodePex (a peer's peer list)",
    pool,
    decodePex,
    (e) => e instanceof SyntaxError || plainError(e),
  );
}
