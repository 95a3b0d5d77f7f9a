import { describe, expect, it } from '@jest/globals';
import { sha256 } from '@noble/hashes/sha2.js';
import { MsgSend } from 'cosmjs-types/cosmos/bank/v1beta1/tx';
import { SignMode } from 'cosmjs-types/cosmos/tx/signing/v1beta1/signing';
import { AuthInfo, TxBody } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { decodeTx } from '../../../chain/tx/decode.js';
import {
  aminoSignBytes,
  directSignBytes,
  pubKeyFromSignerInfo,
  signBytesFor,
  signModeOf,
  signatureVerificationFailed,
} from '../../../chain/tx/signing.js';
import { SdkError } from '../../../chain/types/errors.js';
import { bankRegistry, hex, simpleTx, toHex, txRawBytes, verify } from './fixtures.js';

// Byte-exact vectors from shared/reference/cosmjs-signing-vectors.txt (CosmJS 0.39, simapp faucet key).
const V = {
  address: 'cosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6',
  to: 'cosmos1cjsxept9rkggzxztslae9ndgpdyt2408lk850u',
  pubkey: new Uint8Array(Buffer.from('A08EGB7ro1ORuFhjOnZcSgwYlpe0DSFjVNUIkNNQxwKQ', 'base64')),
  bodyBytes:
    '0a8d010a1c2f636f736d6f732e62616e6b2e763162657461312e4d736753656e64126d0a2d636f736d6f7331706b707472653766646b6c366766727a6c65736a6a766878686c63337234676d6d6b38727336122d636f736d6f7331636a737865707439726b67677a787a74736c6165396e646770647974323430386c6b383530751a0d0a0575636f736d120431323334120b7465737420766563746f72',
  authInfoBytes:
    '0a4e0a460a1f2f636f736d6f732e63727970746f2e736563703235366b312e5075624b657912230a21034f04181eeba35391b858633a765c4a0c189697b40d216354d50890d350c7029012040a02080112130a0d0a0575636f736d12043230303010c09a0c',
  signDoc:
    '0a9d010a8d010a1c2f636f736d6f732e62616e6b2e763162657461312e4d736753656e64126d0a2d636f736d6f7331706b707472653766646b6c366766727a6c65736a6a766878686c63337234676d6d6b38727336122d636f736d6f7331636a737865707439726b67677a787a74736c6165396e646770647974323430386c6b383530751a0d0a0575636f736d120431323334120b7465737420766563746f7212650a4e0a460a1f2f636f736d6f732e63727970746f2e736563703235366b312e5075624b657912230a21034f04181eeba35391b858633a765c4a0c189697b40d216354d50890d350c7029012040a02080112130a0d0a0575636f736d12043230303010c09a0c1a0c73696d642d74657374696e672001',
  signDocSha256: 'b8f41fdf92a1b0d20ff4e388528c604d0ff0f93469a74d7c6b95bb360ed5175e',
  signature:
    '65887c8763d4f1610cb70285682cd61412e6f66e0ac40f9a1157e4956d5c2af879003cdcc486805cde3dcde7bb03357a17a0db4cc5019dfed8ee2a5f0d4597eb',
  txRaw:
    '0a9d010a8d010a1c2f636f736d6f732e62616e6b2e763162657461312e4d736753656e64126d0a2d636f736d6f7331706b707472653766646b6c366766727a6c65736a6a766878686c63337234676d6d6b38727336122d636f736d6f7331636a737865707439726b67677a787a74736c6165396e646770647974323430386c6b383530751a0d0a0575636f736d120431323334120b7465737420766563746f7212650a4e0a460a1f2f636f736d6f732e63727970746f2e736563703235366b312e5075624b657912230a21034f04181eeba35391b858633a765c4a0c189697b40d216354d50890d350c7029012040a02080112130a0d0a0575636f736d12043230303010c09a0c1a4065887c8763d4f1610cb70285682cd61412e6f66e0ac40f9a1157e4956d5c2af879003cdcc486805cde3dcde7bb03357a17a0db4cc5019dfed8ee2a5f0d4597eb',
  txHash: 'EF9A72B7C50AF3DBCC2BF4B1DCD0C42CFEFA924707D6F1720FC547A3425241D5',
  aminoDoc:
    '{"account_number":"1","chain_id":"simd-testing","fee":{"amount":[{"amount":"2000","denom":"ucosm"}],"gas":"200000"},"memo":"a\\u0026b\\u003cc\\u003e","msgs":[{"type":"cosmos-sdk/MsgSend","value":{"amount":[{"amount":"1234","denom":"ucosm"}],"from_address":"cosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6","to_address":"cosmos1cjsxept9rkggzxztslae9ndgpdyt2408lk850u"}}],"sequence":"0"}',
  aminoSha256: '94dd1fcc986a52ffa1de47059db4571eedc4af81951d2851ca6d219a7ebcf1dd',
  aminoSignature:
    '0d93bc3cf4be080f2271a9c6088b18963c3d92afd2d180782b3ba9986bc7a3081bc7a33e0f7468f41fa0e9230fa9b519e861a01de88f780ae0366e96d99c2b09',
  aminoAuthInfoBytes:
    '0a4e0a460a1f2f636f736d6f732e63727970746f2e736563703235366b312e5075624b657912230a21034f04181eeba35391b858633a765c4a0c189697b40d216354d50890d350c7029012040a02087f12130a0d0a0575636f736d12043230303010c09a0c',
};

