import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MsgSend } from 'cosmjs-types/cosmos/bank/v1beta1/tx';
import { AuthInfo, TxBody } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { DEFAULT_MAX_TX_BYTES, type DecodedTx, decodeTx, txHashHex } from '../../../chain/tx/decode.js';
import { aminoSignBytes, pubKeyFromSignerInfo, signBytesFor } from '../../../chain/tx/signing.js';
import { type MessageSchema, anyOf } from '../../../chain/tx/schema.js';
import { MAX_UNPACK_ANY_RECURSION_DEPTH, MAX_UNPACK_ANY_SUB_CALLS } from '../../../chain/tx/unknown-fields.js';
import { validateTxBasic } from '../../../chain/tx/validate.js';
import { encodeVarint } from '../../../chain/tx/wire.js';
import { SdkError } from '../../../chain/types/errors.js';
import {
  anyBytes,
  bankRegistry,
  concat,
  lenField,
  simpleTx,
  testKey,
  txRawBytes,
  utf8,
  varintField,
} from './fixtures.js';

const registry = bankRegistry();
const decode = (b: Uint8Array, maxTxBytes?: number) => decodeTx(b, { registry, maxTxBytes });

function sdkErrorOf(fn: () => unknown): SdkError | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof SdkError) return err;
    throw err;
  }
}

function expectCode(fn: () => unknown, code: number, text?: string | RegExp): void {
  const err = sdkErrorOf(fn);
  expect(err).toBeDefined();
  expect(err!.code).toBe(code);
  expect(err!.codespace).toBe('sdk');
  if (text !== undefined) expect(err!.message).toMatch(text);
}

describe('decodeTx: well-formed input', () => {
  it('keeps the exact bytes, hashes them and lists signers', () => {
    const { bytes, bodyBytes, authInfoBytes } = simpleTx({ memo: 'hi' });
    const tx = decode(bytes);
    expect(tx.bytes).toEqual(bytes);
    expect(tx.bodyBytes).toEqual(bodyBytes);
    expect(tx.authInfoBytes).toEqual(authInfoBytes);
    expect(tx.hashHex).toBe(txHashHex(bytes));
    expect(tx.hashHex).toMatch(/^[0-9A-F]{64}$/);
    expect(tx.memo).toBe('hi');
    expect(tx.signers).toEqual([testKey(1).address]);
  });

  it('copies the input so later mutation of the caller buffer cannot change the decoded tx', () => {
    const { bytes } = simpleTx();
    const copy = new Uint8Array(bytes);
    const tx = decode(copy);
    copy.fill(0);
    expect(tx.bytes).toEqual(bytes);
    expect(tx.bodyBytes.length).toBeGreaterThan(0);
    expect(tx.bodyBytes[0]).not.toBe(0);
  });

  it('orders signers by first appearance, without duplicates, fee payer last', () => {
    const [a, b] = [testKey(1).address, testKey(2).address];
    const tx = decode(simpleTx({ from: [b, a, b] }).bytes);
    expect(tx.signers).toEqual([b, a]);
    const payer = testKey(3).address;
    const withPayer = registry.txSigners(tx.msgs, payer);
    expect(withPayer).toEqual([b, a, payer]);
    expect(registry.txSigners(tx.msgs, a)).toEqual([b, a]);
  });

  it('decodes a MsgMultiSend with all input addresses as signers', () => {
    const [a, b] = [testKey(1).address, testKey(2).address];
    const value = registry.encodeAsAny('/cosmos.bank.v1beta1.MsgMultiSend', {
      inputs: [
        { address: a, coins: [{ denom: 'nicoin', amount: '1' }] },
        { address: b, coins: [{ denom: 'nicoin', amount: '1' }] },
      ],
      outputs: [{ address: a, coins: [{ denom: 'nicoin', amount: '2' }] }],
    });
    const body = TxBody.encode(TxBody.fromPartial({ messages: [value] })).finish();
    expect(decode(txRawBytes(body, new Uint8Array(0), [])).signers).toEqual([a, b]);
  });
});

