/** Txs built and signed by unmodified CosmJS 0.39 (offline client, prefix "race") decode and verify here. */
import { describe, expect, it } from '@jest/globals';
import { Secp256k1HdWallet, serializeSignDoc, makeSignDoc as makeAminoSignDoc } from '@cosmjs/amino';
import {
  DirectSecp256k1HdWallet,
  encodePubkey,
  makeAuthInfoBytes,
  makeSignBytes,
  makeSignDoc,
} from '@cosmjs/proto-signing';
import { AminoTypes, SigningStargateClient, createBankAminoConverters } from '@cosmjs/stargate';
import { encodeSecp256k1Pubkey } from '@cosmjs/amino';
import { MsgMultiSend, MsgSend } from 'cosmjs-types/cosmos/bank/v1beta1/tx';
import { SignMode } from 'cosmjs-types/cosmos/tx/signing/v1beta1/signing';
import { Tx, TxBody, TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { bankMsgMultiSendAmino, bankMsgSendAmino } from '../../../chain/tx/amino-bank.js';
import { sortedJsonStringify } from '../../../chain/tx/amino-json.js';
import { decodeTx } from '../../../chain/tx/decode.js';
import { aminoSignBytes, pubKeyFromSignerInfo, signBytesFor } from '../../../chain/tx/signing.js';
import { decodeSimulateTx, simulateRequestTxBytes, txSizeGas } from '../../../chain/tx/simulate.js';
import { validateTxBasic } from '../../../chain/tx/validate.js';
import { MNEMONIC, bankRegistry, testKey, verify } from './fixtures.js';

const registry = bankRegistry('race');
const chainId = 'race-devnet-1';
const signerData = { accountNumber: 7n, sequence: 3, chainId };
const fee = { amount: [{ denom: 'nicoin', amount: '2500' }], gas: '180000' };
const to = testKey(42).address;

async function directSetup() {
  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(MNEMONIC, { prefix: 'race' });
  const [account] = await wallet.getAccounts();
  const client = await SigningStargateClient.offline(wallet);
  return { wallet, account: account!, client };
}

function sendMsg(from: string, amount = '1234') {
  return {
    typeUrl: '/cosmos.bank.v1beta1.MsgSend',
    value: MsgSend.fromPartial({ fromAddress: from, toAddress: to, amount: [{ denom: 'nicoin', amount }] }),
  };
}

describe('SIGN_MODE_DIRECT txs from SigningStargateClient', () => {
  it('decodes, passes the stateless checks and verifies against our sign bytes', async () => {
    const { account, client } = await directSetup();
    const raw = await client.sign(account.address, [sendMsg(account.address)], fee, 'memo & <stuff>', signerData);
    const bytes = TxRaw.encode(raw).finish();
    const tx = decodeTx(bytes, { registry });
    validateTxBasic(tx, { registry, blockHeight: 5n });

    expect(tx.signers).toEqual([account.address]);
    expect(tx.memo).toBe('memo & <stuff>');
    expect(tx.fee).toEqual({ amount: [{ denom: 'nicoin', amount: 2500n }], gasLimit: 180000n, payer: '', granter: '' });
    expect(tx.authInfo.signerInfos[0]!.sequence).toBe(3n);
    const pub = pubKeyFromSignerInfo(tx.authInfo.signerInfos[0]!)!;
    expect(pub).toEqual(account.pubkey);

    const { mode, signBytes } = signBytesFor(tx, 0, { chainId, accountNumber: 7n, sequence: 3n }, registry);
    expect(mode).toBe(SignMode.SIGN_MODE_DIRECT);
    expect(signBytes).toEqual(makeSignBytes(makeSignDoc(raw.bodyBytes, raw.authInfoBytes, chainId, 7)));
    expect(verify(tx.signatures[0]!, signBytes, pub)).toBe(true);
    expect(
      verify(
        tx.signatures[0]!,
        signBytesFor(tx, 0, { chainId, accountNumber: 8n, sequence: 3n }, registry).signBytes,
        pub,
      ),
    ).toBe(false);
  });

  it('handles account number 0 (omitted in the SignDoc) and a timeout height', async () => {
    const { account, client } = await directSetup();
    const raw = await client.sign(
      account.address,
      [sendMsg(account.address)],
      fee,
      '',
      { ...signerData, accountNumber: 0n },
      99n,
    );
    const tx = decodeTx(TxRaw.encode(raw).finish(), { registry });
    expect(tx.timeoutHeight).toBe(99n);
    const { signBytes } = signBytesFor(tx, 0, { chainId, accountNumber: 0n, sequence: 3n }, registry);
    expect(verify(tx.signatures[0]!, signBytes, account.pubkey)).toBe(true);
    expect(() => validateTxBasic(tx, { registry, blockHeight: 100n })).toThrow('tx timeout height');
    expect(() => validateTxBasic(tx, { registry, blockHeight: 99n })).not.toThrow();
  });

  it('matches a tx assembled by hand with makeAuthInfoBytes/makeSignDoc', async () => {
    const { wallet, account } = await directSetup();
    const bodyBytes = TxBody.encode(
      TxBody.fromPartial({
        messages: [
          { typeUrl: '/cosmos.bank.v1beta1.MsgSend', value: MsgSend.encode(sendMsg(account.address).value).finish() },
        ],
        memo: 'hand',
      }),
    ).finish();
    const authInfoBytes = makeAuthInfoBytes(
      [{ pubkey: encodePubkey(encodeSecp256k1Pubkey(account.pubkey)), sequence: 0 }],
      fee.amount,
      180000,
      undefined,
      undefined,
    );
    const { signature } = await wallet.signDirect(account.address, makeSignDoc(bodyBytes, authInfoBytes, chainId, 1));
    const bytes = TxRaw.encode({
      bodyBytes,
      authInfoBytes,
      signatures: [Buffer.from(signature.signature, 'base64')],
    }).finish();
    const tx = decodeTx(bytes, { registry });
    const { signBytes } = signBytesFor(tx, 0, { chainId, accountNumber: 1n, sequence: 0n }, registry);
    expect(verify(tx.signatures[0]!, signBytes, account.pubkey)).toBe(true);
  });
});

describe('SIGN_MODE_LEGACY_AMINO_JSON txs from SigningStargateClient with an amino-only wallet', () => {
  it('decodes and verifies against our StdSignDoc bytes (special characters, timeout height)', async () => {
    const wallet = await Secp256k1HdWallet.fromMnemonic(MNEMONIC, { prefix: 'race' });
    const [account] = await wallet.getAccounts();
    const client = await SigningStargateClient.offline(wallet);
    const raw = await client.sign(
      account!.address,
      [sendMsg(account!.address, '77')],
      fee,
      'a&b<c>"d\'\u2603',
      signerData,
      1234n,
    );
    const tx = decodeTx(TxRaw.encode(raw).finish(), { registry });
    validateTxBasic(tx, { registry, blockHeight: 10n });
    const { mode, signBytes } = signBytesFor(tx, 0, { chainId, accountNumber: 7n, sequence: 3n }, registry);
    expect(mode).toBe(SignMode.SIGN_MODE_LEGACY_AMINO_JSON);

    const aminoTypes = new AminoTypes(createBankAminoConverters());
    const expected = makeAminoSignDoc(
      [aminoTypes.toAmino(sendMsg(account!.address, '77'))],
      fee,
      chainId,
      'a&b<c>"d\'\u2603',
      7,
      3,
      1234n,
    );
    expect(new TextDecoder().decode(signBytes)).toBe(new TextDecoder().decode(serializeSignDoc(expected)));
    expect(verify(tx.signatures[0]!, signBytes, account!.pubkey)).toBe(true);
    expect(
      verify(
        tx.signatures[0]!,
        aminoSignBytes({ tx, registry, chainId, accountNumber: 7n, sequence: 4n }),
        account!.pubkey,
      ),
    ).toBe(false);
  });
});

describe('bank amino converters', () => {
  const cosmjs = createBankAminoConverters();
  const [a, b] = [testKey(1).address, testKey(2).address];

  it('render MsgSend exactly as CosmJS', () => {
    const msg = MsgSend.fromPartial({
      fromAddress: a,
      toAddress: b,
      amount: [
        { denom: 'uicon', amount: '5' },
        { denom: 'nicoin', amount: '10' },
      ],
    });
    expect(sortedJsonStringify(bankMsgSendAmino.toAminoJson(msg))).toBe(
      sortedJsonStringify(cosmjs['/cosmos.bank.v1beta1.MsgSend']!.toAmino(msg)),
    );
    expect(bankMsgSendAmino.aminoName).toBe(cosmjs['/cosmos.bank.v1beta1.MsgSend']!.aminoType);
    const empty = MsgSend.fromPartial({ fromAddress: a, toAddress: b, amount: [] });
    expect(sortedJsonStringify(bankMsgSendAmino.toAminoJson(empty))).toBe(
      sortedJsonStringify(cosmjs['/cosmos.bank.v1beta1.MsgSend']!.toAmino(empty)),
    );
  });

  it('render MsgMultiSend exactly as CosmJS', () => {
    const msg = MsgMultiSend.fromPartial({
      inputs: [{ address: a, coins: [{ denom: 'nicoin', amount: '3' }] }],
      outputs: [
        { address: b, coins: [{ denom: 'nicoin', amount: '1' }] },
        { address: a, coins: [{ denom: 'nicoin', amount: '2' }] },
      ],
    });
    expect(sortedJsonStringify(bankMsgMultiSendAmino.toAminoJson(msg))).toBe(
      sortedJsonStringify(cosmjs['/cosmos.bank.v1beta1.MsgMultiSend']!.toAmino(msg)),
    );
    expect(bankMsgMultiSendAmino.aminoName).toBe('cosmos-sdk/MsgMultiSend');
  });
});

describe('Simulate as CosmJS sends it', () => {
  /** What @cosmjs/stargate's tx query extension sends to Service/Simulate. */
  function cosmjsSimulateTx(
    pubkey: Uint8Array,
    msgs: { typeUrl: string; value: Uint8Array }[],
    memo: string,
    sequence: bigint,
  ) {
    return Tx.fromPartial({
      authInfo: {
        fee: {},
        signerInfos: [
          {
            publicKey: encodePubkey(encodeSecp256k1Pubkey(pubkey)),
            sequence,
            modeInfo: { single: { mode: SignMode.SIGN_MODE_UNSPECIFIED } },
          },
        ],
      },
      body: { messages: msgs, memo },
      signatures: [new Uint8Array()],
    });
  }

  it('decodes with an empty signature and fee, passes the stateless checks, and its size gas bounds the signed tx', async () => {
    const { account, client } = await directSetup();
    const msg = sendMsg(account.address);
    const anyMsg = { typeUrl: msg.typeUrl, value: MsgSend.encode(msg.value).finish() };
    const simBytes = simulateRequestTxBytes({
      txBytes: Tx.encode(cosmjsSimulateTx(account.pubkey, [anyMsg], 'gas please', 3n)).finish(),
    });
    const sim = decodeSimulateTx(simBytes, { registry });
    expect(sim.skipSignatureVerification).toBe(true);
    expect(sim.tx.fee).toEqual({ amount: [], gasLimit: 0n, payer: '', granter: '' });
    expect(sim.tx.signatures).toEqual([new Uint8Array(0)]);
    validateTxBasic(sim.tx, { registry });

    const raw = await client.sign(
      account.address,
      [msg],
      { amount: [{ denom: 'nicoin', amount: '123456789' }], gas: '1234567' },
      'gas please',
      signerData,
    );
    const real = decodeTx(TxRaw.encode(raw).finish(), { registry });
    expect(txSizeGas(sim.tx, true)).toBeGreaterThanOrEqual(txSizeGas(real, false));
    expect(txSizeGas(sim.tx, true)).toBe(10n * BigInt(simBytes.length) + 1120n);
  });

  it('accepts the deprecated `tx` field of SimulateRequest as the same bytes', async () => {
    const { account } = await directSetup();
    const tx = cosmjsSimulateTx(
      account.pubkey,
      [{ typeUrl: '/cosmos.bank.v1beta1.MsgSend', value: MsgSend.encode(sendMsg(account.address).value).finish() }],
      '',
      0n,
    );
    expect(simulateRequestTxBytes({ tx, txBytes: new Uint8Array(0) })).toEqual(Tx.encode(tx).finish());
    expect(() => simulateRequestTxBytes({ txBytes: new Uint8Array(0) })).toThrow('empty txBytes is not allowed');
  });
});
