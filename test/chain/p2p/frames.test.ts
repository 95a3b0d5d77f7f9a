import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { encodeFrame, FrameDecoder, FrameTooLargeError } from '../../../chain/p2p/frames.js';

describe('p2p frames', () => {
  it('round-trips any sequence of payloads however the bytes are chunked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 10 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1 }),
        (payloads, cuts) => {
          const wire = Buffer.concat(payloads.map(encodeFrame));
          const dec = new FrameDecoder(300);
          const out: Uint8Array[] = [];
          let off = 0;
          for (let i = 0; off < wire.length; i++) {
            const n = cuts[i % cuts.length];
            out.push(...dec.push(new Uint8Array(wire.subarray(off, off + n))));
            off += n;
          }
          expect(out.map((b) => Buffer.from(b).toString('hex'))).toEqual(
            payloads.map((b) => Buffer.from(b).toString('hex')),
          );
          expect(dec.pendingBytes).toBe(0);
        },
      ),
    );
  });

  it('refuses an oversize frame from its header alone', () => {
    const dec = new FrameDecoder(10);
    const header = encodeFrame(new Uint8Array(11)).subarray(0, 4);
    expect(() => dec.push(header)).toThrow(FrameTooLargeError);
    expect(dec.push.bind(new FrameDecoder(11), encodeFrame(new Uint8Array(11)))()).toHaveLength(1);
  });

  it('keeps a truncated frame pending', () => {
    const dec = new FrameDecoder(100);
    expect(dec.push(encodeFrame(new Uint8Array(20)).subarray(0, 15))).toEqual([]);
    expect(dec.pendingBytes).toBe(15);
  });
});