describe('decodeTx: size', () => {
  it('rejects a tx over the limit with code 21 before parsing it', () => {
    expectCode(() => decode(new Uint8Array(DEFAULT_MAX_TX_BYTES + 1)), 21, /tx too large/);
    const { bytes } = simpleTx();
    expectCode(() => decode(bytes, bytes.length - 1), 21, `Max size is ${bytes.length - 1}, but got ${bytes.length}`);
    expect(decode(bytes, bytes.length).hashHex).toHaveLength(64);
  });

  it('rejects empty input with code 2', () => {
    expectCode(() => decode(new Uint8Array(0)), 2, 'tx bytes are empty: tx parse error');
  });
});

describe('decodeTx: ADR-027 canonical TxRaw', () => {
  const { bodyBytes, authInfoBytes } = simpleTx();
  const sig = new Uint8Array(64).fill(7);

  it('rejects reordered fields', () => {
    const reordered = concat(lenField(2, authInfoBytes), lenField(1, bodyBytes), lenField(3, sig));
    expectCode(() => decode(reordered), 2, 'txRaw must follow ADR-027, got tagNum 1 after tagNum 2: tx parse error');
    const sigFirst = concat(lenField(3, sig), lenField(1, bodyBytes), lenField(2, authInfoBytes));
    expectCode(() => decode(sigFirst), 2, /ADR-027/);
  });

  it('rejects a duplicated body or auth info field but accepts several signatures', () => {
    expectCode(
      () => decode(concat(lenField(1, bodyBytes), lenField(1, bodyBytes), lenField(2, authInfoBytes))),
      2,
      /tagNum 1 twice/,
    );
    expectCode(
      () => decode(concat(lenField(1, bodyBytes), lenField(2, authInfoBytes), lenField(2, authInfoBytes))),
      2,
      /ADR-027/,
    );
    const two = decode(concat(lenField(1, bodyBytes), lenField(2, authInfoBytes), lenField(3, sig), lenField(3, sig)));
    expect(two.signatures).toHaveLength(2);
  });

  it('rejects non-minimal length prefixes and tags', () => {
    // the same value with one more, empty, continuation byte
    const padVarint = (v: Uint8Array) => concat(v.subarray(0, -1), new Uint8Array([v[v.length - 1]! | 0x80, 0x00]));
    const len = encodeVarint(bodyBytes.length);
    const padded = concat(new Uint8Array([0x0a]), padVarint(len), bodyBytes, lenField(2, authInfoBytes));
    expectCode(
      () => decode(padded),
      2,
      `length prefix varint for tagNum 1 is not as short as possible, read ${len.length + 1}, only need ${len.length}`,
    );
    const longTag = concat(padVarint(new Uint8Array([0x0a])), len, bodyBytes, lenField(2, authInfoBytes));
    expectCode(() => decode(longTag), 2, /tag varint for tagNum 1 is not as short as possible/);
  });

  it('rejects non-bytes wire types and unknown TxRaw fields', () => {
    expectCode(() => decode(concat(lenField(1, bodyBytes), varintField(2, 5))), 2, 'expected 2 wire type, got 0');
    expectCode(
      () => decode(concat(lenField(1, bodyBytes), lenField(4, utf8('x')))),
      2,
      'errUnknownField "*tx.TxRaw": {TagNum: 4, WireType: "bytes"}',
    );
  });

  it('accepts the canonical encoding of the same content', () => {
    expect(decode(txRawBytes(bodyBytes, authInfoBytes, [sig])).signatures[0]).toEqual(sig);
  });
});

