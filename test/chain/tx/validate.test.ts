import { describe, expect, it } from '@jest/globals';
import { AuthInfo, Fee } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { decodeTx } from '../../../chain/tx/decode.js';
import { MSG_SEND_TYPE_URL } from '../../../chain/tx/amino-bank.js';
import { MsgRegistry } from '../../../chain/tx/registry.js';
import { validateTxBasic } from '../../../chain/tx/validate.js';
import { Errors, SdkError } from '../../../chain/types/errors.js';
import { bankRegistry, lenField, simpleTx, testKey, txRawBytes, utf8, varintField, concat } from './fixtures.js';

const registry = bankRegistry();
const check = (bytes: Uint8Array, extra: Partial<Parameters<typeof validateTxBasic>[1]> = {}) =>
  validateTxBasic(decodeTx(bytes, { registry }), { registry, ...extra });

function expectCode(fn: () => unknown, code: number, text?: string | RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SdkError);
    expect((err as SdkError).code).toBe(code);
    if (text !== undefined) expect((err as SdkError).message).toMatch(text);
    return;
  }
  throw new Error(`expected code ${code}`);
}

describe('validateTxBasic', () => {
  it('accepts a plain signed MsgSend', () => {
    expect(() => check(simpleTx().bytes)).not.toThrow();
  });

  it('no messages → 18', () => {
    const { authInfoBytes } = simpleTx();
    expectCode(
      () => check(txRawBytes(new Uint8Array(0), authInfoBytes, [new Uint8Array(64)])),
      18,
      'must contain at least one message: invalid request',
    );
  });

  it("runs each message's ValidateBasic first", () => {
    const reg = bankRegistry();
    reg.register({
      typeUrl: '/test.Picky',
      decode: () => ({}),
      encode: () => new Uint8Array(0),
      getSigners: () => [testKey(1).address],
      validateBasic: () => {
        throw Errors.InvalidCoins.wrap('nope');
      },
    });
    const body = lenField(1, concat(lenField(1, utf8('/test.Picky')), lenField(2, new Uint8Array(0))));
    const tx = decodeTx(txRawBytes(body, new Uint8Array(0), []), { registry: reg });
    expectCode(() => validateTxBasic(tx, { registry: reg }), 10, 'nope: invalid coins');
  });

  it('critical extension options → 31, non-critical ones ignored', () => {
    expectCode(
      () => check(simpleTx({ extensionOptions: [{ typeUrl: '/x.Ext', value: new Uint8Array(0) }] }).bytes),
      31,
      'unknown extension options',
    );
    expect(() =>
      check(simpleTx({ nonCriticalExtensionOptions: [{ typeUrl: '/x.Ext', value: new Uint8Array(0) }] }).bytes),
    ).not.toThrow();
  });

  it('missing fee → 18; gas over int64 → 18; negative fee → 13', () => {
    const { bodyBytes } = simpleTx();
    const noFee = AuthInfo.encode(
      AuthInfo.fromPartial({ signerInfos: [{ modeInfo: { single: { mode: 1 } } }] }),
    ).finish();
    expectCode(() => check(txRawBytes(bodyBytes, noFee, [new Uint8Array(64)])), 18, /missing fee/);
    expectCode(() => check(simpleTx({ gasLimit: 1n << 63n }).bytes), 18, /invalid gas supplied/);
    expectCode(
      () => check(simpleTx({ feeAmount: [{ denom: 'nicoin', amount: '-5' }] }).bytes),
      13,
      'invalid fee provided: -5nicoin: insufficient fee',
    );
  });

  it('invalid fee payer → 7; a granter without fee grants → 18', () => {
    const { bodyBytes } = simpleTx();
    const withFee = (fee: Partial<Fee>) =>
      txRawBytes(
        bodyBytes,
        AuthInfo.encode(AuthInfo.fromPartial({ signerInfos: [{ modeInfo: { single: { mode: 1 } } }], fee })).finish(),
        [new Uint8Array(64), new Uint8Array(64)],
      );
    expectCode(
      () => check(withFee({ payer: 'cosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6' })),
      7,
      /Invalid fee payer address \(invalid Bech32 prefix/,
    );
    const single = txRawBytes(
      bodyBytes,
      AuthInfo.encode(
        AuthInfo.fromPartial({
          signerInfos: [{ modeInfo: { single: { mode: 1 } } }],
          fee: { granter: testKey(5).address },
        }),
      ).finish(),
      [new Uint8Array(64)],
    );
    expectCode(() => check(single), 18, 'fee grants are not enabled');
    expect(() => check(single, { feeGrantsEnabled: true })).not.toThrow();
  });

  it('no signatures → 15; signature count ≠ signer count → 4', () => {
    expectCode(() => check(simpleTx({ signatures: [] }).bytes), 15, 'no signatures supplied');
    expectCode(
      () => check(simpleTx({ signatures: [new Uint8Array(64), new Uint8Array(64)] }).bytes),
      4,
      'wrong number of signers; expected 1, got 2',
    );
    const two = simpleTx({
      from: [testKey(1).address, testKey(2).address],
      signerPubkeys: [testKey(1).pub],
      signatures: [new Uint8Array(64), new Uint8Array(64)],
    });
    expectCode(() => check(two.bytes), 4, /signer infos/);
  });

  it('timeout height → 30 only once the block is past it', () => {
    const { bytes } = simpleTx({ timeoutHeight: 10n });
    expect(() => check(bytes, { blockHeight: 10n })).not.toThrow();
    expectCode(
      () => check(bytes, { blockHeight: 11n }),
      30,
      'tx has timed out; timeout height: 10, current height: 11: tx timeout height',
    );
  });

  it('memo over 256 bytes → 12 (bytes, as Go counts them)', () => {
    expect(() => check(simpleTx({ memo: 'x'.repeat(256) }).bytes)).not.toThrow();
    expectCode(
      () => check(simpleTx({ memo: 'x'.repeat(257) }).bytes),
      12,
      'maximum number of characters is 256 but received 257 characters: memo too large',
    );
    expectCode(() => check(simpleTx({ memo: 'é'.repeat(129) }).bytes), 12, /received 258 characters/);
  });

  it('more than 7 signatures → 14', () => {
    const keys = Array.from({ length: 8 }, (_, i) => testKey(i + 1));
    const from = keys.map((k) => k.address);
    expectCode(
      () => check(simpleTx({ from }).bytes),
      14,
      'signatures: 8, limit: 7: maximum number of signatures exceeded',
    );
    expect(() => check(simpleTx({ from: from.slice(0, 7) }).bytes)).not.toThrow();
  });

  it('unordered txs, timeout timestamps and tips are refused as not supported (37)', () => {
    const { bodyBytes, authInfoBytes } = simpleTx();
    const sigs = [new Uint8Array(64)];
    expectCode(() => check(txRawBytes(concat(bodyBytes, varintField(4, 1)), authInfoBytes, sigs)), 37, /unordered/);
    expectCode(
      () => check(txRawBytes(concat(bodyBytes, lenField(5, varintField(1, 5))), authInfoBytes, sigs)),
      37,
      /timeout_timestamp/,
    );
    expectCode(
      () => check(txRawBytes(bodyBytes, concat(authInfoBytes, lenField(3, lenField(2, utf8('t')))), sigs)),
      37,
      /tips/,
    );
  });
});

describe('MsgRegistry', () => {
  it('refuses double registration and type URLs without a leading slash', () => {
    const reg = bankRegistry();
    expect(() =>
      reg.register({
        typeUrl: MSG_SEND_TYPE_URL,
        decode: () => ({}),
        encode: () => new Uint8Array(0),
        getSigners: () => [],
      }),
    ).toThrow(/already registered/);
    expect(() =>
      new MsgRegistry().register({
        typeUrl: 'x.Y',
        decode: () => ({}),
        encode: () => new Uint8Array(0),
        getSigners: () => [],
      }),
    ).toThrow(/must start/);
  });

  it('decodeAny: unknown type → code 2 with the SDK text; a throwing decoder → code 2', () => {
    const reg = bankRegistry();
    expectCode(
      () => reg.decodeAny({ typeUrl: '/nope.Msg', value: new Uint8Array(0) }),
      2,
      'unable to resolve type URL /nope.Msg: tx parse error',
    );
    reg.register({
      typeUrl: '/test.Broken',
      decode: () => {
        throw new RangeError('bad');
      },
      encode: () => new Uint8Array(0),
      getSigners: () => [],
    });
    expectCode(() => reg.decodeAny({ typeUrl: '/test.Broken', value: new Uint8Array(0) }), 2, /bad/);
  });

  it('round-trips a registered message through encodeAsAny/decodeAny and lists type URLs', () => {
    const reg = bankRegistry();
    const msg = {
      fromAddress: testKey(1).address,
      toAddress: testKey(2).address,
      amount: [{ denom: 'nicoin', amount: '9' }],
    };
    expect(reg.decodeAny(reg.encodeAsAny(MSG_SEND_TYPE_URL, msg)).msg).toEqual(msg);
    expect(reg.typeUrls()).toEqual(['/cosmos.bank.v1beta1.MsgMultiSend', '/cosmos.bank.v1beta1.MsgSend']);
  });

  it('a message declaring no signers is refused', () => {
    const reg = bankRegistry();
    reg.register({
      typeUrl: '/test.Nobody',
      decode: () => ({}),
      encode: () => new Uint8Array(0),
      getSigners: () => [],
    });
    expectCode(() => reg.signersOf('/test.Nobody', {}), 18, /declares no signers/);
  });
});
