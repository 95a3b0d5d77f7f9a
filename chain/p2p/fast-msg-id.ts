/**
 * Gossipsub's local duplicate filter key. Without one, gossipsub verifies the author signature of every copy of a
 * message before it looks for duplicates, and on a full mesh every message arrives once from each peer that relays
 * it. The key covers every field of the message as received (length-prefixed, so fields cannot run into each other),
 * and gossipsub records it only after the first copy validated, so only a byte-identical copy of a message that was
 * already accepted can be skipped by it.
 */
import { createHash } from 'node:crypto';

export interface RpcMessageFields {
  from?: Uint8Array;
  data?: Uint8Array;
  seqno?: Uint8Array;
  topic: string;
  signature?: Uint8Array;
  key?: Uint8Array;
}

export function fastMsgId(msg: RpcMessageFields): string {
  const h = createHash('sha256');
  const len = Buffer.alloc(4);
  for (const f of [msg.from, msg.seqno, Buffer.from(msg.topic, 'utf8'), msg.data, msg.signature, msg.key]) {
    if (f === undefined) {
      len.writeInt32BE(-1);
      h.update(len);
      continue;
    }
    len.writeInt32BE(f.length);
    h.update(len).update(f);
  }
  return h.digest('base64');
}
