import { describe, expect, it } from '@jest/globals';
import { fastMsgId } from '../../../chain/p2p/fast-msg-id.js';

const b = (...xs: number[]) => Uint8Array.from(xs);

describe('fastMsgId (gossipsub duplicate key)', () => {
  it('is equal only for byte-identical messages', () => {
    const m = { from: b(1, 2), seqno: b(3), topic: 't', data: b(4, 5), signature: b(6), key: b(7) };
    expect(fastMsgId({ ...m })).toBe(fastMsgId(m));
    const variants = [
      { ...m, from: b(1, 3) },
      { ...m, seqno: b(4) },
      { ...m, topic: 'u' },
      { ...m, data: b(4, 6) },
      { ...m, signature: b(9) },
      { ...m, key: undefined },
      { ...m, data: undefined },
      // the same bytes split differently between fields
      { ...m, from: b(1), seqno: b(2, 3) },
    ];
    const ids = new Set([fastMsgId(m), ...variants.map(fastMsgId)]);
    expect(ids.size).toBe(variants.length + 1);
    expect(fastMsgId({ topic: 't', data: new Uint8Array(0) })).not.toBe(fastMsgId({ topic: 't' }));
  });
});
