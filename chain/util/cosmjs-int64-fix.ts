/**
 * cosmjs-types 0.11's BinaryWriter writes an int64/uint64 in [2^31, 2^32) wrongly: int64FromString keeps the low word
 * as a signed int32, and writeVarint64 then emits a truncated varint (2147483648 → 00 00 00 00 00, read back as 0).
 * Any such value (a height, a Timestamp's seconds after 2038-01-19, a voting power, gas) changed between encode and
 * decode, so a peer decoding our block, vote or evidence saw other values than we hashed or signed. Found by the
 * consensus-msg fuzz target (a status message at height 2^31). Imported for its effect by the protobuf codecs and
 * the node's entry point; the patched writers send exactly those values through the correct uint32 varint path.
 */
import { BinaryWriter } from 'cosmjs-types/binary';

const LOW = 2n ** 31n;
const HIGH = 2n ** 32n;
const PATCHED = Symbol.for('race.cosmjsInt64Fix');

type Int64 = bigint | number | string;
interface Int64Writer {
  int64(value: Int64): BinaryWriter;
  sint64(value: Int64): BinaryWriter;
  uint32(value: number): BinaryWriter;
}

function asBigInt(value: Int64): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : undefined;
  return /^-?[0-9]{1,20}$/.test(value) ? BigInt(value) : undefined;
}

const proto = BinaryWriter.prototype as unknown as Int64Writer & { [PATCHED]?: true };
if (!proto[PATCHED]) {
  const int64 = proto.int64;
  const sint64 = proto.sint64;
  proto.int64 = function (this: Int64Writer, value: Int64) {
    const v = asBigInt(value);
    return v !== undefined && v >= LOW && v < HIGH ? this.uint32(Number(v)) : int64.call(this, value);
  };
  proto.sint64 = function (this: Int64Writer, value: Int64) {
    const v = asBigInt(value);
    const zigzag = v === undefined ? undefined : v >= 0n ? 2n * v : -2n * v - 1n;
    return zigzag !== undefined && zigzag >= LOW && zigzag < HIGH
      ? this.uint32(Number(zigzag))
      : sint64.call(this, value);
  };
  proto[PATCHED] = true;
}

export {};