describe('decodeTx: unknown fields', () => {
  const { bodyBytes, authInfoBytes } = simpleTx();
  const sigs = [new Uint8Array(64)];

  it('rejects a critical unknown field in TxBody with the SDK text', () => {
    const body = concat(bodyBytes, lenField(12, utf8('x')));
    expectCode(
      () => decode(txRawBytes(body, authInfoBytes, sigs)),
      2,
      'errUnknownField "*tx.TxBody": {TagNum: 12, WireType: "bytes"}: tx parse error',
    );
  });

  it('allows a non-critical unknown field (bit 1024) in TxBody and flags it', () => {
    const tx = decode(txRawBytes(concat(bodyBytes, varintField(1025, 1)), authInfoBytes, sigs));
    expect(tx.bodyHasUnknownNonCriticals).toBe(true);
    expect(decode(txRawBytes(bodyBytes, authInfoBytes, sigs)).bodyHasUnknownNonCriticals).toBe(false);
  });

  it('allows non-critical unknown fields inside messages of the body too, as the SDK does', () => {
    const msg = concat(
      MsgSend.encode({ fromAddress: testKey(1).address, toAddress: testKey(2).address, amount: [] }).finish(),
      varintField(1030, 3),
    );
    const body = TxBody.encode(
      TxBody.fromPartial({ messages: [{ typeUrl: '/cosmos.bank.v1beta1.MsgSend', value: msg }] }),
    ).finish();
    expect(decode(txRawBytes(body, authInfoBytes, sigs)).bodyHasUnknownNonCriticals).toBe(true);
  });

  it('rejects any unknown field in AuthInfo, critical or not', () => {
    expectCode(
      () => decode(txRawBytes(bodyBytes, concat(authInfoBytes, varintField(9, 1)), sigs)),
      2,
      /errUnknownField "\*tx.AuthInfo": \{TagNum: 9, WireType: "varint"\}/,
    );
    expectCode(
      () => decode(txRawBytes(bodyBytes, concat(authInfoBytes, varintField(1025, 1)), sigs)),
      2,
      /\*tx.AuthInfo/,
    );
  });

  it('rejects unknown fields in nested messages: a Msg, a Coin of the fee, a public key', () => {
    const msg = concat(
      MsgSend.encode({ fromAddress: testKey(1).address, toAddress: testKey(2).address, amount: [] }).finish(),
      lenField(7, utf8('x')),
    );
    const body = TxBody.encode(
      TxBody.fromPartial({ messages: [{ typeUrl: '/cosmos.bank.v1beta1.MsgSend', value: msg }] }),
    ).finish();
    expectCode(
      () => decode(txRawBytes(body, authInfoBytes, sigs)),
      2,
      /errUnknownField "\*types.MsgSend": \{TagNum: 7/,
    );

    const coinWithExtra = concat(lenField(1, utf8('nicoin')), lenField(2, utf8('5')), varintField(3, 1));
    const feeWithBadCoin = lenField(2, lenField(1, coinWithExtra)); // AuthInfo{fee{amount:[coin]}}
    expectCode(() => decode(txRawBytes(bodyBytes, feeWithBadCoin, sigs)), 2, /\*types.Coin/);

    const pk = anyBytes(
      '/cosmos.crypto.secp256k1.PubKey',
      concat(lenField(1, new Uint8Array(33).fill(2)), varintField(2, 1)),
    );
    const auth = lenField(1, lenField(1, pk));
    expectCode(() => decode(txRawBytes(bodyBytes, auth, sigs)), 2, /\*secp256k1.PubKey/);
  });

  it('rejects a known field sent with the wrong wire type', () => {
    const body = concat(bodyBytes, varintField(2, 5)); // memo as a varint
    expectCode(
      () => decode(txRawBytes(body, authInfoBytes, sigs)),
      2,
      /Mismatched "\*tx.TxBody": \{TagNum: 2, GotWireType: "varint" != WantWireType: "bytes"\}/,
    );
  });

  it('rejects invalid UTF-8 in strings rather than decoding it to replacement characters', () => {
    const body = lenField(2, new Uint8Array([0x61, 0xff, 0x62]));
    expectCode(() => decode(txRawBytes(body, authInfoBytes, sigs)), 2, /invalid UTF-8/);
  });

  it('rejects a singular field sent twice (JS and Go would read it differently)', () => {
    const body = concat(bodyBytes, lenField(2, utf8('a')), lenField(2, utf8('b')));
    expectCode(() => decode(txRawBytes(body, authInfoBytes, sigs)), 2, /appears more than once/);
  });

  it('rejects unknown type URLs with the SDK text', () => {
    const body = lenField(1, anyBytes('/foo.v1.MsgBar', new Uint8Array(0)));
    expectCode(
      () => decode(txRawBytes(body, authInfoBytes, sigs)),
      2,
      'unable to resolve type URL /foo.v1.MsgBar: tx parse error',
    );
    const pubkeyAsMsg = lenField(1, anyBytes('/cosmos.crypto.secp256k1.PubKey', new Uint8Array(0)));
    expectCode(() => decode(txRawBytes(pubkeyAsMsg, authInfoBytes, sigs)), 2, /unable to resolve type URL/);
    const msgAsPubkey = lenField(1, lenField(1, anyBytes('/cosmos.bank.v1beta1.MsgSend', new Uint8Array(0))));
    expectCode(() => decode(txRawBytes(bodyBytes, msgAsPubkey, sigs)), 2, /unable to resolve type URL \/cosmos.bank/);
  });

  it('requires a canonical payload for types registered without a field table', () => {
    const reg = bankRegistry();
    reg.register<{ n: bigint }>({
      typeUrl: '/test.Plain',
      decode: (b) => ({ n: b.length === 0 ? 0n : BigInt(b[1]!) }),
      encode: (m) => (m.n === 0n ? new Uint8Array(0) : new Uint8Array([8, Number(m.n)])),
      getSigners: () => [testKey(1).address],
    });
    const ok = lenField(1, anyBytes('/test.Plain', new Uint8Array([8, 5])));
    expect(decodeTx(txRawBytes(ok, authInfoBytes, sigs), { registry: reg }).msgs[0]!.msg).toEqual({ n: 5n });
    const extra = lenField(1, anyBytes('/test.Plain', new Uint8Array([8, 5, 16, 1])));
    expectCode(
      () => decodeTx(txRawBytes(extra, authInfoBytes, sigs), { registry: reg }),
      2,
      /unknown fields or a non-canonical encoding/,
    );
  });
});

describe('decodeTx: Any nesting limits', () => {
  const signer = testKey(1).address;
  const WrapSchema: MessageSchema = { fullName: 'test.Wrap', fields: { 1: anyOf('any', true) } };
  const reg = bankRegistry();
  reg.register<Uint8Array>({
    typeUrl: '/test.Wrap',
    decode: (b) => b,
    encode: (b) => b,
    getSigners: () => [signer],
    schema: WrapSchema,
  });
  const { authInfoBytes } = simpleTx();

  const nested = (levels: number): Uint8Array => {
    let inner: Uint8Array = new Uint8Array(0);
    for (let i = 1; i < levels; i++) inner = lenField(1, anyBytes('/test.Wrap', inner));
    return lenField(1, anyBytes('/test.Wrap', inner));
  };
  const txWithBody = (body: Uint8Array) => txRawBytes(body, authInfoBytes, [new Uint8Array(64)]);

  it(`accepts ${MAX_UNPACK_ANY_RECURSION_DEPTH} nested Anys and rejects one more`, () => {
    expect(decodeTx(txWithBody(nested(MAX_UNPACK_ANY_RECURSION_DEPTH)), { registry: reg }).msgs).toHaveLength(1);
    expectCode(
      () => decodeTx(txWithBody(nested(MAX_UNPACK_ANY_RECURSION_DEPTH + 1)), { registry: reg }),
      2,
      /max depth exceeded/,
    );
  });

  it('rejects deep nesting far beyond the limit without exhausting the stack', () => {
    expectCode(() => decodeTx(txWithBody(nested(1000)), { registry: reg }), 2, /max depth exceeded|nesting/);
  });

  it(`allows ${MAX_UNPACK_ANY_SUB_CALLS} Any unpacks under one message and rejects more`, () => {
    const fanOut = (n: number) =>
      lenField(
        1,
        anyBytes(
          '/test.Wrap',
          concat(...Array.from({ length: n }, () => lenField(1, anyBytes('/test.Wrap', new Uint8Array(0))))),
        ),
      );
    expect(decodeTx(txWithBody(fanOut(MAX_UNPACK_ANY_SUB_CALLS - 1)), { registry: reg }).msgs).toHaveLength(1);
    expectCode(
      () => decodeTx(txWithBody(fanOut(MAX_UNPACK_ANY_SUB_CALLS)), { registry: reg }),
      2,
      /call limit exceeded/,
    );
  });

  it('counts the limits per top-level message, as the SDK does', () => {
    const many = concat(...Array.from({ length: 3 }, () => nested(MAX_UNPACK_ANY_RECURSION_DEPTH)));
    expect(decodeTx(txWithBody(many), { registry: reg }).msgs).toHaveLength(3);
  });

  it('caps plain message nesting (ModeInfo.Multi recursion)', () => {
    let mode = lenField(1, varintField(1, 1)); // ModeInfo{single{mode=DIRECT}}
    for (let i = 0; i < 2000; i++) mode = lenField(2, lenField(2, mode)); // ModeInfo{multi{mode_infos:[mode]}}
    const auth = lenField(1, lenField(2, mode));
    expectCode(
      () => decodeTx(txRawBytes(nested(1), auth, [new Uint8Array(64)]), { registry: reg }),
      2,
      /nesting exceeds/,
    );
  });
});

describe('decodeTx: malformed input never escapes as anything but an SdkError', () => {
  const { bytes } = simpleTx({ memo: 'fuzz', from: [testKey(1).address, testKey(2).address] });

  it('rejects every truncation of a valid tx (decode or the stateless checks)', () => {
    for (let n = 1; n < bytes.length; n++) {
      const err = sdkErrorOf(() => validateTxBasic(decode(bytes.subarray(0, n)), { registry }));
      expect(err).toBeInstanceOf(SdkError);
      expect(err!.code).toBeGreaterThan(1);
    }
  });

  it('random bytes give a tx or an SdkError with a code', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (input) => {
        const err = sdkErrorOf(() => decode(input));
        if (err) expect(err.code).toBeGreaterThan(1);
      }),
      { numRuns: 3000 },
    );
  });

  it('random mutations of a valid tx give a tx or an SdkError with a code', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        (edits) => {
          const mutated = new Uint8Array(bytes);
          for (const [i, v] of edits) mutated[i] = v;
          let tx: DecodedTx | undefined;
          const err = sdkErrorOf(() => (tx = decode(mutated)));
          if (err) expect(err.code).toBeGreaterThan(1);
          if (!tx) return;
          // whatever decodes must also go through the later stages with SdkErrors only
          const signer = { chainId: 'race-1', accountNumber: 1n, sequence: 0n };
          for (const stage of [
            () => validateTxBasic(tx!, { registry }),
            () => signBytesFor(tx!, 0, signer, registry),
            () => aminoSignBytes({ tx: tx!, registry, ...signer }),
            () => tx!.authInfo.signerInfos.forEach((i) => pubKeyFromSignerInfo(i)),
          ]) {
            const stageErr = sdkErrorOf(stage);
            if (stageErr) expect(stageErr.code).toBeGreaterThan(1);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('rejects fee amounts that are not decimal integers or exceed 256 bits', () => {
    const { bodyBytes } = simpleTx();
    for (const amount of ['abc', '0x10', '1_000', '', (1n << 257n).toString()]) {
      const auth = AuthInfo.encode(
        AuthInfo.fromPartial({ fee: { amount: [{ denom: 'nicoin', amount }], gasLimit: 1n } }),
      ).finish();
      expectCode(() => decode(txRawBytes(bodyBytes, auth, [new Uint8Array(64)])), 2, /coin amount/);
    }
  });
});