const registry = bankRegistry('cosmos');
const signer = { chainId: 'simd-testing', accountNumber: 1n, sequence: 0n };

function expectSdkError(fn: () => unknown, code: number, text?: string | RegExp): SdkError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SdkError);
    const e = err as SdkError;
    expect({ code: e.code, codespace: e.codespace }).toEqual({ code, codespace: 'sdk' });
    if (text !== undefined) expect(e.message).toMatch(text);
    return e;
  }
  throw new Error('expected an SdkError');
}

describe('SIGN_MODE_DIRECT vector', () => {
  const tx = decodeTx(hex(V.txRaw), { registry });

  it('decodes the CosmJS TxRaw keeping the received bytes and hashing them', () => {
    expect(toHex(tx.bodyBytes)).toBe(V.bodyBytes);
    expect(toHex(tx.authInfoBytes)).toBe(V.authInfoBytes);
    expect(toHex(tx.signatures[0]!)).toBe(V.signature);
    expect(tx.hashHex).toBe(V.txHash);
    expect(tx.signers).toEqual([V.address]);
    expect(tx.memo).toBe('test vector');
    expect(tx.fee).toEqual({ amount: [{ denom: 'ucosm', amount: 2000n }], gasLimit: 200000n, payer: '', granter: '' });
    expect(tx.msgs[0]!.msg).toEqual({
      fromAddress: V.address,
      toAddress: V.to,
      amount: [{ denom: 'ucosm', amount: '1234' }],
    });
  });

  it('rebuilds the SignDoc byte for byte and the signature verifies over it', () => {
    const bytes = directSignBytes({
      bodyBytes: tx.bodyBytes,
      authInfoBytes: tx.authInfoBytes,
      chainId: 'simd-testing',
      accountNumber: 1n,
    });
    expect(toHex(bytes)).toBe(V.signDoc);
    expect(toHex(sha256(bytes))).toBe(V.signDocSha256);
    expect(verify(tx.signatures[0]!, bytes, V.pubkey)).toBe(true);
    const viaTx = signBytesFor(tx, 0, signer, registry);
    expect(viaTx.mode).toBe(SignMode.SIGN_MODE_DIRECT);
    expect(toHex(viaTx.signBytes)).toBe(V.signDoc);
  });

  it('does not verify under another chain id or account number', () => {
    const other = directSignBytes({
      bodyBytes: tx.bodyBytes,
      authInfoBytes: tx.authInfoBytes,
      chainId: 'race-1',
      accountNumber: 1n,
    });
    expect(verify(tx.signatures[0]!, other, V.pubkey)).toBe(false);
    const acc2 = directSignBytes({
      bodyBytes: tx.bodyBytes,
      authInfoBytes: tx.authInfoBytes,
      chainId: 'simd-testing',
      accountNumber: 2n,
    });
    expect(verify(tx.signatures[0]!, acc2, V.pubkey)).toBe(false);
  });

  it('omits account_number 0 from the SignDoc (proto3 default)', () => {
    const zero = directSignBytes({
      bodyBytes: tx.bodyBytes,
      authInfoBytes: tx.authInfoBytes,
      chainId: 'simd-testing',
      accountNumber: 0n,
    });
    expect(toHex(zero)).toBe(V.signDoc.slice(0, -4));
  });

  it('extracts the 33-byte secp256k1 key from the signer info', () => {
    expect(toHex(pubKeyFromSignerInfo(tx.authInfo.signerInfos[0]!)!)).toBe(toHex(V.pubkey));
  });
});

