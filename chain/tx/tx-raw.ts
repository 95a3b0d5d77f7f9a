/**
 * TxRaw parsing under ADR-027, as the SDK's rejectNonADR027TxRaw + RejectUnknownFieldsStrict(TxRaw) do it:
 * only bytes fields, ascending field numbers, length prefixes as short as possible, no fields other than 1–3.
 * Stricter than the SDK where its check leaves room for malleability (the tx hash covers the raw bytes, so two
 * encodings of one signed tx would be two txs): tags must be minimal too, and body_bytes / auth_info_bytes may
 * appear only once.
 */
import { WireError, WireType, readTag, readVarint, wireTypeName } from './wire.js';

export interface TxRawParts {
  bodyBytes: Uint8Array;
  authInfoBytes: Uint8Array;
  signatures: Uint8Array[];
}

function varintMinLength(value: number): number {
  let n = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    n++;
  }
  return n;
}

/** Throws WireError with the SDK's wording where the SDK has one. Returned arrays are views into `bytes`. */
export function parseTxRaw(bytes: Uint8Array): TxRawParts {
  const fields: { num: number; wireType: number; value: Uint8Array }[] = [];
  let prev = 0;
  let pos = 0;
  while (pos < bytes.length) {
    const tag = readTag(bytes, pos);
    if (tag.wireType !== WireType.Bytes) {
      throw new WireError(`expected ${WireType.Bytes} wire type, got ${tag.wireType}`);
    }
    if (tag.fieldNumber < prev) {
      throw new WireError(`txRaw must follow ADR-027, got tagNum ${tag.fieldNumber} after tagNum ${prev}`);
    }
    if (tag.fieldNumber === prev && tag.fieldNumber !== 3) {
      throw new WireError(`txRaw must follow ADR-027, got tagNum ${tag.fieldNumber} twice`);
    }
    if (!tag.minimal) {
      throw new WireError(`tag varint for tagNum ${tag.fieldNumber} is not as short as possible`);
    }
    prev = tag.fieldNumber;
    const lenPos = pos + tag.length;
    const len = readVarint(bytes, lenPos);
    const need = varintMinLength(len.value);
    if (len.length !== need) {
      throw new WireError(
        `length prefix varint for tagNum ${tag.fieldNumber} is not as short as possible, read ${len.length}, only need ${need}`,
      );
    }
    const start = lenPos + len.length;
    if (len.value > bytes.length - start) throw new WireError(`invalid length; field ${tag.fieldNumber} is truncated`);
    fields.push({ num: tag.fieldNumber, wireType: tag.wireType, value: bytes.subarray(start, start + len.value) });
    pos = start + len.value;
  }

  const parts: TxRawParts = { bodyBytes: new Uint8Array(0), authInfoBytes: new Uint8Array(0), signatures: [] };
  for (const f of fields) {
    if (f.num === 1) parts.bodyBytes = f.value;
    else if (f.num === 2) parts.authInfoBytes = f.value;
    else if (f.num === 3) parts.signatures.push(f.value);
    else
      throw new WireError(`errUnknownField "*tx.TxRaw": {TagNum: ${f.num}, WireType: "${wireTypeName(f.wireType)}"}`);
  }
  return parts;
}
