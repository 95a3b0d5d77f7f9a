/** The RPC's lenient-but-strict byte decoders for input, and jsonpb's null for absent bytes; the rest is chain/types. */
import { fromBase64, fromHex, toBase64 } from '../../chain/types/bytes.js';

/** jsonpb renders a nil byte slice as null; we treat "absent" (null) that way and keep empty-but-present as "". */
export function base64OrNull(bytes: Uint8Array | null | undefined): string | null {
  return bytes == null ? null : toBase64(bytes);
}

/** Strict hex (either case, optional 0x); undefined when the text is not hex. */
export function tryHex(text: string): Uint8Array | undefined {
  const body = text.startsWith('0x') || text.startsWith('0X') ? text.slice(2) : text;
  try {
    return fromHex(body);
  } catch {
    return undefined;
  }
}

/** Strict standard base64 with padding, as Go's encoding/json decodes []byte; undefined when it is not. */
export function tryBase64(text: string): Uint8Array | undefined {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(text);
  } catch {
    return undefined;
  }
  // Buffer ignores stray bits in the last group; re-encoding catches non-canonical input.
  return toBase64(bytes) === text ? bytes : undefined;
}
