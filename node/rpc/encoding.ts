/** Byte and time encodings of CometBFT's JSON (cmtjson) and of protobuf JSON, plus strict decoders for input. */

export function upperHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase();
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** jsonpb renders a nil byte slice as null; we treat "absent" (null) that way and keep empty-but-present as "". */
export function base64OrNull(bytes: Uint8Array | null | undefined): string | null {
  return bytes == null ? null : base64(bytes);
}

const HEX_RE = /^[0-9a-fA-F]*$/;
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict hex (either case, optional 0x); undefined when the text is not hex. */
export function tryHex(text: string): Uint8Array | undefined {
  const body = text.startsWith('0x') || text.startsWith('0X') ? text.slice(2) : text;
  if (body.length % 2 !== 0 || !HEX_RE.test(body)) return undefined;
  return new Uint8Array(Buffer.from(body, 'hex'));
}

/** Strict standard base64 with padding, as Go's encoding/json decodes []byte; undefined when it is not. */
export function tryBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0 || !BASE64_RE.test(text)) return undefined;
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  // Buffer ignores stray bits in the last group; re-encoding catches non-canonical input.
  return base64(bytes) === text ? bytes : undefined;
}

const NS_PER_SEC = 1_000_000_000n;

function splitNs(ns: bigint): { seconds: bigint; nanos: bigint } {
  let seconds = ns / NS_PER_SEC;
  let nanos = ns % NS_PER_SEC;
  if (nanos < 0n) {
    nanos += NS_PER_SEC;
    seconds -= 1n;
  }
  return { seconds, nanos };
}

function dateTimePart(seconds: bigint): string {
  const ms = Number(seconds) * 1000;
  if (!Number.isSafeInteger(ms)) throw new RangeError(`time out of range: ${seconds}s`);
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z
  return iso.slice(0, 19);
}

/**
 * Go's time.RFC3339Nano in UTC, as cmtjson writes times: fractional seconds with trailing zeros removed
 * ("2026-11-22T22:16:30.274Z", "2026-11-22T22:16:30Z").
 */
export function rfc3339Nano(ns: bigint): string {
  const { seconds, nanos } = splitNs(ns);
  const frac = nanos === 0n ? '' : '.' + nanos.toString().padStart(9, '0').replace(/0+$/, '');
  return `${dateTimePart(seconds)}${frac}Z`;
}

/** protobuf JSON's Timestamp: 0, 3, 6 or 9 fractional digits (what grpc-gateway writes). */
export function protoTimestamp(seconds: bigint, nanos: number): string {
  const ns = seconds * NS_PER_SEC + BigInt(nanos);
  const split = splitNs(ns);
  let frac = '';
  if (split.nanos !== 0n) {
    const digits = split.nanos.toString().padStart(9, '0');
    frac = '.' + (digits.endsWith('000000') ? digits.slice(0, 3) : digits.endsWith('000') ? digits.slice(0, 6) : digits);
  }
  return `${dateTimePart(split.seconds)}${frac}Z`;
}

/** RFC3339 without fractional seconds, as the SDK writes TxResponse.timestamp. */
export function rfc3339Seconds(ns: bigint): string {
  return `${dateTimePart(splitNs(ns).seconds)}Z`;
}