describe('SIGN_MODE_LEGACY_AMINO_JSON vector', () => {
  const body = TxBody.encode(
    TxBody.fromPartial({
      messages: [
        {
          typeUrl: '/cosmos.bank.v1beta1.MsgSend',
          value: MsgSend.encode({
            fromAddress: V.address,
            toAddress: V.to,
            amount: [{ denom: 'ucosm', amount: '1234' }],
          }).finish(),
        },
      ],
      memo: 'a&b<c>',
    }),
  ).finish();
  const tx = decodeTx(txRawBytes(body, hex(V.aminoAuthInfoBytes), [hex(V.aminoSignature)]), { registry });

  it('rebuilds the StdSignDoc JSON byte for byte and the signature verifies over it', () => {
    const bytes = aminoSignBytes({ tx, registry, ...signer });
    expect(new TextDecoder().decode(bytes)).toBe(V.aminoDoc);
    expect(toHex(sha256(bytes))).toBe(V.aminoSha256);
    expect(verify(tx.signatures[0]!, bytes, V.pubkey)).toBe(true);
    const viaTx = signBytesFor(tx, 0, signer, registry);
    expect(viaTx.mode).toBe(SignMode.SIGN_MODE_LEGACY_AMINO_JSON);
    expect(toHex(viaTx.signBytes)).toBe(toHex(bytes));
  });

  it('signs over the sequence: a different sequence does not verify', () => {
    const bytes = aminoSignBytes({ tx, registry, ...signer, sequence: 1n });
    expect(verify(tx.signatures[0]!, bytes, V.pubkey)).toBe(false);
  });

  it('adds timeout_height, granter and payer only when set', () => {
    const { bytes } = simpleTx({ timeoutHeight: 77n, mode: SignMode.SIGN_MODE_LEGACY_AMINO_JSON });
    const json = JSON.parse(
      new TextDecoder().decode(
        aminoSignBytes({ tx: decodeTx(bytes, { registry: bankRegistry() }), registry: bankRegistry(), ...signer }),
      ),
    );
    expect(json.timeout_height).toBe('77');
    expect(Object.keys(json.fee).sort()).toEqual(['amount', 'gas']);
    expect(json.memo).toBe('');
  });

  it('refuses messages without amino support with code 18', () => {
    const reg = bankRegistry();
    reg.register({
      typeUrl: '/test.NoAmino',
      decode: () => ({}),
      encode: () => new Uint8Array(0),
      getSigners: () => ['x'],
    });
    const bodyBytes = TxBody.encode(
      TxBody.fromPartial({ messages: [{ typeUrl: '/test.NoAmino', value: new Uint8Array(0) }] }),
    ).finish();
    const t = decodeTx(txRawBytes(bodyBytes, new Uint8Array(0), []), { registry: reg });
    expectSdkError(
      () => aminoSignBytes({ tx: t, registry: reg, ...signer }),
      18,
      '/test.NoAmino does not support SIGN_MODE_LEGACY_AMINO_JSON',
    );
  });

  it('refuses extension options and unknown non-critical body fields with code 18', () => {
    const reg = bankRegistry();
    const withExt = decodeTx(
      simpleTx({ nonCriticalExtensionOptions: [{ typeUrl: '/x.Ext', value: new Uint8Array(0) }] }).bytes,
      { registry: reg },
    );
    expectSdkError(() => aminoSignBytes({ tx: withExt, registry: reg, ...signer }), 18, /extension options/);
    const { bodyBytes, authInfoBytes } = simpleTx();
    const nonCritical = new Uint8Array([...bodyBytes, 0xb2, 0x40, 0x01, 0x61]); // field 1030 (bit 1024 set), bytes "a"
    const t = decodeTx(txRawBytes(nonCritical, authInfoBytes, [new Uint8Array(64)]), { registry: reg });
    expect(t.bodyHasUnknownNonCriticals).toBe(true);
    expectSdkError(() => aminoSignBytes({ tx: t, registry: reg, ...signer }), 18, /non-critical fields/);
  });
});

describe('sign modes and public keys per signer', () => {
  const reg = bankRegistry();
  const decode = (b: Uint8Array) => decodeTx(b, { registry: reg });

  it('accepts DIRECT and LEGACY_AMINO_JSON only (code 4 otherwise)', () => {
    for (const mode of [
      SignMode.SIGN_MODE_UNSPECIFIED,
      SignMode.SIGN_MODE_TEXTUAL,
      SignMode.SIGN_MODE_DIRECT_AUX,
      SignMode.SIGN_MODE_EIP_191,
      999,
    ]) {
      const tx = decode(simpleTx({ mode }).bytes);
      expectSdkError(() => signModeOf(tx.authInfo.signerInfos[0]!), 4, /unsupported sign mode/);
      expectSdkError(() => signBytesFor(tx, 0, signer, reg), 4);
    }
  });

  it('refuses multisig mode info and missing mode info with code 4', () => {
    const multi = AuthInfo.encode(
      AuthInfo.fromPartial({
        signerInfos: [{ modeInfo: { multi: { modeInfos: [{ single: { mode: 1 } }] } } }],
        fee: {},
      }),
    ).finish();
    const { bodyBytes } = simpleTx();
    const tx = decode(txRawBytes(bodyBytes, multi, [new Uint8Array(64)]));
    expectSdkError(() => signModeOf(tx.authInfo.signerInfos[0]!), 4, /multisig/);
    const none = decode(
      txRawBytes(bodyBytes, AuthInfo.encode(AuthInfo.fromPartial({ signerInfos: [{}], fee: {} })).finish(), [
        new Uint8Array(64),
      ]),
    );
    expectSdkError(() => signModeOf(none.authInfo.signerInfos[0]!), 4);
  });

  it('returns undefined without a key, and code 8 for other key types or sizes', () => {
    expect(pubKeyFromSignerInfo({ sequence: 0n })).toBeUndefined();
    const pk = (typeUrl: string, value: Uint8Array) => ({ publicKey: { typeUrl, value }, sequence: 0n });
    expectSdkError(
      () => pubKeyFromSignerInfo(pk('/cosmos.crypto.ed25519.PubKey', new Uint8Array([10, 32, ...new Uint8Array(32)]))),
      8,
      /ED25519/,
    );
    expectSdkError(
      () =>
        pubKeyFromSignerInfo(
          pk('/cosmos.crypto.secp256k1.PubKey', new Uint8Array([10, 32, ...new Uint8Array(32).fill(2)])),
        ),
      8,
      /got 32/,
    );
    expectSdkError(
      () =>
        pubKeyFromSignerInfo(pk('/cosmos.crypto.secp256k1.PubKey', new Uint8Array([10, 33, 4, ...new Uint8Array(32)]))),
      8,
    );
    expectSdkError(
      () => pubKeyFromSignerInfo(pk('/cosmos.crypto.multisig.LegacyAminoPubKey', new Uint8Array(0))),
      8,
      /multisig/,
    );
    expectSdkError(
      () => pubKeyFromSignerInfo(pk('/cosmos.crypto.secp256r1.PubKey', new Uint8Array(0))),
      8,
      /unrecognized/,
    );
  });

  it('words signature failures as the SDK does', () => {
    expect(
      signatureVerificationFailed({ accountNumber: 3n, sequence: 4n, chainId: 'race-1', legacyAmino: false }).message,
    ).toBe('signature verification failed; please verify account number (3) and chain-id (race-1): unauthorized');
    const amino = signatureVerificationFailed({
      accountNumber: 3n,
      sequence: 4n,
      chainId: 'race-1',
      legacyAmino: true,
    });
    expect(amino.message).toBe(
      'signature verification failed; please verify account number (3), sequence (4) and chain-id (race-1): unauthorized',
    );
    expect(amino.code).toBe(4);
  });
});
